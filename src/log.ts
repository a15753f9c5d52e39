export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(RANK, value);
}

/**
 * Fields travel as key=value pairs; callers pass ids and outcomes, never tokens or message text. A value may
 * still come from the client (an id, a locale): it is escaped and cut so that one call is always one short line.
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type LogSink = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

const defaultSink: LogSink = (line, level) => {
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
};

export function createLogger(level: LogLevel, sink: LogSink = defaultSink): Logger {
  const write =
    (lineLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: LogFields = {}): void => {
      if (RANK[lineLevel] < RANK[level]) return;
      const text = `${lineLevel.padEnd(5)} ${formatText(message, false)}${formatFields(fields)}`;
      sink(`${new Date().toISOString()} ${text}`, lineLevel);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function formatFields(fields: LogFields): string {
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${formatText(String(value), true)}`);
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

/** Long enough for any id or outcome; a hostile value must not make a megabyte line. */
export const MAX_LOGGED_LENGTH = 512;

/**
 * Characters that could end a line, forge another one or hide text in a terminal: C0 and C1 controls (NEL
 * among them), format characters (bidi overrides, zero-width), line and paragraph separators, lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/**
 * The text as is when that is unambiguous; otherwise quoted as a JSON string with every unsafe character
 * escaped as \uXXXX, which JSON.parse reads back.
 */
function formatText(text: string, isFieldValue: boolean): string {
  const cut = text.length > MAX_LOGGED_LENGTH;
  const kept = cut ? cutAt(text, MAX_LOGGED_LENGTH) : text;
  const needsQuotes = cut || UNSAFE.test(kept) || (isFieldValue && /[\s"=]/.test(kept));
  if (!needsQuotes) return kept;
  const marked = cut ? `${kept}… [cut from ${text.length} characters]` : kept;
  // Not JSON.stringify: it escapes U+0000–U+001F only, and leaves NEL, bidi overrides and U+2028 raw.
  return `"${marked.replace(/["\\]/g, '\\$&').replace(UNSAFE_ALL, escapeUnits)}"`;
}

function escapeUnits(text: string): string {
  return text
    .split('')
    .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');
}

/** The first `length` UTF-16 units, without leaving half of a surrogate pair at the end. */
function cutAt(text: string, length: number): string {
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

export const silentLogger: Logger = createLogger('silent');
