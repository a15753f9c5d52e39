/**
 * Graph writes durations in ISO 8601 (delegatedAdminRelationship.duration "P730D" or "P2Y", autoExtendDuration
 * "PT0S", "P0D" or "P180D"); the bot speaks in days. Only the shapes Graph uses are read: a year is 365 days
 * (Microsoft's own P2Y is its 730-day maximum); anything else (months, mixed parts) reads as unknown, never a guess.
 */
export function daysOfDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const days = /^P(\d{1,6})D$/.exec(text);
  if (days) return Number(days[1]);
  const years = /^P(\d{1,3})Y$/.exec(text);
  if (years) return Number(years[1]) * 365;
  const seconds = /^PT(\d{1,9})S$/.exec(text);
  if (seconds && Number(seconds[1]) % 86_400 === 0) return Number(seconds[1]) / 86_400;
  return undefined;
}

/** The duration Graph takes for a whole number of days: "P730D", or "PT0S" (Graph's own "none") for 0. */
export function durationOfDays(days: number): string {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError('a duration is a whole number of days, 0 or more');
  return days === 0 ? 'PT0S' : `P${days}D`;
}
