import type { JobStore } from '../../src/storage/jobStore';
import { MemoryJobStore } from '../../src/storage/memoryJobStore';
import { BlobJobStore } from '../../src/storage/blobJobStore';
import { suiteAzurite } from '../helpers/azurite';

const azurite = suiteAzurite();

describe.each<[string, () => JobStore]>([
  ['memory', () => new MemoryJobStore()],
  ['Azure Blob storage (Azurite)', () => new BlobJobStore(azurite.container(`jobs-${Date.now()}`))],
])('the job store in %s', (_name, newStore) => {
  it('writes where nothing is, over the version read, or over anything; never over a version it did not read', async () => {
    const store = newStore();
    const first = await store.write('mca-report/u', { n: 1 }, 'absent');
    expect(first).toBeDefined();
    expect(await store.write('mca-report/u', { n: 2 }, 'absent')).toBeUndefined();
    const second = await store.write('mca-report/u', { n: 2 }, { eTag: first! });
    expect(second).toBeDefined();
    expect(await store.write('mca-report/u', { n: 3 }, { eTag: first! })).toBeUndefined();
    expect(await store.read('mca-report/u')).toEqual({ value: { n: 2 }, eTag: second });
    expect(await store.write('mca-report/u', { n: 4 }, 'any')).toBeDefined();
    expect((await store.read('mca-report/u'))?.value).toEqual({ n: 4 });
  });

  it('deletes only the version named, so that a job written meanwhile is kept', async () => {
    const store = newStore();
    const old = await store.write('mca-report/v', { job: 'old' }, 'absent');
    const current = await store.write('mca-report/v', { job: 'new' }, { eTag: old! });
    expect(await store.delete('mca-report/v', { eTag: old! })).toBe(false);
    expect((await store.read('mca-report/v'))?.value).toEqual({ job: 'new' });
    expect(await store.delete('mca-report/v', { eTag: current! })).toBe(true);
    expect(await store.read('mca-report/v')).toBeUndefined();
    expect(await store.delete('mca-report/v', { eTag: current! })).toBe(false);
    expect(await store.delete('mca-report/v')).toBe(false);
  });

  it('lists the keys under a prefix', async () => {
    const store = newStore();
    await store.write('mca-report-pages/j1/0', {}, 'any');
    await store.write('mca-report-pages/j1/1', {}, 'any');
    await store.write('mca-report-pages/j2/0', {}, 'any');
    expect((await store.list('mca-report-pages/j1/')).sort()).toEqual([
      'mca-report-pages/j1/0',
      'mca-report-pages/j1/1',
    ]);
  });

  it('lets only the holder of a key’s lease write it; a broken lease refuses its holder, as a stalled run', async () => {
    const store = newStore();
    const A = '00000000-0000-4000-8000-00000000000a';
    const B = '00000000-0000-4000-8000-00000000000b';
    expect(await store.acquireLease('mca-report/w', A, 15_000)).toBe('absent');
    await store.write('mca-report/w', { n: 1 }, 'absent');
    expect(await store.acquireLease('mca-report/w', A, 15_000)).toBe('acquired');
    expect(await store.acquireLease('mca-report/w', A, 15_000)).toBe('acquired');
    expect(await store.acquireLease('mca-report/w', B, 15_000)).toBe('held');
    expect(await store.write('mca-report/w', { n: 2 }, { leaseId: A })).toBeDefined();
    expect(await store.write('mca-report/w', { n: 3 }, { leaseId: B })).toBeUndefined();
    expect(await store.write('mca-report/w', { n: 3 }, 'any')).toBeUndefined();
    expect(await store.delete('mca-report/w')).toBe(false);
    expect(await store.renewLease('mca-report/w', B)).toBe(false);
    expect(await store.renewLease('mca-report/w', A)).toBe(true);

    // A cancel breaks it: its holder can neither write nor renew, anyone else writes without one.
    await store.breakLease('mca-report/w');
    expect(await store.write('mca-report/w', { n: 4 }, { leaseId: A })).toBeUndefined();
    expect(await store.renewLease('mca-report/w', A)).toBe(false);
    const cancelled = await store.write('mca-report/w', { status: 'cancelled' }, 'any');
    expect(cancelled).toBeDefined();
    await store.breakLease('mca-report/w');

    // Given up, it is anyone's at once.
    expect(await store.acquireLease('mca-report/w', B, 15_000)).toBe('acquired');
    await store.releaseLease('mca-report/w', A);
    expect(await store.acquireLease('mca-report/w', A, 15_000)).toBe('held');
    await store.releaseLease('mca-report/w', B);
    expect(await store.acquireLease('mca-report/w', A, 15_000)).toBe('acquired');
    await store.releaseLease('mca-report/w', A);
    expect(await store.delete('mca-report/w')).toBe(true);
  });
});

describe('a lease in the memory store', () => {
  it('runs out on its clock; its holder may renew it until another takes it, then writes nothing more', async () => {
    let now = 0;
    const store = new MemoryJobStore({ now: () => now });
    await store.write('job', { n: 1 }, 'absent');
    expect(await store.acquireLease('job', 'a', 1000)).toBe('acquired');
    now = 1001;
    expect(await store.write('job', { n: 2 }, { leaseId: 'a' })).toBeUndefined();
    expect(await store.renewLease('job', 'a')).toBe(true);
    expect(await store.write('job', { n: 2 }, { leaseId: 'a' })).toBeDefined();
    now = 2002;
    expect(await store.acquireLease('job', 'b', 1000)).toBe('acquired');
    expect(await store.renewLease('job', 'a')).toBe(false);
    expect(await store.write('job', { n: 3 }, { leaseId: 'a' })).toBeUndefined();
    expect((await store.read('job'))?.value).toEqual({ n: 2 });
  });
});
