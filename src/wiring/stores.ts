import { BlobServiceClient } from '@azure/storage-blob';
import type { Config } from '../config';
import { BlobClaimStore } from '../storage/blobClaimStore';
import { BLOB_RETRY_OPTIONS } from '../storage/blobRetry';
import { MemoryClaimStore, type ClaimStore } from '../storage/claimStore';

/** The container every instance shares (STORAGE_CONNECTION_STRING), with the one retry policy for Blob calls. */
export function blobContainer(storage: NonNullable<Config['storage']>) {
  return BlobServiceClient.fromConnectionString(storage.connectionString, {
    retryOptions: BLOB_RETRY_OPTIONS,
  }).getContainerClient(storage.container);
}

/** GDAP confirmations already acted on: a day in memory; in the shared store when there is one. */
export function confirmationStore(config: Config): ClaimStore {
  if (!config.storage) return new MemoryClaimStore(24 * 3_600_000);
  return new BlobClaimStore(blobContainer(config.storage), 'gdap-confirmations/');
}

/** Shared by every instance when storage is configured; otherwise this process's memory. */
export function claimStore(config: Config): ClaimStore {
  if (!config.storage) return new MemoryClaimStore();
  return new BlobClaimStore(blobContainer(config.storage));
}
