import type { StorageRetryOptions } from '@azure/storage-blob';

/**
 * Blob calls made while a user waits: three tries at most with short waits between, and Azure told to give up
 * on a try after 3 s (the SDK passes tryTimeoutInMs to the service as its `timeout`; it does not abort the
 * request itself). The defaults (4 s doubling up to 2 min between four tries) could hold a turn for minutes.
 */
export const BLOB_RETRY_OPTIONS: StorageRetryOptions = {
  maxTries: 3,
  tryTimeoutInMs: 3000,
  retryDelayInMs: 200,
  maxRetryDelayInMs: 1000,
};

/**
 * One Blob operation, its tries included, as the caller waits for it: past this it is abandoned (aborted where
 * the caller can pass a signal) and the caller hears an error, whatever the store does.
 */
export const BLOB_CALL_TIMEOUT_MS = 8000;
