import pino from 'pino';
import { escapeJsonLine, prettyFormatter } from './log/format';
import type { LogFields } from './log/fields';
import { scrubFields, scrubText } from './log/scrub';

export { MAX_LOGGED_LENGTH } from './log/scrub';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVELS: ReadonlySet<string> = new Set<LogLevel>(['debug', 'info', 'warn', 'error', 'silent']);

export function isLogLevel(value: string): value is LogLevel {
  return LEVELS.has(value);
}

export type { LogFields };

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that writes `bindings` (a turn's correlation id…) on each of its lines; children nest. */
  child(bindings: LogFields): Logger;
}

/** `json`: one JSON object a line, for a log service. `pretty`: one `time level message key=value` line, for people. */
export type LogFormat = 'json' | 'pretty';

/** Receives each finished line, without its line break, before the logging call returns. */
export type LogSink = (line: string, level: Exclude<LogLevel, 'silent'>) => void;

export interface LoggerOptions {
  /** `pretty` unless told: the process entry passes the configured LOG_FORMAT (`json` in Teams mode). */
  format?: LogFormat;
  /** Where lines go; by default warn and error to stderr, the others to stdout. */
  sink?: LogSink;
}

/** A sink alone as the second argument is still accepted: `createLogger('debug', (line) => lines.push(line))`. */
export function createLogger(level: LogLevel, options: LoggerOptions | LogSink = {}): Logger {
  const { format = 'pretty', sink = writeToStandardStreams } =
    typeof options === 'function' ? { sink: options } : options;
  // Colours only for a person at a terminal, never into a sink or a file.
  const finish =
    format === 'json'
      ? escapeJsonLine
      : prettyFormatter(sink === writeToStandardStreams && process.stdout.isTTY === true);
  // pino's destination: pino calls write() synchronously for each line, so nothing waits in a buffer or a worker
  // thread when the process exits right after its last line.
  const destination = {
    write(json: string): void {
      const lineLevel = (/^\{"level":"(\w+)"/.exec(json)?.[1] ?? 'error') as Exclude<LogLevel, 'silent'>;
      sink(finish(json.endsWith('\n') ? json.slice(0, -1) : json), lineLevel);
    },
  };
  const root = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return wrap(root, {});
}

function wrap(target: pino.Logger, bound: Readonly<Record<string, unknown>>): Logger {
  const at =
    (lineLevel: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields: LogFields = {}): void => {
      if (!target.isLevelEnabled(lineLevel)) return;
      // A field that repeats a binding with the same value would be a second, identical key in the JSON line.
      const own = Object.entries(scrubFields(fields)).filter(([key, value]) => bound[key] !== value);
      target[lineLevel](Object.fromEntries(own), scrubText(String(message)));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => {
      const scrubbed = scrubFields(bindings);
      return wrap(target.child(scrubbed), { ...bound, ...scrubbed });
    },
  };
}

let standardStreams: { out: pino.DestinationStream; err: pino.DestinationStream } | undefined;

/** Synchronous writes (sonic-boom with `sync: true`): "nothing is left running" is followed by process.exit. */
function writeToStandardStreams(line: string, level: Exclude<LogLevel, 'silent'>): void {
  standardStreams ??= {
    out: pino.destination({ dest: 1, sync: true }),
    err: pino.destination({ dest: 2, sync: true }),
  };
  (level === 'warn' || level === 'error' ? standardStreams.err : standardStreams.out).write(`${line}\n`);
}

export const silentLogger: Logger = createLogger('silent');

/** An error for the log: its name and message, never its stack or the objects it carries. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
