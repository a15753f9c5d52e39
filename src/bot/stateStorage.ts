import { MemoryStorage, type Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { Config } from '../config';
import { withDeadline } from '../storage/boundedStore';
import { BLOB_CALL_TIMEOUT_MS, BLOB_RETRY_OPTIONS } from '../storage/blobRetry';

export interface StateStorage {
  storage: Storage;
  kind: 'memory' | 'blob';
  /** Whether the store answers: read a key that does not exist. */
  probe(): Promise<void>;
}

/**
 * Where conversation state lives: this process's memory, or an Azure Blob container every instance shares, so a
 * question asked by one instance can be answered by another, and a restart loses nothing. A Blob call, its tries
 * included, fails after `callTimeoutMs`.
 */
export function stateStorage(
  config: Pick<Config, 'storage'>,
  callTimeoutMs = BLOB_CALL_TIMEOUT_MS,
): StateStorage {
  if (!config.storage) return { storage: new MemoryStorage(), kind: 'memory', probe: async () => undefined };
  const { connectionString, container } = config.storage;
  const storage = withDeadline(
    new BlobsStorage(connectionString, container, {
      storagePipelineOptions: { retryOptions: BLOB_RETRY_OPTIONS },
    }),
    callTimeoutMs,
  );
  return { storage, kind: 'blob', probe: () => storage.read(['readiness-probe']).then(() => undefined) };
}
