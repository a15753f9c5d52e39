import type { LogFields, LogValue } from './fields';

/** Long enough for any id or outcome; a hostile value must not make a megabyte line. */
export const MAX_LOGGED_LENGTH = 512;

/**
 * Keys whose value is a secret wherever they appear, in any case: a field, a child's binding, or a key inside them
 * (`headers.Authorization`). Checked here while walking the values rather than with pino's `redact` paths: a
 * wildcard path (`*.token`, `*.*.token`) costs pino 45 to 130 µs a line, against about 2 µs for the whole line.
 */
const SECRET_KEY =
  /^(?:(?:proxy-)?authorization|(?:set-)?cookie|x-api-key|api[-_]?key|(?:(?:access|id|refresh)[-_]?)?token|(?:client[-_]?)?(?:secret|assertion)|(?:app[-_]?)?password)$/i;

const REDACTED = '[redacted]';

/** Levels below a field that are written; deeper objects become `[too deep]`: a line stays short. */
const MAX_DEPTH = 2;
/** Entries kept per object or array below a field: a line stays short. */
const MAX_ENTRIES = 10;

/**
 * Values that are secrets or contact details, whatever key they came under or in whatever message: checked in this
 * order, so that a Bearer token is one `[credential]` and not `Bearer [jwt]`.
 */
const SCRUBBERS: readonly [RegExp, (match: string, key: string) => string][] = [
  [/\bbearer\s+[\w\-.~+/]+=*/gi, () => '[credential]'],
  [
    /\b(access_token|id_token|refresh_token|client_secret|client_assertion|password)=[^&\s"']+/gi,
    (_match, key) => `${key}=${REDACTED}`,
  ],
  // A JWT, or what is left of one that the cut at MAX_LOGGED_LENGTH went through.
  [/\beyJ[\w-]{6,}(?:\.[\w-]*)*/g, () => '[jwt]'],
  // Teams conversation ids look like addresses (19:…@thread.tacv2, …@unq.gbl.spaces): they stay, for the support.
  [
    /(?<![\w.+-])[\w.+-]+@(?!thread\.|unq\.gbl\.spaces\b)[a-z\d-]+(?:\.[a-z\d-]+)*\.[a-z]{2,}\b/gi,
    () => '[email]',
  ],
  // Digits with spaces, hyphens or parentheses between them, not inside a word or an id (GUIDs are hyphenated).
  [/(?<![\w+-])\+?\(?\d[\d ()-]{6,22}\d(?![\w-])/g, phoneOrNot],
];

/** Most values are a word or a GUID (an intent, a card, a correlation id): nothing to scrub, and no pattern to run. */
const PLAINLY_SAFE = /^(?:[a-z]{1,64}|[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12})$/i;

/** A phone number has 10 to 15 digits, or 8 with an international prefix; a date with an hour is not one. */
function phoneOrNot(match: string): string {
  const digits = match.replace(/\D/g, '').length;
  const isDate = /^\d{4}-\d\d-\d\d/.test(match);
  return !isDate && digits >= (match.startsWith('+') ? 8 : 10) && digits <= 15 ? '[phone]' : match;
}

/**
 * The text cut at MAX_LOGGED_LENGTH (saying so and from what length), with secrets and contact details replaced.
 * The cut comes first, with some room for a token or an address that straddles it, so that no regular expression
 * ever runs over a long input.
 */
export function scrubText(text: string): string {
  if (PLAINLY_SAFE.test(text)) return text;
  const window = cutAt(text, MAX_LOGGED_LENGTH + 256);
  const scrubbed = SCRUBBERS.reduce((value, [pattern, replace]) => value.replace(pattern, replace), window);
  if (text.length <= MAX_LOGGED_LENGTH && scrubbed.length <= MAX_LOGGED_LENGTH) return scrubbed;
  return `${cutAt(scrubbed, MAX_LOGGED_LENGTH)}… [cut from ${text.length} characters]`;
}

/**
 * The fields as pino should write them: secret keys redacted, strings scrubbed, `undefined` dropped, nesting and
 * width bounded.
 */
export function scrubFields(fields: LogFields): Record<string, unknown> {
  return scrubObject(fields, 0);
}

function scrubValue(value: LogValue | Error, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value instanceof Error) return scrubText(`${value.name}: ${value.message}`);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ENTRIES).map((item) => scrubValue(item ?? null, depth + 1));
    return value.length > MAX_ENTRIES ? [...kept, `… ${value.length - MAX_ENTRIES} more`] : kept;
  }
  return scrubObject(value as Record<string, LogValue>, depth + 1);
}

function scrubObject(object: Readonly<Record<string, LogValue>>, depth: number): Record<string, unknown> {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  // The fields themselves come from our code and are all kept; only objects below them are cut short.
  const kept = depth === 0 ? entries : entries.slice(0, MAX_ENTRIES);
  const scrubbed = Object.fromEntries(
    kept.map(([key, value]) => [key, SECRET_KEY.test(key) ? REDACTED : scrubValue(value, depth)]),
  );
  if (kept.length < entries.length) scrubbed['…'] = `${entries.length - kept.length} more`;
  return scrubbed;
}

/** The first `length` UTF-16 units, without leaving half of a surrogate pair at the end. */
function cutAt(text: string, length: number): string {
  if (text.length <= length) return text;
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}
