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
  if (!new Cron(pattern, { paused: true }).nextRun())
    throw new Error(`the schedule "${pattern}" never falls`);
  return {
    next(after, timeZone) {
      const zone = knownTimeZone(timeZone) ?? 'UTC';
      const next = new Cron(pattern, { paused: true, timezone: zone }).nextRun(new Date(after));
      if (!next) throw new Error(`the schedule "${pattern}" never falls again`);
      return next.getTime();
    },
  };
}

/** Canonical IANA names, checked without building a formatter; aliases still go the slow way. */
const CANONICAL_TIME_ZONES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('timeZone'));

/**
 * `timeZone` as this runtime names it (an alias resolved: "US/Eastern" → "America/New_York"), or undefined when it
 * does not know it (a client may send anything; IANA names have 32 characters at most).
 */
export function knownTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone || timeZone.length > 64) return undefined;
  if (CANONICAL_TIME_ZONES.has(timeZone)) return timeZone;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The shortest time between two of the pattern's next few times: how often it runs at most. */
export function shortestGapMs(pattern: string): number {
  const times = new Cron(pattern, { paused: true }).nextRuns(6).map((time) => time.getTime());
  return Math.min(...times.slice(1).map((time, i) => time - times[i]!));
}
