import { prettyFactory } from 'pino-pretty';

/**
 * Characters that could end a line, forge another one or hide text in a terminal: C0 and C1 controls (NEL
 * among them), format characters (bidi overrides, zero-width), line and paragraph separators, lone surrogates.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/**
 * pino's line with every unsafe character escaped as \uXXXX. pino escapes what JSON requires (C0 controls, lone
 * surrogates) but leaves NEL, DEL, bidi overrides and U+2028 raw; in a JSON line they can only be inside a string,
 * where an escape is valid and JSON.parse gives the same value back.
 */
export function escapeJsonLine(line: string): string {
  return line.replace(UNSAFE_ALL, escapeUnits);
}

/**
 * From pino's JSON line to `12:34:56.789 info  turn done userId=29:abc reason="no token"`: local time, level,
 * message, then each field as key=value on the same line. A value is quoted when it holds a space, a quote or an
 * equals sign; the message or a value is quoted and escaped when it holds an unsafe character.
 */
export function prettyFormatter(colorize: boolean): (jsonLine: string) => string {
  return prettyFactory({
    colorize,
    // pino-pretty would add `[time] LEVEL:` and print the fields as JSON, which leaves U+2028 and bidi overrides
    // raw; the whole line is formatted here instead.
    ignore: 'level,time',
    hideObject: true,
    singleLine: true,
    messageFormat: (log, messageKey, _levelLabel, { colors }) => {
      const { level, time, [messageKey]: message, ...fields } = log;
      const label = String(level);
      const levelColor = { debug: colors.gray, info: colors.green, warn: colors.yellow }[label] ?? colors.red;
      const head = `${colors.gray(clock(String(time)))} ${levelColor(label.padEnd(5))}`;
      return `${head} ${formatText(String(message), null)}${formatFields(fields)}`;
    },
  });
}

function clock(isoTime: string): string {
  const time = new Date(isoTime);
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}`;
}

function formatFields(fields: Record<string, unknown>): string {
  const parts = Object.entries(fields).map(([key, value]) => {
    const name = key.replace(UNSAFE_ALL, escapeUnits);
    if (typeof value === 'string') return `${name}=${formatText(value, /[\s"=]/)}`;
    if (value !== null && typeof value === 'object')
      return `${name}=${formatText(JSON.stringify(value), /\s/)}`;
    return `${name}=${String(value)}`;
  });
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

/**
 * The text as is when that is unambiguous; otherwise quoted as a JSON string with every unsafe character
 * escaped as \uXXXX, which JSON.parse reads back.
 */
function formatText(text: string, quoteIf: RegExp | null): string {
  if (!UNSAFE.test(text) && !quoteIf?.test(text)) return text;
  // Not JSON.stringify: it escapes U+0000–U+001F only, and leaves NEL, bidi overrides and U+2028 raw.
  return `"${text.replace(/["\\]/g, '\\$&').replace(UNSAFE_ALL, escapeUnits)}"`;
}

function escapeUnits(text: string): string {
  return text
    .split('')
    .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');
}
