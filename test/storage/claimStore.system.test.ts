import { BlobClaimStore } from '../../src/storage/blobClaimStore';
import { MemoryClaimStore, type ClaimStore } from '../../src/storage/claimStore';
import { suiteAzurite } from '../helpers/azurite';

const azurite = suiteAzurite();

describe.each<[string, () => ClaimStore]>([
  ['memory', () => new MemoryClaimStore()],
  ['Azure Blob storage (Azurite)', () => new BlobClaimStore(azurite.container(`claims-${Date.now()}`))],
])('claims in %s', (_name, newStore) => {
  it('grants a key once, to the first caller', async () => {
    const store = newStore();
    expect(await store.claim('msteams/conv/exchange-1')).toBe(true);
    expect(await store.claim('msteams/conv/exchange-1')).toBe(false);
    expect(await store.claim('msteams/conv/exchange-2')).toBe(true);
  });

  it('grants exactly one of many claims made at the same moment', async () => {
    const store = newStore();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.claim('msteams/conv/same-exchange')),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('claims in Azure Blob storage', () => {
  it('are shared by two stores on one container, as two bot instances would be', async () => {
    const name = `shared-${Date.now()}`;
    const a = new BlobClaimStore(azurite.container(name));
    const b = new BlobClaimStore(azurite.container(name));
    const [first, second] = await Promise.all([a.claim('k'), b.claim('k')]);
    expect([first, second].sort()).toEqual([false, true]);
  });

  it('reports a storage failure instead of pretending to be first', async () => {
    const unreachable = new BlobClaimStore(
      (await import('@azure/storage-blob')).BlobServiceClient.fromConnectionString(
        azurite.connectionString.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:9'),
        { retryOptions: { maxTries: 1 } },
      ).getContainerClient('nowhere'),
    );
    await expect(unreachable.claim('k')).rejects.toThrow();
  });
});
