import { Cron } from 'croner';

/** When a cron schedule next falls, in a time zone: croner reads the pattern and the zone's rules (summer time). */
export interface Schedule {
  /** The first time after `after` (ms), in `timeZone` (IANA; UTC when absent). */
  next(after: number, timeZone?: string): number;
}

/**
 * A cron pattern (5 fields, or 6 with seconds) as a schedule; throws on one croner cannot read, so a bad setting
 * stops the start with its reason rather than a watch that never runs.
 */
export function cronSchedule(pattern: string): Schedule {
  // Read once here, so that the error names the pattern; each `next` then builds it in the zone asked for.
  new Cron(pattern, { paused: true });
  return {
    next(after, timeZone) {
      const zone = knownTimeZone(timeZone) ?? 'UTC';
      const next = new Cron(pattern, { paused: true, timezone: zone }).nextRun(new Date(after));
      if (!next) throw new Error(`the schedule "${pattern}" never falls again`);
      return next.getTime();
    },
  };
}

/** `timeZone` when this runtime knows it (a client may send anything), else undefined. */
export function knownTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone || timeZone.length > 64) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}
