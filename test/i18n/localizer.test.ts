import { localizer } from '../../src/i18n/localizer';

/** ICU versions differ on which space goes before "PM" or around "h": compare words, not space characters. */
const words = (text: string) => text.replace(/\s/g, ' ');

describe('localizer', () => {
  it.each([
    ['en-US', undefined, 'en', 'en-US', 'August 27, 2019', 'August 27, 2019 at 3:30 PM UTC', '1 second'],
    ['fr-FR', undefined, 'fr', 'fr-FR', '27 août 2019', '27 août 2019 à 15:30 UTC', '1 seconde'],
    ['fr-CA', 'America/Toronto', 'fr', 'fr-CA', '27 août 2019', '27 août 2019 à 11 h 30 HAE', '1 seconde'],
    ['en-GB', 'Europe/Paris', 'en', 'en-GB', '27 August 2019', '27 August 2019 at 17:30 CEST', '1 second'],
    ['fr_CA', 'europe/paris', 'fr', 'fr-CA', '27 août 2019', '27 août 2019 à 17 h 30 UTC+2', '1 seconde'],
    [
      undefined,
      'Europe/Paris',
      'en',
      'en-US',
      'August 27, 2019',
      'August 27, 2019 at 5:30 PM GMT+2',
      '1 second',
    ],
    [
      'de-DE',
      'Asia/Calcutta',
      'en',
      'de-DE',
      '27. August 2019',
      '27. August 2019 um 21:00 GMT+5:30',
      '1 second',
    ],
    ['fr', 'Not/AZone', 'fr', 'fr', '27 août 2019', '27 août 2019 à 15:30 UTC', '1 seconde'],
    ['en-us', 'UTC', 'en', 'en-US', 'August 27, 2019', 'August 27, 2019 at 3:30 PM UTC', '1 second'],
  ])(
    'answers locale %s, time zone %s, as before: language %s, locale %s, dates "%s" and "%s"',
    (requestedLocale, timeZone, language, locale, calendarDate, dateTime, wait) => {
      const l10n = localizer(requestedLocale, timeZone);
      expect({ language: l10n.language, locale: l10n.locale }).toEqual({ language, locale });
      expect(words(l10n.formatDate('2019-08-27T00:00:00'))).toBe(calendarDate);
      expect(words(l10n.formatDate('2019-08-27T15:30:00Z'))).toBe(dateTime);
      expect(l10n.formatWait(1)).toBe(wait);
    },
  );

  it('writes the first of the month as French does, « le 1er décembre », and no other day', () => {
    const fr = localizer('fr-FR', 'Europe/Paris');
    expect(words(fr.formatDate('2026-12-01'))).toBe('1er décembre 2026');
    expect(words(fr.formatDate('2026-12-01T09:05:00Z'))).toBe('1er décembre 2026 à 10:05 UTC+1');
    expect(words(localizer('fr-CA').formatDate('2026-12-01'))).toBe('1er décembre 2026');
    expect(words(fr.formatDate('2026-12-11'))).toBe('11 décembre 2026');
    expect(words(fr.formatDate('2026-12-21'))).toBe('21 décembre 2026');
    expect(localizer('en-GB').formatDate('2026-12-01')).toBe('1 December 2026');
  });

  it('gives the same localizer to inputs that resolve alike', () => {
    expect(localizer('fr_CA', 'europe/paris')).toBe(localizer('fr-CA', 'Europe/Paris'));
    expect(localizer('xx-unknown', 'Not/AZone')).toBe(localizer(undefined));
  });

  // Every localizer the cache adds is one the call returns: a bound on the distinct localizers seen is a bound on
  // the entries added.
  it('shares one localizer among short locales that differ only by extensions or private use', () => {
    const seen = new Set<unknown>();
    for (let i = 0; i < 300; i++) {
      seen.add(localizer(`en-US-x-${i.toString(36).padStart(4, '0')}`));
      seen.add(localizer(`fr-FR-u-nu-latn-x-v${i}`));
    }
    expect(seen).toEqual(new Set([localizer('en-US'), localizer('fr-FR')]));
  });

  it('keeps a handful of localizers after 256 distinct 200 KB locales and time zones', () => {
    const huge = (i: number, prefix: string) => `${prefix}${i}-${'a'.repeat(200 * 1024)}`;
    const seen = new Set<unknown>();
    for (let i = 0; i < 256; i++) {
      seen.add(localizer(huge(i, 'fr-'), huge(i, 'Europe/Paris')));
      seen.add(localizer(huge(i, 'en-'), 'Europe/Paris'));
      seen.add(localizer('fr-FR', huge(i, 'UTC')));
    }
    expect(seen.size).toBeLessThanOrEqual(3);
    // Absurd values count as absent: English, the default locale, UTC.
    expect(localizer(huge(0, 'fr-'), huge(0, 'Europe/Paris'))).toBe(localizer(undefined));
    expect(localizer('fr-FR', huge(1, 'Europe/Paris'))).toBe(localizer('fr-FR'));
  });

  it('still takes the longest real locales and time zones', () => {
    // Language, script and region are kept; extensions are not (the calendar stays Gregorian, as on every card).
    expect(localizer('zh-Hant-TW-u-ca-chinese-nu-hanidec').locale).toBe('zh-Hant-TW');
    const zone = 'America/Argentina/ComodRivadavia';
    expect(words(localizer('en-US', zone).formatDate('2019-08-27T15:30:00Z'))).toBe(
      'August 27, 2019 at 12:30 PM GMT-3',
    );
  });
});
