import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unusedPort } from '../test/helpers/servers';

const ROOT = path.resolve(__dirname, '..');
const GUARD = path.join(ROOT, 'test', 'helpers', 'loopbackGuard.cjs');

export interface Child {
  url: string;
  pid: number;
  /** Resident memory now, and the most it has been, in MB (Linux /proc). */
  rssMb(): number;
  peakRssMb(): number;
  /** After a full garbage collection; only for children started with `heapProbe`. */
  memoryAfterGc(): Promise<NodeJS.MemoryUsage>;
  /** A question over IPC and the child's next message; only for children started with `heapProbe` or `ipc`. */
  ask(question: string): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * A TypeScript entry point in its own Node process, the way every bench process runs (tsx, the loopback guard,
 * output discarded), on a free 127.0.0.1 port; resolves when `readyPath` answers.
 */
export async function startChild(
  entry: string,
  env: Record<string, string>,
  options: { readyPath?: string; portVariable?: string; heapProbe?: boolean; ipc?: boolean } = {},
): Promise<Child> {
  const { readyPath = '/healthz', portVariable = 'PORT', heapProbe = false } = options;
  const ipc = heapProbe || options.ipc === true;
  const probe = heapProbe ? ['--expose-gc', '-r', path.join(__dirname, 'heapProbe.cjs')] : [];
  const port = await unusedPort();
  const child = spawn(process.execPath, [...probe, '-r', GUARD, '--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, NODE_NO_WARNINGS: '1', ...env, [portVariable]: String(port) },
    stdio: ['ignore', 'ignore', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(`${url}${readyPath}`, child, () => errors);
  const ask = (question: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error(`${entry} was started without an IPC channel`));
      child.once('message', resolve);
      child.send(question);
    });
  const status = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${child.pid}/status`, 'utf8'),
    );
    return Number(match?.[1] ?? Number.NaN) / 1024;
  };
  return {
    url,
    pid: child.pid!,
    rssMb: () => status('VmRSS'),
    peakRssMb: () => status('VmHWM'),
    memoryAfterGc: () => ask('memory?').then((message) => (message as { memory: NodeJS.MemoryUsage }).memory),
    ask,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntilAnswering(url: string, child: ChildProcess, errors: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited (${child.exitCode}):\n${errors()}`);
    const answered = await fetch(url).then(
      (response) => response.status < 500,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${url} did not answer within 60 s:\n${errors()}`);
}
