import type { Reply } from '../../src/cards/renderer';
import type { ReportOwner } from '../../src/jobs/reportRecord';
import { baselineKey, watchKeyOf } from '../../src/jobs/watchRecord';
import { until } from '../helpers/poll';
import { memoryStore, RecordingChannel } from '../helpers/reportHarness';
import { tokenFor } from '../helpers/seeds';
import {
  CHANNEL_ID,
  due,
  runOf,
  storedWatch,
  SUBSCRIBER,
  told,
  useWatchEmulator,
  watchingInstance,
} from '../helpers/watchHarness';
import type { JobStore } from '../../src/storage/jobStore';

// What a watch meets in service: the token service down, Partner Center down and back, Teams refusing a post,
// a run that fails. Each is said once, and nothing the watch found is lost or made up.

const suite = useWatchEmulator();

/** A channel whose next posts fail, as Teams does when it is having a bad minute (not a 403: the bot is there). */
class FlakyChannel extends RecordingChannel {
  failures = 0;
  override async post(owner: ReportOwner, reply: Reply) {
    if (this.failures > 0) {
      this.failures -= 1;
      throw Object.assign(new Error('502 bad gateway'), { statusCode: 502 });
    }
    return super.post(owner, reply);
  }
}

async function subscribed(channel: RecordingChannel = new RecordingChannel()) {
  const store = memoryStore();
  const instance = watchingInstance(suite.emulator.url, store, channel);
  await instance.watches.watch(SUBSCRIBER, CHANNEL_ID, tokenFor('tania'));
  await told(store);
  return { store, channel, ...instance };
}

/** As if the watch's own wait had passed (a retry's, a resume's). */
async function waited(store: JobStore, fields: Array<'tellAfter' | 'triedResumeAt'>) {
  const watch = (await storedWatch(store))!;
  await store.write(
    watchKeyOf(CHANNEL_ID),
    { ...watch, ...Object.fromEntries(fields.map((f) => [f, 0])) },
    'any',
  );
}

const titles = (channel: RecordingChannel) => channel.posted.map((reply) => reply.data.title);

