import type { ContainerClient } from '@azure/storage-blob';
import type { JobStore, LeaseOutcome, Versioned, WriteCondition } from './jobStore';
import { blobStatus, containerReady } from './blobContainer';
import { BLOB_CALL_TIMEOUT_MS } from './blobRetry';

/** Blob storage leases last 15 to 60 seconds (or for ever, which a job must never hold). */
const LEASE_SECONDS = { min: 15, max: 60 };

/**
 * Jobs' state as blobs under a prefix, written with If-Match / If-None-Match or under a blob lease, so that Blob
 * storage itself decides between instances racing for a job, and refuses (412) the writes of one that lost it.
 */
export class BlobJobStore implements JobStore {
  private readonly containerReady: () => Promise<void>;

  constructor(
    private readonly container: ContainerClient,
    private readonly prefix = 'jobs/',
    private readonly timeoutMs = BLOB_CALL_TIMEOUT_MS,
  ) {
    this.containerReady = containerReady(container, timeoutMs);
  }

  async read(key: string): Promise<Versioned | undefined> {
    await this.containerReady();
    try {
      // One download: the content and the version it is, together.
      const response = await this.container
        .getBlockBlobClient(this.prefix + key)
        .download(0, undefined, { abortSignal: this.signal() });
      const chunks: Buffer[] = [];
      for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Buffer));
      return {
        value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
        eTag: response.etag ?? '',
      };
    } catch (error) {
      if (blobStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async write(key: string, value: unknown, condition: WriteCondition): Promise<string | undefined> {
    await this.containerReady();
    const body = JSON.stringify(value);
    const conditions =
      condition === 'absent'
        ? { ifNoneMatch: '*' }
        : condition === 'any'
          ? {}
          : 'eTag' in condition
            ? { ifMatch: condition.eTag }
            : { leaseId: condition.leaseId };
    try {
      const { etag } = await this.container
        .getBlockBlobClient(this.prefix + key)
        .upload(body, Buffer.byteLength(body), {
          conditions,
          abortSignal: this.signal(),
          blobHTTPHeaders: { blobContentType: 'application/json' },
        });
      return etag ?? '';
    } catch (error) {
      // 412: the version changed, or the lease is not the writer's; 409: created meanwhile. Another writer was first.
      const status = blobStatus(error);
      if (status === 412 || status === 409) return undefined;
      throw error;
    }
  }

  async delete(key: string, condition?: { eTag: string }): Promise<boolean> {
    await this.containerReady();
    try {
      const { succeeded } = await this.container.getBlockBlobClient(this.prefix + key).deleteIfExists({
        abortSignal: this.signal(),
        conditions: condition && { ifMatch: condition.eTag },
      });
      return succeeded;
    } catch (error) {
      if (blobStatus(error) === 412) return false;
      throw error;
    }
  }

  async acquireLease(key: string, leaseId: string, ms: number): Promise<LeaseOutcome> {
    await this.containerReady();
    const seconds = Math.min(LEASE_SECONDS.max, Math.max(LEASE_SECONDS.min, Math.round(ms / 1000)));
    try {
      await this.leaseOf(key, leaseId).acquireLease(seconds, { abortSignal: this.signal() });
      return 'acquired';
    } catch (error) {
      const status = blobStatus(error);
      if (status === 404) return 'absent';
      if (status === 409) return 'held';
      throw error;
    }
  }

  async renewLease(key: string, leaseId: string): Promise<boolean> {
    await this.containerReady();
    try {
      await this.leaseOf(key, leaseId).renewLease({ abortSignal: this.signal() });
      return true;
    } catch (error) {
      // 409: broken, or another's since it ran out; 404: the job is gone.
      const status = blobStatus(error);
      if (status === 409 || status === 404) return false;
      throw error;
    }
  }

  async releaseLease(key: string, leaseId: string): Promise<void> {
    await this.containerReady();
    try {
      await this.leaseOf(key, leaseId).releaseLease({ abortSignal: this.signal() });
    } catch (error) {
      // Not the caller's any more, or gone: nothing of theirs to give up.
      const status = blobStatus(error);
      if (status !== 409 && status !== 404) throw error;
    }
  }

  async breakLease(key: string): Promise<void> {
    await this.containerReady();
    try {
      await this.leaseOf(key).breakLease(0, { abortSignal: this.signal() });
    } catch (error) {
      // No lease to break (409), or nothing there (404): already what the caller wants.
      const status = blobStatus(error);
      if (status !== 409 && status !== 404) throw error;
    }
  }

  private leaseOf(key: string, leaseId?: string) {
    return this.container.getBlockBlobClient(this.prefix + key).getBlobLeaseClient(leaseId);
  }

  async list(prefix: string): Promise<string[]> {
    await this.containerReady();
    const keys: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: this.prefix + prefix })) {
      keys.push(blob.name.slice(this.prefix.length));
    }
    return keys;
  }

  private signal(): AbortSignal {
    return AbortSignal.timeout(this.timeoutMs);
  }
}
