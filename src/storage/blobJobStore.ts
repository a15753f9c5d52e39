import type { ContainerClient } from '@azure/storage-blob';
import type { JobStore, Versioned, WriteCondition } from './jobStore';
import { blobStatus, containerReady } from './blobContainer';
import { BLOB_CALL_TIMEOUT_MS } from './blobRetry';

/**
 * Jobs' state as blobs under a prefix, written with If-Match / If-None-Match so that Blob storage itself decides
 * between instances racing for a job.
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
      condition === 'absent' ? { ifNoneMatch: '*' } : condition === 'any' ? {} : { ifMatch: condition.eTag };
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
      // 412: the version changed; 409: created meanwhile. Either way, another writer was first.
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
