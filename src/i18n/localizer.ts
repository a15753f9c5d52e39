import { LRUCache } from 'lru-cache';
import en from './en.json';
import fr from './fr.json';
import { knownTimeZone } from '../schedule';

export type Language = 'en' | 'fr';
type Catalog = typeof en;

// A French catalog missing a key is a type error here, not a blank line in a card.
const CATALOGS: Record<Language, Catalog> = { en, fr };

export interface Localizer {
  language: Language;
  /** A BCP 47 tag Intl accepts, for dates and numbers. */
  locale: string;
  /** The text at a dotted key, with {name} placeholders filled in. An unknown key is a bug: it throws. */
  t(key: string, params?: Record<string, string | number>): string;
  /** A Partner Center date (UTC, often without a zone designator) as a date in the user's language. */
  formatDate(isoDate: string): string;
  /** A moment to come, with its weekday and time in the user's zone: "Monday, December 7, 2026 at 9:00 AM CET". */
  formatWhen(time: number): string;
  /** A wait in seconds as words: "57 seconds", "3 minutes". */
  formatWait(seconds: number): string;
}

function languageOf(locale: string | undefined): Language {
  return /^fr(-|_|$)/i.test(locale ?? '') ? 'fr' : 'en';
}

/**
 * Localizers are asked for several times a turn; Intl formatters cost far more to build than to use. They are
 * made by what the client's locale and time zone resolve to: any number of odd inputs share the few localizers
 * they resolve to. Both are bounded LRUs, and what a client sent is cut short before it becomes a key.
 */
const MAX_CACHED = 256;
const cached = new LRUCache<string, Localizer>({ max: MAX_CACHED });
/** The same localizers, by what clients sent, so that a known input skips resolving with Intl. */
const bySent = new LRUCache<string, Localizer>({ max: MAX_CACHED });
/** Tags in use are far shorter; RFC 5646 §4.4.1 recommends room for 35 characters. */
const MAX_LOCALE_LENGTH = 35;
/** IANA time zone names have 32 characters at most (America/Argentina/ComodRivadavia). */
const MAX_TIME_ZONE_LENGTH = 64;

/**
 * Texts, dates and numbers for one user: their Teams locale (fr-* → French, else English) and time zone (the IANA
 * name in Teams' clientInfo entity; UTC when absent or unknown). Absurdly long values count as absent: they never
 * reach Intl.
 */
export function localizer(requestedLocale: string | undefined, requestedTimeZone?: string): Localizer {
  const clientLocale = withinLength(requestedLocale, MAX_LOCALE_LENGTH);
  const clientTimeZone = withinLength(requestedTimeZone, MAX_TIME_ZONE_LENGTH);
  // Resolving a locale with Intl costs more than the rest of a turn's texts: what a client sent is remembered
  // too, bounded in number and (by the lengths above) in size.
  const asSent = `${clientLocale ?? ''}\n${clientTimeZone ?? ''}`;
  const known = bySent.get(asSent);
  if (known) return known;
  const language = languageOf(clientLocale);
  const locale = supportedLocale(clientLocale) ?? (language === 'fr' ? 'fr-FR' : 'en-US');
  const timeZone = knownTimeZone(clientTimeZone) ?? 'UTC';
  const key = `${language}\n${locale}\n${timeZone}`;
  let found = cached.get(key);
  if (!found) {
    found = createLocalizer(language, locale, timeZone);
    cached.set(key, found);
  }
  bySent.set(asSent, found);
  return found;
}

function withinLength(text: string | undefined, maxLength: number): string | undefined {
  return text !== undefined && text.length <= maxLength ? text : undefined;
}

function createLocalizer(language: Language, locale: string, timeZone: string): Localizer {
  const catalog = CATALOGS[language];
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  // A time of day says in which zone it is: the user's, or UTC when Teams did not say.
  const dateTime: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  };
  const dateTimeFormat = new Intl.DateTimeFormat(locale, dateTime);
  const whenFormat = new Intl.DateTimeFormat(locale, { ...dateTime, weekday: 'long' });
  const plurals = new Intl.PluralRules(language);
  // French writes the first of the month as an ordinal, « le 1er décembre », which Intl does not do.
  const inWords =
    language === 'fr'
      ? (format: Intl.DateTimeFormat, date: Date) =>
          format
            .formatToParts(date)
            .map(({ type, value }) => (type === 'day' && value === '1' ? '1er' : value))
            .join('')
      : (format: Intl.DateTimeFormat, date: Date) => format.format(date);
  return {
    language,
    locale,
    t(key, params = {}) {
      const text = lookup(catalog, key);
      return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.hasOwn(params, name) ? String(params[name]) : whole,
      );
    },
    formatDate(isoDate) {
      const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(isoDate);
      const date = new Date(hasZone || !isoDate.includes('T') ? isoDate : `${isoDate}Z`);
      if (Number.isNaN(date.getTime())) return isoDate;
      // Partner Center records acceptance dates at midnight UTC: a calendar date, which must not move to the
      // day before for users west of Greenwich. A real time of day is shown in the user's own zone.
      const calendarDate =
        !isoDate.includes('T') || date.getUTCHours() + date.getUTCMinutes() + date.getUTCSeconds() === 0;
      return inWords(calendarDate ? dateFormat : dateTimeFormat, date);
    },
    formatWhen(time) {
      return inWords(whenFormat, new Date(time));
    },
    formatWait(seconds) {
      const minutes = seconds >= 120;
      const n = minutes ? Math.ceil(seconds / 60) : Math.max(1, Math.ceil(seconds));
      const form = plurals.select(n) === 'one' ? 'one' : 'other';
      return this.t(`time.${minutes ? 'minutes' : 'seconds'}.${form}`, { n });
    },
  };
}

function lookup(catalog: Catalog, key: string): string {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node !== 'string') throw new Error(`No text at i18n key "${key}"`);
  return node;
}

/**
 * The language, script and region of a locale Intl supports: extensions and private-use subtags
 * ("en-x-anything", "fr-u-ca-…") would make every client-chosen variant a cache entry of its own.
 */
function supportedLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    const found = Intl.DateTimeFormat.supportedLocalesOf([locale.replace('_', '-')])[0];
    if (!found) return undefined;
    const { language, script, region } = new Intl.Locale(found);
    return [language, script, region].filter(Boolean).join('-');
  } catch {
    return undefined;
  }
}

/** Whether a dotted key exists, for text that depends on data (agreement types Microsoft may add). */
export function hasText(language: Language, key: string): boolean {
  try {
    lookup(CATALOGS[language], key);
    return true;
  } catch {
    return false;
  }
}
