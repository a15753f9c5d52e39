import en from './en.json';
import fr from './fr.json';

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
  /** A wait in seconds as words: "57 seconds", "3 minutes". */
  formatWait(seconds: number): string;
}

export function languageOf(locale: string | undefined): Language {
  return /^fr(-|_|$)/i.test(locale ?? '') ? 'fr' : 'en';
}

/** Localizers are asked for several times a turn; Intl formatters cost far more to build than to use. */
const cached = new Map<string, Localizer>();
/** Locale and time zone come from the client: the cache must stay bounded whatever it sends. */
const MAX_CACHED = 256;

/**
 * Texts, dates and numbers for one user: their Teams locale (fr-* → French, else English) and time zone (the IANA
 * name in Teams' clientInfo entity; UTC when absent or unknown).
 */
export function localizer(requestedLocale: string | undefined, requestedTimeZone?: string): Localizer {
  const key = `${requestedLocale ?? ''}\n${requestedTimeZone ?? ''}`;
  let found = cached.get(key);
  if (!found) {
    found = createLocalizer(requestedLocale, requestedTimeZone);
    if (cached.size >= MAX_CACHED) cached.delete(cached.keys().next().value!);
    cached.set(key, found);
  }
  return found;
}

function createLocalizer(requestedLocale: string | undefined, requestedTimeZone?: string): Localizer {
  const language = languageOf(requestedLocale);
  const locale = supportedLocale(requestedLocale) ?? (language === 'fr' ? 'fr-FR' : 'en-US');
  const catalog = CATALOGS[language];
  const timeZone = supportedTimeZone(requestedTimeZone);
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone });
  const plurals = new Intl.PluralRules(language);
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
      return calendarDate ? dateFormat.format(date) : dateTimeFormat.format(date);
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

function supportedTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
}

function supportedLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale.replace('_', '-')])[0];
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
