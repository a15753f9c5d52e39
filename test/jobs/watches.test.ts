import type { WatchService } from '../../src/jobs/watches';
import type { JobStore } from '../../src/storage/jobStore';
import type { Reply } from '../../src/cards/renderer';
import { baselineKey, watchKeyOf, watchRunKey } from '../../src/jobs/watchRecord';
import { until } from '../helpers/poll';
import { frozenStore, memoryStore, RecordingChannel, REPORT_CLOCK, SETTINGS } from '../helpers/reportHarness';
import { tokenFor } from '../helpers/seeds';
import {
  CHANNEL_ID,
  due,
  ManualSchedule,
  RemovedChannel,
  runOf,
  storedWatch,
  SUBSCRIBER,
  told,
  useWatchEmulator,
  WATCH_CUSTOMERS,
  watchingInstance,
} from '../helpers/watchHarness';

const CONTOSO = WATCH_CUSTOMERS.contoso;
const WOODGROVE = WATCH_CUSTOMERS.woodgrove;
const suite = useWatchEmulator();
const wingtipAcceptsAndContosoLapses = () => suite.wingtipAcceptsAndContosoLapses();

const text = (reply: Reply | undefined) => JSON.stringify(reply?.data ?? {});
const headings = (reply: Reply | undefined) =>
  ((reply?.data.groups ?? []) as Array<{ heading: string }>).map((group) => group.heading);

/** The token service has no token for Tania any more: the next check pauses, waiting for her to sign in. */
async function pausedForSignIn(store: JobStore, channel: RecordingChannel, watches: WatchService) {
  channel.tokens = [undefined];
  await due(store, 'check');
  await watches.scan();
  const watch = (await storedWatch(store))!;
  await until(async () => (await runOf(store, watch))?.status === 'paused');
  return watch;
}

async function subscribed(channel = new RecordingChannel()) {
  const store = memoryStore();
  const instance = watchingInstance(suite.emulator.url, store, channel);
  const found = await instance.watches.watch(SUBSCRIBER, CHANNEL_ID, tokenFor('tania'));
  expect(found.kind).toBe('started');
  await told(store);
  return { store, channel, ...instance };
}

