import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './log';

export interface PlaygroundOptions {
  botEndpoint: string;
  port: number;
  /** The environment to start it with; telemetry switches are added here. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  startTimeoutMs?: number;
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
  const child = spawn(
    process.execPath,
    [bin, '-e', options.botEndpoint, '-c', 'msteams', '-p', String(options.port), '--disable-telemetry'],
    {
      cwd: path.resolve(__dirname, '..'),
      env: { ...options.env, APPLICATION_INSIGHTS_NO_STATSBEAT: 'true', TEAMSAPPTESTER_BROWSER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const port = await waitForListening(child, options.logger, options.startTimeoutMs ?? 60_000);
  if (port !== options.port) {
    options.logger.warn(`port ${options.port} was taken: the Agents Playground took port ${port} instead`);
  }
  return { url: `http://localhost:${port}`, pid: child.pid as number, stop: () => stopChild(child) };
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

function waitForListening(child: ChildProcess, logger: Logger, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`The Agents Playground did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      for (const line of text.split('\n').filter((l) => l.trim())) logger.debug(`playground: ${line.trim()}`);
      output += text;
      const match = /Listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The Agents Playground exited (code ${code}) before it was ready`));
    });
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
