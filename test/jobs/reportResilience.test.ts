import { pageKey } from '../../src/jobs/reportRecord';
import { readJob, readRows } from '../../src/jobs/reportStore';
import { PartnerCenterClient } from '../../src/partnerCenter/client';
import {
  finished,
  frozenStore,
  keyOf,
  memoryStore,
  OWNER,
  RecordingChannel,
  REPORT_CLOCK,
  reportService,
  SEED_COUNTS,
  SEED_CUSTOMERS,
  SETTINGS,
  stallingClient,
  storeWith,
  clientWaitingFirst,
} from '../helpers/reportHarness';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { spedUp } from '../helpers/clocks';
import { until } from '../helpers/poll';
import { tokenFor } from '../helpers/seeds';

const suite = useSeedEmulator({ clock: REPORT_CLOCK });

const ALL_COUNTED = { listed: SEED_CUSTOMERS, checked: SEED_CUSTOMERS, counts: SEED_COUNTS };

describe('an MCA report under failure', () => {
  it('taken over from a stalled instance, loses nothing when that instance wakes up and tries to write', async () => {
    const store = memoryStore();
    const first = new RecordingChannel();
    const stalling = stallingClient(suite.emulator.url);
    const a = reportService(suite.emulator.url, store, first, { partnerCenter: stalling.client });
    // Slow enough that the test sees a few customers checked and the rest still to do.
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 2000 });
    await a.request(OWNER, tokenFor('tania'));
    const jobId = (await readJob(store, keyOf(OWNER.userKey)))!.job.id;
    await until(async () => {
      const page = await store.read(pageKey(jobId, 0));
      const rows = Object.keys((page?.value as { rows?: object } | undefined)?.rows ?? {}).length;
      return rows >= 3 && rows < SEED_CUSTOMERS ? rows : undefined;
    });
    // Instance A stops running mid-page: its calls and its writes wait, its lease runs out.
    stalling.stall();
    const frozen = frozenStore(store);
    frozen.freezeOthers();
    suite.emulator.clearFaults();
    await REPORT_CLOCK.sleep(SETTINGS.leaseMs + 100);
    const second = new RecordingChannel();
    const b = reportService(suite.emulator.url, frozen.live, second, { instanceId: 'instance-b' });
    await b.scan();
    const done = await finished(store);
    await until(() => second.last.startsWith('Finished'));
    // A wakes up with a page it had half checked and writes it: it must not replace B's.
    frozen.thaw();
    stalling.wake();
    await a.close();
    const after = await readJob(store, keyOf(OWNER.userKey));
    expect(after?.job).toEqual(done);
    expect(after?.job.committed).toEqual(ALL_COUNTED);
    expect(await readRows(store, done)).toHaveLength(SEED_CUSTOMERS);
    expect(first.last).not.toMatch(/^Finished/);
    await b.close();
  });

  it('keeps its lease while every call waits longer than the lease, so no other instance takes it', async () => {
    // Four times real time, not ten: the margin between a renewal and the lease's end stays over 300 ms, which
    // a busy machine's pauses do not eat. Partner Center's slowness is counted on the same clock.
    const clock = spedUp(4);
    const slow = clientWaitingFirst(suite.emulator.url, (name) =>
      name === 'getCustomerAgreements' ? clock.sleep(SETTINGS.leaseMs * 1.5) : undefined,
    );
    const store = memoryStore({ clock });
    const first = new RecordingChannel();
    const second = new RecordingChannel();
    const a = reportService(suite.emulator.url, store, first, {
      clock,
      partnerCenter: slow,
    });
    const b = reportService(suite.emulator.url, store, second, {
      clock,
      instanceId: 'instance-b',
    });
    await a.request(OWNER, tokenFor('tania'));
    await clock.sleep(SETTINGS.leaseMs * 1.25);
    await b.scan();
    const job = await finished(store);
    await until(() => first.last.startsWith('Finished'));
    expect(second.posted.length + second.updates.length).toBe(0);
    expect(job.committed).toEqual(ALL_COUNTED);
    await Promise.all([a.close(), b.close()]);
  });

  it('rides out a store whose writes fail now and then, or land with their answer lost, and counts every customer', async () => {
    const memory = memoryStore();
    let writes = 0;
    let doneLost = false;
    const failed = new Set<string>();
    const flaky = storeWith(memory, {
      write: async (key, value, condition) => {
        writes += 1;
        // Every third write after the job is created is refused, as Blob storage busy a moment; every fifth, and
        // the one that says the report is done, are made but their answer is lost, as when a request times out
        // on the way back (the retry then meets a 412 from the run's own write). Now and then: a write tried
        // again after its failure goes through, whatever other writes came meanwhile (lease renewals, pages).
        const call = `${key} ${JSON.stringify(condition)}`;
        if (failed.has(call)) return memory.write(key, value, condition);
        if (writes > 1 && writes % 3 === 0) {
          failed.add(call);
          throw new Error('503 server busy');
        }
        const eTag = await memory.write(key, value, condition);
        const firstDone = (value as { status?: string }).status === 'done' && !doneLost;
        if (firstDone) doneLost = true;
        if ((writes > 1 && writes % 5 === 0) || firstDone) {
          failed.add(call);
          throw new Error('socket hang up');
        }
        return eTag;
      },
    });
    const channel = new RecordingChannel();
    const reports = reportService(suite.emulator.url, flaky, channel);
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 60 });
    await reports.request(OWNER, tokenFor('tania'));
    const job = await finished(memory);
    expect(job.committed).toEqual(ALL_COUNTED);
    expect(writes).toBeGreaterThan(10);
    await reports.close();
    expect(channel.last).toMatch(/^Finished/);
  });

  it('shows its summary when the write that ends it lands but every try of it loses its answer', async () => {
    const memory = memoryStore();
    let doneTries = 0;
    const store = storeWith(memory, {
      write: async (key, value, condition) => {
        if ((value as { status?: string }).status === 'done') {
          doneTries += 1;
          // The first try lands; its answer, and those of the two tries after it, are lost.
          if (doneTries === 1) await memory.write(key, value, condition);
          if (doneTries <= 3) throw new Error('socket hang up');
        }
        return memory.write(key, value, condition);
      },
    });
    const channel = new RecordingChannel();
    const reports = reportService(suite.emulator.url, store, channel);
    await reports.request(OWNER, tokenFor('tania'));
    expect((await finished(memory)).committed).toEqual(ALL_COUNTED);
    await until(() => channel.last.startsWith('Finished'));
    expect(doneTries).toBe(3);
    await reports.close();
  });

  it('lists again a saved page it cannot read, instead of going round writing it', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = reportService(suite.emulator.url, store, channel);
    suite.emulator.addFault({ operation: 'directSignedStatus', status: 401, code: '401', times: 100 });
    channel.tokens = [undefined];
    await reports.request(OWNER, tokenFor('tania'));
    const paused = await finished(store, 'paused');
    // Damaged while the report waits (or written by a version whose rows this one cannot read).
    await store.write(pageKey(paused.id, 0), { customers: 'not a list' }, 'any');
    suite.emulator.clearFaults();
    expect((await reports.request(OWNER, tokenFor('tania'))).kind).toBe('resumed');
    expect((await finished(store)).committed).toEqual(ALL_COUNTED);
    await reports.close();
  });

  it('ends cancelled, never done, when the cancel comes as its last page is committed', async () => {
    const memory = memoryStore();
    let cancelling: Promise<unknown> | undefined;
    const store = storeWith(memory, {
      write: async (key, value, condition) => {
        // The user's Cancel lands between the run's last read and its write of "done".
        if ((value as { status?: string }).status === 'done' && !cancelling) {
          cancelling = reports.cancel(OWNER.userKey);
          await cancelling;
        }
        return memory.write(key, value, condition);
      },
    });
    const channel = new RecordingChannel();
    const reports = reportService(suite.emulator.url, store, channel);
    await reports.request(OWNER, tokenFor('tania'));
    await finished(memory, 'cancelled');
    await reports.close();
    expect((await readJob(memory, keyOf(OWNER.userKey)))?.job.status).toBe('cancelled');
    expect(channel.last).toMatch(/^Cancelled after \d+ of \d+ customers\.$/);
  });

  it('asks the token service again when it fails, and pauses saying so when it keeps failing', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = reportService(suite.emulator.url, store, channel);
    suite.emulator.addFault({ operation: 'directSignedStatus', status: 401, code: '401', times: 1 });
    channel.tokens = [new Error('token service: 503'), tokenFor('tania')];
    await reports.request(OWNER, tokenFor('tania'));
    expect((await finished(store)).committed).toEqual(ALL_COUNTED);

    suite.emulator.addFault({ operation: 'directSignedStatus', status: 401, code: '401', times: 1 });
    channel.tokens = [new Error('503'), new Error('503'), new Error('503')];
    await reports.request(OWNER, tokenFor('tania'), true);
    const paused = await finished(store, 'paused');
    expect(paused.reason).toBe('tokenService');
    expect(channel.last).toMatch(/^Paused after \d+ customers: Teams’ sign-in service did not answer\./);
    await reports.close();
  });

  it('ends when the customer list gives the same next page again, instead of paging forever', async () => {
    const store = memoryStore();
    const client = new PartnerCenterClient({ baseUrl: suite.emulator.url, applicationName: 'test' });
    const list = client.listCustomers.bind(client);
    const loop = { uri: '/v1/customers?size=500&seekOperation=Next', continuationToken: 'same' };
    client.listCustomers = async (request) => ({ ...(await list(request)), next: loop });
    const channel = new RecordingChannel();
    const reports = reportService(suite.emulator.url, store, channel, { partnerCenter: client });
    await reports.request(OWNER, tokenFor('tania'));
    const job = await finished(store);
    expect(job.committed).toEqual(ALL_COUNTED);
    expect(job.page).toBeLessThanOrEqual(2);
    expect(job.reason).toBe('listStopped');
    expect(String(channel.updates.at(-1)?.data.note)).toContain(
      'Partner Center’s customer list stopped moving on after 11 customers',
    );
    await reports.close();
  });

  it('posts its summary anew when its progress card can no longer be updated', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    channel.failUpdates = true;
    const reports = reportService(suite.emulator.url, store, channel);
    await reports.request(OWNER, tokenFor('tania'));
    await finished(store);
    await until(() => channel.posted.length === 2);
    expect(String(channel.posted[1]!.data.status)).toMatch(/^Finished/);
    await reports.close();
  });

  it('hands its job over at once on shutdown, even while waiting out a long Retry-After', async () => {
    const store = memoryStore();
    const reports = reportService(suite.emulator.url, store, new RecordingChannel());
    suite.emulator.addFault({ operation: 'agreements', status: 429, retryAfter: '60', times: 1000 });
    const before = suite.emulator.requests.length;
    await reports.request(OWNER, tokenFor('tania'));
    // Every lane is waiting out the minute Partner Center asked for.
    await until(
      () => suite.emulator.requests.slice(before).filter((r) => r.path.includes('/agreements')).length >= 3,
    );
    const started = Date.now();
    await reports.close();
    expect(Date.now() - started).toBeLessThan(3000);
    const job = (await readJob(store, keyOf(OWNER.userKey)))!.job;
    expect(job.status).toBe('running');
    // Its lease given up: another instance gets it at once.
    expect(await store.acquireLease(keyOf(OWNER.userKey), 'instance-b-run', 60_000)).toBe('acquired');
  });
});

describe('an MCA report asked for', () => {
  it('cancels only the report its Cancel button names', async () => {
    const store = memoryStore();
    const reports = reportService(suite.emulator.url, store, new RecordingChannel());
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 3000 });
    const { job } = await reports.request(OWNER, tokenFor('tania'));
    expect(await reports.cancel(OWNER.userKey, 'a-colleague-s-report')).toBeUndefined();
    expect((await readJob(store, keyOf(OWNER.userKey)))?.job.status).toBe('running');
    expect(await reports.cancel(OWNER.userKey, job.id)).toMatchObject({ status: 'cancelled' });
    await reports.close();
  });

  it('starts afresh over a record it cannot read, instead of saying one is running for ever', async () => {
    const store = memoryStore();
    await store.write(keyOf(OWNER.userKey), { status: 'from another version', garbage: [1, 2] }, 'any');
    const reports = reportService(suite.emulator.url, store, new RecordingChannel());
    expect((await reports.request(OWNER, tokenFor('tania'))).kind).toBe('started');
    expect((await finished(store)).committed).toEqual(ALL_COUNTED);
    await reports.close();
  });
});
