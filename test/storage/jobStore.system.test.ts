import { MemoryJobStore, type JobStore } from '../../src/storage/jobStore';
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
});
