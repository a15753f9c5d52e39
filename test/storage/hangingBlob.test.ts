import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContainerClient } from '@azure/storage-blob';
import { stateStorage } from '../../src/bot/stateStorage';
import { BlobClaimStore } from '../../src/storage/blobClaimStore';
import { BLOB_CALL_TIMEOUT_MS } from '../../src/storage/blobRetry';
import { until } from '../helpers/poll';

/** Azurite's well-known development account, pointed at a server that accepts connections and never answers. */
function connectionString(port: number): string {
  const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  return (
    `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};` +
    `BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1`
  );
}

let hanging: Server;
let port: number;
const open = new Set<unknown>();

beforeAll(async () => {
  hanging = createServer(() => undefined);
  hanging.on('connection', (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  port = (hanging.address() as AddressInfo).port;
});

afterAll(async () => {
  hanging.closeAllConnections();
  await new Promise((resolve) => hanging.close(resolve));
});

describe('Blob storage that accepts connections and never answers', () => {
  it('fails a state read after the call deadline, not minutes later', async () => {
    const config = { storage: { connectionString: connectionString(port), container: 'state' } };
    const store = stateStorage(config, 300);
    await expect(store.storage.read(['a/conversation'])).rejects.toThrow(
      'storage read did not answer within 300 ms',
    );
  });

  it('fails a state read after BLOB_CALL_TIMEOUT_MS when no deadline is given, as the bot runs it', async () => {
    // The 8 s are counted on fake timers: the request itself is real, and hangs.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const config = { storage: { connectionString: connectionString(port), container: 'state' } };
      let outcome: string | undefined;
      void stateStorage(config)
        .storage.read(['a/conversation'])
        .then(
          () => (outcome = 'answered'),
          (error: Error) => (outcome = error.message),
        );
      await jest.advanceTimersByTimeAsync(BLOB_CALL_TIMEOUT_MS - 1);
      expect(outcome).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      expect(outcome).toBe(`storage read did not answer within ${BLOB_CALL_TIMEOUT_MS} ms`);
    } finally {
      jest.useRealTimers();
    }
  });

  it('fails a token-exchange claim after its deadline, and aborts the request', async () => {
    const container = new ContainerClient(connectionString(port), 'claims');
    const claims = new BlobClaimStore(container, 'sso/', 300);
    open.clear();
    await expect(claims.claim('exchange')).rejects.toThrow(/abort/i);
    await until(() => open.size === 0, { capMs: 2000 });
  });
});