describe('watch MCA here', () => {
  it('posts the first digest at once: counts, the customers needing action, masked contacts, no progress card', async () => {
    const { store, channel, close } = await subscribed();
    expect(channel.posted).toHaveLength(1);
    const digest = channel.posted[0]!;
    expect(digest.data.title).toBe('MCA digest: 11 customers');
    expect(digest.data.status).toMatch(/: 8 customers need action\.$/);
    expect(headings(digest)).toEqual(['Re-acceptance needed: 2', 'Not accepted: 5', 'Unknown: 1']);
    expect(text(digest)).toContain('First digest');
    expect(text(digest)).toContain('Watching for Tania Carr.');
    // A channel: contacts masked, and the CSV is for the personal chat.
    expect(text(digest)).not.toContain('SomeEmail@example.com');
    expect(text(digest)).toContain('S***@example.com');
    const watch = (await storedWatch(store))!;
    expect(await store.read(baselineKey(watch.id, 'last'))).toBeDefined();
    expect(await store.read(baselineKey(watch.id, 'digest'))).toBeDefined();
    await close();
  });

  it('asked again, says it is already watching and starts nothing more', async () => {
    const { store, channel, watches, close } = await subscribed();
    const before = (await storedWatch(store))!;
    const again = await watches.watch({ ...SUBSCRIBER, userKey: 'user-2' }, CHANNEL_ID, tokenFor('tania'));
    expect(again.kind).toBe('watching');
    expect((await storedWatch(store))!.run).toEqual(before.run);
    expect(channel.posted).toHaveLength(1);
    await close();
  });

  it('posts nothing after a check that finds no change', async () => {
    const { store, channel, watches, close } = await subscribed();
    const first = (await storedWatch(store))!.run!.jobId;
    await due(store, 'check');
    await watches.scan();
    const watch = await told(store);
    expect(watch.run!.jobId).not.toBe(first);
    expect(watch.run!.digest).toBe(false);
    expect(channel.posted).toHaveLength(1);
    await close();
  });

  it('between digests, posts one short card naming the customers whose state changed, and only them', async () => {
    const { store, channel, watches, close } = await subscribed();
    wingtipAcceptsAndContosoLapses();
    suite.emulator.addFault({ operation: 'agreements', customerId: WOODGROVE, malformed: true });
    await due(store, 'check');
    await watches.scan();
    await told(store);
    expect(channel.posted).toHaveLength(2);
    const notice = channel.posted[1]!;
    expect(notice.data.title).toBe('MCA: 2 customers changed state');
    expect(headings(notice)).toEqual(['Newly blocked: 1', 'Can transact now: 1']);
    expect(text(notice)).toContain('Contoso Ltd');
    expect(text(notice)).toContain('Not accepted (was can transact)');
    expect(text(notice)).toContain('Can transact (was re-acceptance needed)');
    // Woodgrove Bank was already unknown: unknown again is no change.
    expect(text(notice)).not.toContain('Woodgrove');
    expect(notice.data.counts).toEqual([]);

    // The next check compares against this one: the same states again post nothing.
    await due(store, 'check');
    await watches.scan();
    await told(store);
    expect(channel.posted).toHaveLength(2);

    // The digest lists what changed since the last digest, the changes already told included.
    await due(store, 'digest');
    await watches.scan();
    await told(store);
    const digest = channel.posted[2]!;
    expect(digest.data.title).toBe('MCA digest: 11 customers');
    expect(headings(digest)[0]).toBe('Changed since the last digest: 2');
    expect(text(digest)).not.toContain('First digest');
    await close();
  });

  it('tells a customer newly unknown when Partner Center stops answering for it', async () => {
    const { store, channel, watches, close } = await subscribed();
    suite.emulator.addFault({ operation: 'agreements', customerId: CONTOSO, malformed: true });
    await due(store, 'check');
    await watches.scan();
    await told(store);
    expect(channel.posted[1]?.data.title).toBe('MCA: Contoso Ltd’s state is unknown now');
    expect(headings(channel.posted[1])).toEqual(['Newly unknown: 1']);
    await close();
  });

  it('stops when anyone asks: nothing more is posted, and the states kept for it are deleted', async () => {
    const { store, channel, watches, close } = await subscribed();
    const watch = (await storedWatch(store))!;
    const stopped = await watches.stop(CHANNEL_ID);
    expect(stopped?.subscriber.userName).toBe('Tania Carr');
    expect(await store.read(watchKeyOf(CHANNEL_ID))).toBeUndefined();
    expect(await store.read(baselineKey(watch.id, 'last'))).toBeUndefined();
    expect(await store.read(baselineKey(watch.id, 'digest'))).toBeUndefined();
    await watches.scan();
    expect(await watches.status(CHANNEL_ID)).toBeUndefined();
    expect(await watches.stop(CHANNEL_ID)).toBeUndefined();
    expect(channel.posted).toHaveLength(1);
    await close();
  });

  it('stopped while a run is under way, stops the run, deletes it, and posts nothing for it', async () => {
    const { store, channel, watches, close } = await subscribed();
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 1000 });
    await due(store, 'digest');
    await watches.scan();
    const watch = (await storedWatch(store))!;
    await until(async () => (await runOf(store, watch))?.status === 'running');
    const callsAtStop = suite.emulator.requests.length;
    await watches.stop(CHANNEL_ID);
    expect(await runOf(store, watch)).toBeUndefined();
    await REPORT_CLOCK.sleep(3000);
    // At most the calls already on their way when it was stopped.
    expect(suite.emulator.requests.length - callsAtStop).toBeLessThanOrEqual(SETTINGS.maxConcurrency);
    expect(channel.posted).toHaveLength(1);
    await close();
  });

  it('pauses with one card asking its subscriber to sign in again, then goes on once they do', async () => {
    const { store, channel, watches, close } = await subscribed();
    await pausedForSignIn(store, channel, watches);
    await until(() => channel.posted.length === 2);
    const paused = channel.posted[1]!;
    expect(paused.data.title).toBe('MCA watch paused');
    expect(paused.data.text).toMatch(/^Tania Carr’s Partner Center sign-in has to be renewed/);
    expect(paused.data.submitAction).toEqual({ command: 'watchMca', resume: true });
    // Scans meanwhile post nothing more.
    await watches.scan();
    expect((await watches.status(CHANNEL_ID))?.run?.status).toBe('paused');
    // A guest of another organization does not take the watch over.
    const guest = { ...SUBSCRIBER, userKey: 'guest', tenantId: 'other-tenant' };
    const stranger = await watches.watch({ ...guest }, CHANNEL_ID, tokenFor('guest'));
    expect(stranger.kind).toBe('watching');
    // Tania signs in and presses Resume watching.
    wingtipAcceptsAndContosoLapses();
    const resumed = await watches.watch(SUBSCRIBER, CHANNEL_ID, tokenFor('tania'));
    expect(resumed.kind).toBe('resumed');
    await watches.scan();
    await told(store);
    expect(channel.posted).toHaveLength(3);
    expect(channel.posted[2]!.data.title).toBe('MCA: 2 customers changed state');
    await close();
  });

  it('paused, goes on by itself at its next check once the token service has a token again', async () => {
    const { store, channel, watches, close } = await subscribed();
    const watch = await pausedForSignIn(store, channel, watches);
    await due(store, 'check');
    await watches.scan();
    await told(store);
    expect((await runOf(store, watch))?.status).toBe('done');
    expect(channel.posted.map((reply) => reply.data.title)).toEqual([
      'MCA digest: 11 customers',
      'MCA watch paused',
    ]);
    await close();
  });

  it('ends when the bot was removed from the conversation (the connector refuses the post)', async () => {
    const channel = new RemovedChannel();
    const { store, watches, close } = await subscribed(channel);
    const watch = (await storedWatch(store))!;
    channel.removed = true;
    await due(store, 'digest');
    await watches.scan();
    await until(async () => (await store.read(watchKeyOf(CHANNEL_ID))) === undefined);
    expect(await runOf(store, watch)).toBeUndefined();
    expect(await store.read(baselineKey(watch.id, 'last'))).toBeUndefined();
    await close();
  });

  it('a run left by an instance that stopped is taken over by another, which posts its card once', async () => {
    const store = memoryStore();
    const first = new RecordingChannel();
    const a = watchingInstance(suite.emulator.url, store, first, { instanceId: 'instance-a' });
    // Slow enough that instance A is stopped in the middle of its run.
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 2000 });
    await a.watches.watch(SUBSCRIBER, CHANNEL_ID, tokenFor('tania'));
    const watch = (await storedWatch(store))!;
    await until(async () => ((await runOf(store, watch))?.calls ?? 0) >= 3);
    const frozen = frozenStore(store);
    const second = new RecordingChannel();
    const b = watchingInstance(suite.emulator.url, frozen.live, second, { instanceId: 'instance-b' });
    frozen.freezeOthers();
    suite.emulator.clearFaults();
    await REPORT_CLOCK.sleep(SETTINGS.leaseMs + 100);
    await b.reports.scan();
    await until(async () => (await runOf(frozen.live, watch))?.status === 'done');
    await b.watches.scan();
    await told(frozen.live);
    expect(first.posted).toHaveLength(0);
    expect(second.posted.map((reply) => reply.data.title)).toEqual(['MCA digest: 11 customers']);
    await b.close();
  });

  it('a run missed while every instance was down runs once at start-up, and the next is counted from then', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const before = watchingInstance(suite.emulator.url, store, channel);
    await before.watches.watch(SUBSCRIBER, CHANNEL_ID, tokenFor('tania'));
    await told(store);
    await before.close();
    // Every instance down past two checks: the check was due a week and a day ago.
    const stale = (await storedWatch(store))!;
    const missedAt = REPORT_CLOCK.now() - 8 * 24 * 3_600_000;
    await store.write(watchKeyOf(CHANNEL_ID), { ...stale, nextCheckAt: missedAt }, 'any');
    const check = new ManualSchedule();
    const after = watchingInstance(suite.emulator.url, store, channel, {
      schedules: { digest: new ManualSchedule(), check },
    });
    const startedAt = REPORT_CLOCK.now();
    after.watches.startScanning(60_000);
    const watch = await told(store, { after: stale.run!.jobId });
    expect(watch.run!.jobId).not.toBe(stale.run!.jobId);
    expect(watch.run!.digest).toBe(false);
    expect(check.asked).toHaveLength(1);
    expect(check.asked[0]!).toBeGreaterThanOrEqual(startedAt);
    expect(watch.nextCheckAt).toBeGreaterThan(startedAt);
    // Tended again: nothing more is due, so nothing more runs.
    await after.watches.scan();
    expect((await storedWatch(store))!.run).toEqual(watch.run);
    expect(channel.posted).toHaveLength(1);
    expect(await store.read(watchRunKey(watch.id, false))).toBeDefined();
    await after.close();
  });
});
