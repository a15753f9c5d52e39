import type { ReportChannel } from '../../src/jobs/reportPorts';
import { pageKey } from '../../src/jobs/reportRecord';
import { readJob, readRows } from '../../src/jobs/reportStore';
import type { JobStore } from '../../src/storage/jobStore';
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
} from '../helpers/reportHarness';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { until } from '../helpers/poll';
import { tokenFor } from '../helpers/seeds';

const suite = useSeedEmulator({ clock: REPORT_CLOCK });

function service(
  store: JobStore,
  channel: ReportChannel,
  instanceId = 'instance-a',
  settings = SETTINGS,
  retentionMs = 3_600_000,
) {
  return reportService(suite.emulator.url, store, channel, { instanceId, settings, retentionMs });
}

describe('an MCA report', () => {
  it('checks every customer once, with the verdict the single check gives, and ends with the summary', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = service(store, channel);
    const started = await reports.request(OWNER, tokenFor('tania'));
    expect(started.kind).toBe('started');
    const job = await finished(store);
    expect(job.committed).toEqual({ listed: SEED_CUSTOMERS, checked: SEED_CUSTOMERS, counts: SEED_COUNTS });
    const rows = await readRows(store, job);
    expect(new Set(rows.map((row) => row.id)).size).toBe(SEED_CUSTOMERS);
    expect(channel.posted).toHaveLength(1);
    expect(channel.last).toMatch(/^Finished .*: 8 customers need action\.$/);
    const woodgrove = rows.find((row) => row.companyName === 'Woodgrove Bank');
    expect(woodgrove).toMatchObject({ state: 'unknown', failure: 'noRelationship' });
    await reports.close();
  });

  it('asked again while it runs, says so; once done, offers its results again; "fresh" starts a new one', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = service(store, channel);
    // Latencies are in the report clock's time: 1 s here is 100 ms of the test's.
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 1000 });
    await reports.request(OWNER, tokenFor('tania'));
    expect((await reports.request(OWNER, tokenFor('tania'))).kind).toBe('running');
    const done = await finished(store);
    const again = await reports.request(OWNER, tokenFor('tania'));
    expect(again).toMatchObject({ kind: 'finished', job: { id: done.id } });
    expect(again.job.result).toMatchObject({ total: SEED_CUSTOMERS, needingAction: 8 });
    const fresh = await reports.request(OWNER, tokenFor('tania'), true);
    expect(fresh.kind).toBe('started');
    expect(fresh.job.id).not.toBe(done.id);
    await reports.close();
  });

  it('waits out Retry-After when throttled, never retrying at once, and still counts every customer', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = service(store, channel);
    // Three seconds: longer than the pace's own spacing after a 429, so only waiting it out passes.
    suite.emulator.addFault({ operation: 'agreements', status: 429, retryAfter: '3', times: 3 });
    const before = suite.emulator.requests.length;
    await reports.request(OWNER, tokenFor('tania'));
    const job = await finished(store);
    expect(job.committed.counts).toEqual(SEED_COUNTS);
    expect(job.throttled).toBe(3);
    const calls = suite.emulator.requests
      .slice(before)
      .filter((r) => /^\/v1\/customers\/.+\/agreements/.test(r.path));
    expect(calls).toHaveLength(SEED_CUSTOMERS + 3);
    // Each throttled call went again three seconds later at the earliest, on the clock the report and the emulator
    // share.
    const tries = new Map<string, number[]>();
    for (const call of calls) tries.set(call.path, [...(tries.get(call.path) ?? []), call.at]);
    const waits = [...tries.values()]
      .filter((at) => at.length === 2)
      .map(([first, again]) => again! - first!);
    expect(waits).toHaveLength(3);
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(3000);
    await reports.close();
  });

  it('is cancelled from its card: stops, and the card says where it stopped', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = service(store, channel);
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 3000 });
    await reports.request(OWNER, tokenFor('tania'));
    await REPORT_CLOCK.sleep(1000);
    expect(await reports.cancel(OWNER.userKey)).toMatchObject({ status: 'cancelled' });
    await reports.close();
    expect(channel.last).toMatch(/^Cancelled after \d+ of \d+ customers\.$/);
    expect(await reports.cancel(OWNER.userKey)).toBeUndefined();
    // Asked again, a cancelled report is not offered as a result: a new one starts.
    const again = service(store, channel);
    expect((await again.request(OWNER, tokenFor('tania'))).kind).toBe('started');
    await finished(store);
    await again.close();
  });

  it('pauses when the user token cannot be renewed, says so, and goes on from there when asked again', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = service(store, channel);
    // Partner Center refuses the token after a few customers, and the token service has none to give.
    suite.emulator.addFault({ operation: 'directSignedStatus', status: 401, code: '401', times: 100 });
    channel.tokens = [undefined];
    await reports.request(OWNER, tokenFor('tania'));
    const paused = await finished(store, 'paused');
    expect(paused.reason).toBe('signIn');
    expect(channel.last).toContain('Paused after');
    suite.emulator.clearFaults();
    const resumed = await reports.request(OWNER, tokenFor('tania'));
    expect(resumed.kind).toBe('resumed');
    const job = await finished(store);
    // Resumed where it is asked now: a new card there, which the rest of the report updates.
    expect(channel.posted).toHaveLength(2);
    expect(job.progressActivityId).toBe('activity-2');
    expect(channel.last).toMatch(/^Finished/);
    expect(job.committed).toEqual({ listed: SEED_CUSTOMERS, checked: SEED_CUSTOMERS, counts: SEED_COUNTS });
    await reports.close();
  });

  it('stops on an unreadable customer list with a card that gives its reference, never a raw error', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = service(store, channel);
    suite.emulator.addFault({ operation: 'customerList', malformed: true });
    const { job } = await reports.request(OWNER, tokenFor('tania'));
    await finished(store, 'failed');
    expect(channel.last).toBe(
      `The report stopped on an error after 0 customers. Type “mca report” to start a new one. Reference: ${job.id}`,
    );
    await reports.close();
  });

  it('is kept a while after it ends, then deleted with its pages by whichever instance looks', async () => {
    const store = memoryStore();
    const reports = service(store, new RecordingChannel(), 'instance-a', SETTINGS, 5000);
    await reports.request(OWNER, tokenFor('tania'));
    await finished(store);
    expect((await store.list('')).length).toBeGreaterThan(1);
    await reports.scan();
    expect(await reports.latest(OWNER.userKey)).toBeDefined();
    await REPORT_CLOCK.sleep(5500);
    await reports.scan();
    expect(await store.list('')).toEqual([]);
    expect(await reports.latest(OWNER.userKey)).toBeUndefined();
    await reports.close();
  });

  it('left by an instance that stopped mid-page, is taken over by another, which counts no customer twice', async () => {
    const store = memoryStore();
    const first = new RecordingChannel();
    const a = service(store, first, 'instance-a');
    // Slow enough that the test sees a few customers checked and the rest still to do.
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 2000 });
    await a.request(OWNER, tokenFor('tania'));
    // Instance A checkpoints a few customers, then stops renewing its lease (as a killed process would).
    await until(async () => {
      const page = await store.read(pageKey((await readJob(store, keyOf(OWNER.userKey)))!.job.id, 0));
      return Object.keys((page?.value as { rows?: object } | undefined)?.rows ?? {}).length >= 3;
    });
    const frozen = frozenStore(store);
    const second = new RecordingChannel();
    const b = service(frozen.live, second, 'instance-b');
    frozen.freezeOthers();
    suite.emulator.clearFaults();
    await REPORT_CLOCK.sleep(SETTINGS.leaseMs + 100);
    await b.scan();
    const job = await finished(store);
    await until(() => second.last.startsWith('Finished'));
    expect(job.committed).toEqual({ listed: SEED_CUSTOMERS, checked: SEED_CUSTOMERS, counts: SEED_COUNTS });
    await b.close();
  });
});
