import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { shippedEnvCopy } from './envDir';

const ROOT = path.resolve(__dirname, '..', '..');
const GUARD = path.join(__dirname, 'loopbackGuard.cjs');

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
 * The bot's real entry point (src/index.ts through tsx) in its own process, configured by environment as an
 * operator would, refusing any connection off this machine, on a port the system chooses. Resolves once it says
 * it is ready.
 */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const { APP_ENV: _appEnv, BOT_ID: _botId, ...inherited } = process.env;
  const envFiles = shippedEnvCopy();
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['-r', GUARD, '--import', 'tsx', 'src/index.ts'],
    {
      cwd: ROOT,
      env: {
        ...inherited,
        ENV_DIR: envFiles.dir,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        NODE_NO_WARNINGS: '1',
        ...env,
        // The system chooses; the bot says which in its log.
        PORT: '0',
      },
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      envFiles.remove();
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start:\n${output}`)), 60_000);
    const check = setInterval(() => {
      const listening = /bot listening on (http:\/\/127\.0\.0\.1:\d+)\/api\/messages/.exec(output);
      if (listening?.[1] && /ready in \d+ ms/.test(output)) {
        clearInterval(check);
        clearTimeout(timer);
        resolve(listening[1]);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`the bot exited:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid ?? 0,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
