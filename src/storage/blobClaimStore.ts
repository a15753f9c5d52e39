import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { blobStatus, containerReady } from './blobContainer';
import { BLOB_CALL_TIMEOUT_MS } from './blobRetry';
import type { ClaimStore } from './claimStore';

/**
 * Claims shared by every instance, as blobs created with If-None-Match: * — Blob storage itself decides which
 * writer was first. botbuilder's BlobsStorage cannot do this (it writes with If-Match on an eTag, so a
 * create-if-absent through it fails on the very first write), hence the direct client.
 * Old claims are not read again; a lifecycle rule on the prefix can delete them after a day.
 */
export class BlobClaimStore implements ClaimStore {
  private readonly ready: () => Promise<void>;

  constructor(
    private readonly container: ContainerClient,
    private readonly prefix = 'sso-token-exchange/',
    /** Each call is abandoned (its request aborted) after this: the user's sign-in is waiting. */
    private readonly timeoutMs = BLOB_CALL_TIMEOUT_MS,
  ) {
    this.ready = containerReady(container, timeoutMs);
  }

  async claim(key: string): Promise<boolean> {
    const abortSignal = AbortSignal.timeout(this.timeoutMs);
    await this.ready();
    const name = `${this.prefix}${createHash('sha256').update(key).digest('hex')}`;
    try {
      await this.container
        .getBlockBlobClient(name)
        .upload('', 0, { conditions: { ifNoneMatch: '*' }, abortSignal });
      return true;
    } catch (error) {
      // 409 BlobAlreadyExists, or 412 when the condition fails: someone else claimed it first.
      const status = blobStatus(error);
      if (status === 409 || status === 412) return false;
      throw error;
    }
  }
}
