import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { shippedEnvCopy } from './envDir';
import { TOKEN_SECRET } from './seeds';

const ROOT = path.resolve(__dirname, '..', '..');
const GUARD = path.join(__dirname, 'loopbackGuard.cjs');
/** The bot as `npm start` runs it: built by `npm run build` (the system suite's set-up builds it when stale). */
const BUILT_ENTRY = path.join(ROOT, 'dist', 'index.js');

export interface BotProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  /** The process id, to read its memory from /proc. */
  pid: number;
  /** Everything it printed. */
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Sends the signal (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * `npm start` without its build step: the built entry point in its own process, configured by environment as an
 * operator would, with the shipped env files (never a developer's .user twins), refusing any connection off this
 * machine (the loopback guard, through NODE_OPTIONS; the Agents Playground it starts gets a minimal environment
 * without it). What it prints is collected; `waitFor` resolves when the output matches.
 */
export function spawnBot(env: Record<string, string>) {
  const { APP_ENV: _appEnv, BOT_ID: _botId, ...inherited } = process.env;
  const envFiles = shippedEnvCopy();
  const nodeOptions = [inherited.NODE_OPTIONS, `--require ${JSON.stringify(GUARD)}`]
    .filter(Boolean)
    .join(' ');
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BUILT_ENTRY], {
    cwd: ROOT,
    env: { ...inherited, ENV_DIR: envFiles.dir, NODE_NO_WARNINGS: '1', NODE_OPTIONS: nodeOptions, ...env },
  });
  let output = '';
  let closed = false;
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    listeners.forEach((listener) => listener());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  // 'close', not 'exit': everything it printed has been read by then.
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      closed = true;
      envFiles.remove();
      listeners.forEach((listener) => listener());
      resolve(code);
    }),
  );
  /** The first match of `pattern` in the output; rejected when the process exits or `ms` pass without one. */
  const waitFor = (pattern: RegExp, ms: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const done = (error?: Error, match?: RegExpExecArray) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (match) resolve(match);
        else reject(error);
      };
      const check = (): void => {
        const match = pattern.exec(output);
        if (match) done(undefined, match);
        else if (closed) done(new Error(`the bot exited before ${pattern}:\n${output}`));
      };
      const timer = setTimeout(() => done(new Error(`no ${pattern} after ${ms} ms:\n${output}`)), ms);
      listeners.add(check);
      check();
    });
  return { child, output: () => output, exited, waitFor };
}

/** The bot in its own process, on a port the system chooses; resolves once it says it is ready. */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const bot = spawnBot({ HOST: '127.0.0.1', LOG_LEVEL: 'debug', ...env, PORT: '0' });
  await bot.waitFor(/ready in \d+ ms/, 60_000);
  const url = (await bot.waitFor(/bot listening on (http:\/\/127\.0\.0\.1:\d+)\/api\/messages/, 1000))[1]!;
  return {
    url,
    pid: bot.child.pid ?? 0,
    output: bot.output,
    exited: bot.exited,
    stop: async (signal = 'SIGTERM') => {
      if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill(signal);
      return bot.exited;
    },
  };
}

/**
 * The settings of a local-mode bot that instances share work through: the emulator at `partnerCenterUrl` (tokens
 * signed with the tests' secret), its jobs in `container` of Azurite, no Playground, and the shortest lease Blob
 * storage grants (15 s), so that another instance takes a job over soon and watches are looked at every 5 s.
 */
export function sharedStoreEnv(options: {
  partnerCenterUrl: string;
  connectionString: string;
  container: string;
}): Record<string, string> {
  return {
    START_PLAYGROUND: 'false',
    LOG_LEVEL: 'info',
    PARTNER_CENTER_BASE_URL: options.partnerCenterUrl,
    LOCAL_TOKEN_SECRET: TOKEN_SECRET,
    STORAGE_CONNECTION_STRING: options.connectionString,
    STORAGE_CONTAINER: options.container,
    REPORT_LEASE_SECONDS: '15',
  };
}