describe('a watch in service', () => {
  it('with the token service down, posts one pause card however often it tries again, then goes on', async () => {
    const { store, channel, watches, close } = await subscribed();
    channel.tokens = Array.from({ length: 20 }, () => new Error('token service unavailable'));
    await due(store, 'check');
    await watches.scan();
    const paused = async () => {
      const watch = (await storedWatch(store))!;
      return (await runOf(store, watch))?.status === 'paused' && watch.pauseToldFor !== undefined;
    };
    await until(paused);
    expect(titles(channel)).toEqual(['MCA digest: 11 customers', 'MCA watch paused']);
    expect(channel.posted[1]!.data.text).toMatch(/^The Teams sign-in service did not answer/);
    // Three tries later, still one card.
    for (let attempt = 0; attempt < 3; attempt++) {
      await waited(store, ['triedResumeAt']);
      await watches.scan();
      await until(async () => (await runOf(store, (await storedWatch(store))!))?.status === 'paused');
      await watches.scan();
    }
    expect(titles(channel)).toHaveLength(2);
    // The service answers again: the check goes on and ends, with nothing more to say.
    channel.tokens = [];
    await waited(store, ['triedResumeAt']);
    await watches.scan();
    await told(store);
    expect(titles(channel)).toHaveLength(2);
    await close();
  });

  it('Partner Center down then back: says the customers are unknown once, and not that they all changed after', async () => {
    const { store, channel, watches, close } = await subscribed();
    suite.emulator.addFault({ operation: 'agreements', malformed: true });
    await due(store, 'check');
    await watches.scan();
    await told(store);
    // Said as one fact: no list of customers to press Check on while Partner Center is down.
    expect(titles(channel)[1]).toBe('MCA: Partner Center did not answer for 8 customers');
    const groups = channel.posted[1]!.data.groups as Array<{ heading: string; customers: unknown[] }>;
    expect(groups.map((g) => [g.heading, g.customers.length])).toEqual([
      ['Partner Center did not answer for 8 customers', 0],
    ]);
    // Still down at the next check: already said.
    const before = (await storedWatch(store))!.run!.jobId;
    await due(store, 'check');
    await watches.scan();
    await told(store, { after: before });
    expect(titles(channel)).toHaveLength(2);
    // Back: every customer is as it was before the outage, which is no change.
    suite.emulator.clearFaults();
    const during = (await storedWatch(store))!.run!.jobId;
    await due(store, 'check');
    await watches.scan();
    await told(store, { after: during });
    expect(titles(channel)).toHaveLength(2);
    await close();
  });

  it('a post Teams refuses is tried again later with what the run found, and told once', async () => {
    const channel = new FlakyChannel();
    const { store, watches, close } = await subscribed(channel);
    suite.wingtipAcceptsAndContosoLapses();
    channel.failures = 1;
    await due(store, 'check');
    await watches.scan();
    const waiting = await until(async () => {
      const watch = await storedWatch(store);
      return watch?.tellAfter !== undefined && watch;
    });
    expect(titles(channel)).toHaveLength(1);
    expect(waiting.toldJobId).not.toBe(waiting.run!.jobId);
    // The baseline did not move: the changes are still to tell.
    expect((await store.read(baselineKey(waiting.id, 'last')))!.value).toMatchObject({
      jobId: waiting.toldJobId,
    });
    // Not before its time.
    await watches.scan();
    expect(titles(channel)).toHaveLength(1);
    await waited(store, ['tellAfter']);
    await watches.scan();
    await told(store);
    expect(titles(channel)).toEqual(['MCA digest: 11 customers', 'MCA: 2 customers changed state']);
    await watches.scan();
    expect(titles(channel)).toHaveLength(2);
    await close();
  });

  it('a digest whose run fails says so with its reference, and is run again soon rather than next week', async () => {
    const { store, channel, watches, close } = await subscribed();
    suite.emulator.addFault({ operation: 'customerList', malformed: true });
    await due(store, 'digest');
    await watches.scan();
    const watch = await told(store);
    expect(titles(channel)).toEqual(['MCA digest: 11 customers', 'MCA watch: this digest failed']);
    expect(channel.posted[1]!.data.text).toContain(watch.run!.jobId);
    // Half an hour from now, in the run's time.
    expect(watch.nextDigestAt - Date.now()).toBeLessThan(24 * 3_600_000);
    suite.emulator.clearFaults();
    await store.write(watchKeyOf(CHANNEL_ID), { ...watch, nextDigestAt: 0 }, 'any');
    await watches.scan();
    await told(store, { after: watch.run!.jobId });
    expect(titles(channel)[2]).toBe('MCA digest: 11 customers');
    await close();
  });

  it('a pause card Teams refuses is posted at the next scan, once', async () => {
    const channel = new FlakyChannel();
    const { store, watches, close } = await subscribed(channel);
    channel.tokens = [undefined];
    channel.failures = 1;
    await due(store, 'check');
    await watches.scan();
    await until(async () => (await runOf(store, (await storedWatch(store))!))?.status === 'paused');
    await watches.scan();
    await watches.scan();
    await watches.scan();
    expect(titles(channel)).toEqual(['MCA digest: 11 customers', 'MCA watch paused']);
    await close();
  });

  it('digests failing in a row are said once, and each is run again later than the one before', async () => {
    const { store, channel, watches, close } = await subscribed();
    suite.emulator.addFault({ operation: 'customerList', malformed: true });
    const waits: number[] = [];
    let last: string | undefined;
    for (let failure = 0; failure < 3; failure++) {
      await due(store, 'digest');
      const asked = Date.now();
      await watches.scan();
      const watch = await told(store, { after: last });
      last = watch.run!.jobId;
      waits.push(watch.nextDigestAt - asked);
    }
    expect(titles(channel)).toEqual(['MCA digest: 11 customers', 'MCA watch: this digest failed']);
    expect(waits[1]!).toBeGreaterThan(waits[0]! * 1.5);
    expect(waits[2]!).toBeGreaterThan(waits[1]! * 1.5);
    // Partner Center back: the digest comes, and the count starts again.
    suite.emulator.clearFaults();
    await due(store, 'digest');
    await watches.scan();
    const back = await told(store, { after: last });
    expect(titles(channel)[2]).toBe('MCA digest: 11 customers');
    expect(back.digestFailures).toBeUndefined();
    await close();
  });

  it('a post that never answers holds up no other conversation’s watch', async () => {
    const store = memoryStore();
    const stuck = new RecordingChannel();
    const instance = watchingInstance(suite.emulator.url, store, stuck, { tendDeadlineMs: 300 });
    await instance.watches.watch(SUBSCRIBER, CHANNEL_ID, tokenFor('tania'));
    await told(store);
    await instance.watches.watch({ ...SUBSCRIBER, conversation: { id: 'b' } }, 'b', tokenFor('tania'));
    await told(store, { conversationId: 'b' });
    // Teams stops answering posts to the first channel only.
    const post = stuck.post.bind(stuck);
    stuck.post = (owner, reply) =>
      (owner.conversation as { conversation?: { id: string } }).conversation?.id === CHANNEL_ID
        ? new Promise(() => undefined)
        : post(owner, reply);
    const firstRun = (await storedWatch(store))!.run!.jobId;
    const secondRun = (await storedWatch(store, 'b'))!.run!.jobId;
    await due(store, 'digest');
    await due(store, 'digest', 'b');
    await instance.watches.scan();
    await until(async () => (await storedWatch(store))!.run!.jobId !== firstRun);
    await until(async () => (await storedWatch(store, 'b'))!.run!.jobId !== secondRun);
    await told(store, { conversationId: 'b', after: secondRun });
    expect(titles(stuck).filter((title) => title === 'MCA digest: 11 customers')).toHaveLength(3);
    await instance.close();
  });

  it('a check does not take the last digest’s CSV away', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const instance = watchingInstance(suite.emulator.url, store, channel);
    const personal = { ...SUBSCRIBER, conversationKind: 'personal' as const, maskContacts: false };
    await instance.watches.watch(personal, 'a:personal', tokenFor('tania'));
    const digest = await told(store, { conversationId: 'a:personal' });
    await due(store, 'check', 'a:personal');
    await instance.watches.scan();
    await told(store, { conversationId: 'a:personal', after: digest.run!.jobId });
    const found = await instance.reports.finished(personal.userKey, digest.run!.jobId);
    expect(found?.id).toBe(digest.run!.jobId);
    expect(await instance.reports.csv(found!)).toContain('Wingtip Toys');
    // Nobody else's.
    expect(await instance.reports.finished('user-2', digest.run!.jobId)).toBeUndefined();
    await instance.close();
  });
});
