import { randomUUID } from 'node:crypto';
import { pageKey } from '../../src/jobs/reportRecord';
import { readJob, readRows } from '../../src/jobs/reportStore';
import { BlobJobStore } from '../../src/storage/blobJobStore';
import { suiteAzurite } from '../helpers/azurite';
import { spedUp } from '../helpers/clocks';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { until } from '../helpers/poll';
import {
  finished,
  frozenStore,
  keyOf,
  OWNER,
  RecordingChannel,
  reportService,
  SEED_COUNTS,
  SEED_CUSTOMERS,
  SETTINGS,
  stallingClient,
  storeWith,
} from '../helpers/reportHarness';
import { tokenFor } from '../helpers/seeds';

/**
 * The report's ownership as Blob storage holds it (Azurite): its leases last 15 s at least, so these run in real
 * time, with the shortest lease Blob grants. The same stories run on the memory store, faster, in
 * reportResilience.test.ts.
 */
const CLOCK = spedUp(1);
// One call at a time (four customers in flight): the seed's 11 customers take a few rounds of the latency below, so
// a test acting mid-page has time to, on a busy machine too.
const BLOB_SETTINGS = {
  ...SETTINGS,
  leaseMs: 15_000,
  checkpointMs: 200,
  progressEveryMs: 200,
  maxConcurrency: 1,
};
const ALL_COUNTED = { listed: SEED_CUSTOMERS, checked: SEED_CUSTOMERS, counts: SEED_COUNTS };

const azurite = suiteAzurite();
const suite = useSeedEmulator({ clock: CLOCK });
const blobStore = () => new BlobJobStore(azurite.container(`leases-${randomUUID()}`));
const service = (store: Parameters<typeof reportService>[1], channel: RecordingChannel, more = {}) =>
  reportService(suite.emulator.url, store, channel, { clock: CLOCK, settings: BLOB_SETTINGS, ...more });

/** Once the report's first page holds `count` rows, and not all of them: it is under way, mid-page. */
async function rowsSaved(store: BlobJobStore, count: number): Promise<void> {
  const jobId = (await readJob(store, keyOf(OWNER.userKey)))!.job.id;
  await until(
    async () => {
      const page = await store.read(pageKey(jobId, 0));
      const rows = Object.keys((page?.value as { rows?: object } | undefined)?.rows ?? {}).length;
      return rows >= count && rows < SEED_CUSTOMERS;
    },
    { capMs: 15_000 },
  );
}

describe('an MCA report whose ownership Blob storage holds', () => {
  it('taken over from a stalled instance: Blob storage refuses that instance’s writes when it wakes up', async () => {
    const store = blobStore();
    const first = new RecordingChannel();
    const stalling = stallingClient(suite.emulator.url);
    const a = service(store, first, { partnerCenter: stalling.client });
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 400 });
    await a.request(OWNER, tokenFor('tania'));
    await rowsSaved(store, 2);
    // Instance A stops running mid-page: its calls, writes and renewals wait; its leases run out.
    stalling.stall();
    const frozen = frozenStore(store);
    frozen.freezeOthers();
    suite.emulator.clearFaults();
    await CLOCK.sleep(BLOB_SETTINGS.leaseMs + 500);
    const second = new RecordingChannel();
    const b = service(frozen.live, second, { instanceId: 'instance-b' });
    await b.scan();
    const done = await finished(store);
    await until(() => second.last.startsWith('Finished'), { capMs: 15_000 });
    // A wakes up with the page it had half checked, and its leases: every write it tries is refused (412).
    frozen.thaw();
    stalling.wake();
    await a.close();
    const after = await readJob(store, keyOf(OWNER.userKey));
    expect(after?.job).toEqual(done);
    expect(after?.job.committed).toEqual(ALL_COUNTED);
    expect(await readRows(store, done)).toHaveLength(SEED_CUSTOMERS);
    expect(first.last).not.toMatch(/^Finished/);
    await b.close();
  }, 60_000);

  it('rides out writes whose answer is lost, every try of the last one included, and counts every customer', async () => {
    const blob = blobStore();
    let doneTries = 0;
    let writes = 0;
    const store = storeWith(blob, {
      write: async (key, value, condition) => {
        writes += 1;
        const written = await blob.write(key, value, condition);
        // Every fourth write lands but its answer is lost; so do the first three tries of "done".
        if ((value as { status?: string }).status === 'done' && ++doneTries <= 3)
          throw new Error('socket hang up');
        if (writes % 4 === 0) throw new Error('socket hang up');
        return written;
      },
    });
    const channel = new RecordingChannel();
    const reports = service(store, channel);
    await reports.request(OWNER, tokenFor('tania'));
    expect((await finished(blob)).committed).toEqual(ALL_COUNTED);
    await until(() => channel.last.startsWith('Finished'));
    await reports.close();
  }, 30_000);

  it('hands its job over at once on shutdown: its lease given up, another instance gets it without waiting', async () => {
    const store = blobStore();
    const reports = service(store, new RecordingChannel());
    suite.emulator.addFault({ operation: 'agreements', status: 429, retryAfter: '60', times: 1000 });
    await reports.request(OWNER, tokenFor('tania'));
    await until(() => suite.emulator.requests.some((r) => r.path.includes('/agreements')));
    await reports.close();
    expect((await readJob(store, keyOf(OWNER.userKey)))?.job.status).toBe('running');
    expect(await store.acquireLease(keyOf(OWNER.userKey), randomUUID(), 15_000)).toBe('acquired');
  }, 30_000);

  it('is stopped by a cancel made on another instance: the cancel breaks its lease, its next write is refused', async () => {
    const store = blobStore();
    const channel = new RecordingChannel();
    const a = service(store, channel);
    const b = service(store, new RecordingChannel(), { instanceId: 'instance-b' });
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 1000 });
    await a.request(OWNER, tokenFor('tania'));
    // Mid-page, its page held: what it does next is write a checkpoint, under the lease the cancel breaks.
    await rowsSaved(store, 2);
    expect(await b.cancel(OWNER.userKey)).toMatchObject({ status: 'cancelled' });
    await until(() => /^Cancelled after \d+ of \d+ customers\.$/.test(channel.last), { capMs: 10_000 });
    const atStop = suite.emulator.requests.length;
    await CLOCK.sleep(1000);
    expect(suite.emulator.requests.slice(atStop).filter((r) => r.path.includes('/agreements'))).toEqual([]);
    expect((await readJob(store, keyOf(OWNER.userKey)))?.job.status).toBe('cancelled');
    await Promise.all([a.close(), b.close()]);
  }, 30_000);
});
