import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { unusedPort } from './servers';

/** Azurite's published development account; it only exists inside Azurite. */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  container(name: string): ContainerClient;
  stop(): Promise<void>;
}

/** Where the system suite's set-up leaves the connection string of the Azurite it started for every file. */
export const AZURITE_ENV = 'TEST_AZURITE_CONNECTION_STRING';

/**
 * The Azurite the system suite started (test/system/setup.ts). Each test names containers of its own, so files
 * running at the same time never share one.
 */
export function suiteAzurite(): Pick<RunningAzurite, 'connectionString' | 'container'> {
  const connectionString = process.env[AZURITE_ENV];
  if (!connectionString) throw new Error(`${AZURITE_ENV} is not set: Azurite runs in the system suite only`);
  const service = BlobServiceClient.fromConnectionString(connectionString);
  return { connectionString, container: (name) => service.getContainerClient(name) };
}

/** Azurite's blob service on 127.0.0.1, in memory, telemetry off; stopped by its PID. */
export async function startAzurite(): Promise<RunningAzurite> {
  const port = await unusedPort();
  const workspace = mkdtempSync(path.join(tmpdir(), 'pca-azurite-'));
  const child = spawn(
    process.execPath,
    [
      require.resolve('azurite/dist/src/blob/main.js'),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--extentMemoryLimit',
      '256',
      '--loose',
      '--skipApiVersionCheck',
      '--disableTelemetry',
    ],
    // In memory, but run from a scratch folder in case it writes anything beside.
    { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForListening(child, port);
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};` +
    `BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`;
  const service = BlobServiceClient.fromConnectionString(connectionString);
  return {
    connectionString,
    container: (name) => service.getContainerClient(name),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

function waitForListening(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start on port ${port}:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/successfully listen/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited (${code}):\n${output}`));
    });
  });
}
