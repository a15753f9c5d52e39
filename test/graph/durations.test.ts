import { daysOfDuration, durationOfDays } from '../../src/graph/durations';

describe('Graph durations', () => {
  it.each([
    ['P730D', 730],
    ['P1D', 1],
    ['P2Y', 730],
    ['P1Y', 365],
    ['P180D', 180],
    ['PT0S', 0],
    ['P0D', 0],
    ['PT86400S', 1],
  ])('reads %s as %d days', (text, days) => {
    expect(daysOfDuration(text)).toBe(days);
  });

  it.each(['P1M', 'P1Y6M', 'PT12H', 'PT3600S', '00:00:00', 'P-1D', '730', '', 'p730d'])(
    'does not guess at %j',
    (text) => {
      expect(daysOfDuration(text)).toBeUndefined();
    },
  );

  it('writes days as Graph takes them', () => {
    expect(durationOfDays(730)).toBe('P730D');
    expect(durationOfDays(0)).toBe('PT0S');
    expect(() => durationOfDays(1.5)).toThrow(RangeError);
    expect(() => durationOfDays(-1)).toThrow(RangeError);
  });
});
