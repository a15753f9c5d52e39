import { cronSchedule, knownTimeZone } from '../src/schedule';

const at = (iso: string) => Date.parse(iso);

describe('a watch schedule', () => {
  const mondays = cronSchedule('0 9 * * 1');

  it('falls next on Monday at 09:00 in the subscriber’s own time zone', () => {
    // Sunday 6 December 2026, 20:00 UTC.
    const sunday = at('2026-12-06T20:00:00Z');
    expect(mondays.next(sunday, 'Europe/Paris')).toBe(at('2026-12-07T08:00:00Z'));
    expect(mondays.next(sunday, 'America/New_York')).toBe(at('2026-12-07T14:00:00Z'));
    // Already Monday 07:00 in Sydney: its 09:00 is two hours away.
    expect(mondays.next(sunday, 'Australia/Sydney')).toBe(at('2026-12-06T22:00:00Z'));
  });

  it('keeps 09:00 across a change to summer time', () => {
    // Paris goes to summer time on Sunday 28 March 2027: 09:00 is then 07:00 UTC.
    expect(mondays.next(at('2027-03-23T12:00:00Z'), 'Europe/Paris')).toBe(at('2027-03-29T07:00:00Z'));
  });

  it('is counted from the moment given, so a week of missed runs gives one next time, not a backlog', () => {
    const weeksLate = at('2026-12-30T10:00:00Z');
    expect(mondays.next(weeksLate, 'UTC')).toBe(at('2027-01-04T09:00:00Z'));
  });

  it('uses UTC when the client said no zone, or one this runtime does not know', () => {
    const sunday = at('2026-12-06T20:00:00Z');
    expect(mondays.next(sunday)).toBe(at('2026-12-07T09:00:00Z'));
    expect(mondays.next(sunday, 'Mars/Olympus_Mons')).toBe(at('2026-12-07T09:00:00Z'));
    expect(mondays.next(sunday, 'x'.repeat(10_000))).toBe(at('2026-12-07T09:00:00Z'));
  });

  it('refuses a pattern croner cannot read, naming it', () => {
    expect(() => cronSchedule('every monday')).toThrow();
    expect(() => cronSchedule('0 9 * * 8')).toThrow();
    expect(knownTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(knownTimeZone(undefined)).toBeUndefined();
  });
});
