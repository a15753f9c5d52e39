import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from './log';

export interface PlaygroundOptions {
  botEndpoint: string;
  port: number;
  /** What it needs to run (config.playground.env): telemetry switches are added here, nothing else is passed. */
  env: Readonly<Record<string, string>>;
  logger: Logger;
  startTimeoutMs?: number;
  /** Where it runs, and so which .m365agentsplayground.yml it reads: the project's folder by default. */
  cwd?: string;
}

export interface RunningPlayground {
  /** Where to open it; the port it really took, which may differ from the one asked for. */
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the Microsoft 365 Agents Playground (a local Teams-like client) pointed at the bot.
 * Telemetry is off twice over: --disable-telemetry alone still lets Application Insights' statsbeat call out.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const bin = playgroundBin();
  // It writes why it could not start to its log file only: kept in the temp folder, read on failure.
  const logFile = path.join(tmpdir(), `agents-playground-${process.pid}-${Date.now()}.log`);
  const child = spawn(
    process.execPath,
    [bin, '-e', options.botEndpoint, '-c', 'msteams', '-p', String(options.port), '--disable-telemetry'],
    {
      cwd: options.cwd ?? path.resolve(__dirname, '..'),
      env: playgroundEnv(options.env, logFile),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const port = await waitForListening(
    child,
    options.logger,
    options.startTimeoutMs ?? 60_000,
    logFile,
  ).finally(() => rmSync(logFile, { force: true }));
  if (port !== options.port) {
    options.logger.warn(`port ${options.port} was taken: the Agents Playground took port ${port} instead`);
  }
  return { url: `http://localhost:${port}`, pid: child.pid as number, stop: () => stopChild(child) };
}

/** The child's environment: what it needs to run, statsbeat off, no browser of its own, its log file. */
export function playgroundEnv(
  env: Readonly<Record<string, string>>,
  logFile: string,
): Record<string, string> {
  return {
    ...env,
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
  };
}

function playgroundBin(): string {
  try {
    const packageJsonPath = require.resolve('@microsoft/m365agentsplayground/package.json');
    const { bin } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { bin: Record<string, string> };
    return path.join(path.dirname(packageJsonPath), bin.agentsplayground ?? Object.values(bin)[0] ?? '');
  } catch {
    throw new Error(
      'The Microsoft 365 Agents Playground is not installed: run npm install, or set START_PLAYGROUND=false',
    );
  }
}

/**
 * The port it listens on, once it answers. It prints "Listening on <port>" before it reads its config file, and
 * with a bad one it then gives up, saying why in its log file only: so it is ready when a page comes back.
 */
function waitForListening(
  child: ChildProcess,
  logger: Logger,
  timeoutMs: number,
  logFile: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const failure = (): string | undefined => {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      return /Failed to start[^\n]*\n[^\n]*Reason: ([^\n]+)/.exec(`${output}\n${log}`)?.[1];
    };
    const fail = (fallback: string): void => {
      const reason = failure();
      void stopChild(child);
      finish(() => reject(new Error(reason ? `The Agents Playground did not start: ${reason}` : fallback)));
    };
    const timer = setTimeout(
      () => fail(`The Agents Playground did not start within ${timeoutMs / 1000} s`),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      for (const line of text.split('\n').filter((l) => l.trim())) logger.debug(`playground: ${line.trim()}`);
      output += text;
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(`The Agents Playground exited (code ${code}) before it was ready`));
    const probe = async (): Promise<void> => {
      if (settled) return;
      if (failure()) return fail('The Agents Playground did not start');
      const port = Number(/Listening on (\d+)/.exec(output)?.[1]);
      const answered =
        port > 0 &&
        (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(
          (response) => response.ok,
          () => false,
        ));
      if (answered) finish(() => resolve(port));
      else setTimeout(() => void probe(), 200);
    };
    void probe();
  });
}

/** Ends the child we started, by its PID: politely, then for good after 5 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
