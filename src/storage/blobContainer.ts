import type { ContainerClient } from '@azure/storage-blob';

/**
 * The container, created on first use: once for the process, or again on the next call if creating it failed (the
 * storage account may come back).
 */
export function containerReady(container: ContainerClient, timeoutMs: number): () => Promise<void> {
  let ready: Promise<unknown> | undefined;
  return async () => {
    ready ??= container
      .createIfNotExists({ abortSignal: AbortSignal.timeout(timeoutMs) })
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    await ready;
  };
}

/** The HTTP status of a failed Blob call, if it got one. */
export const blobStatus = (error: unknown): unknown =>
  (error as { statusCode?: unknown } | undefined)?.statusCode;
