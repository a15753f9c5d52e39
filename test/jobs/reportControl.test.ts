import type { Activity } from 'botbuilder';
import { reportCards } from '../../src/commands/mcaReport';
import { PAGES_PREFIX, pageKey } from '../../src/jobs/reportRecord';
import { readJob } from '../../src/jobs/reportStore';
import type { MemoryJobStore } from '../../src/storage/memoryJobStore';
import { botOnTestAdapter, cardText, CONNECTION, teamsSignIn, USER } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { until } from '../helpers/poll';
import {
  finished,
  keyOf,
  memoryStore,
  OWNER,
  RecordingChannel,
  REPORT_CLOCK,
  reportService,
  SETTINGS,
  storeWith,
} from '../helpers/reportHarness';
import { reportJob } from '../helpers/replies';
import { tokenFor } from '../helpers/seeds';

// The user stays in charge of their report: cancel, sign-out and a refused sign-in stop it for real, and it
// leaves nothing behind.

// Enough customers that a report still has calls to make when it is stopped.
const suite = useSeedEmulator({ clock: REPORT_CLOCK, generatedCustomers: 200 });

/** Checkpoints and lease as in production (every 3 s, 60 s): a stop that waited for the next save would show. */
const PRODUCTION_PACE = { ...SETTINGS, leaseMs: 60_000, checkpointMs: 3000, progressEveryMs: 3000 };

const customerCalls = (since: number) =>
  suite.emulator.requests
    .slice(since)
    .filter((r) => /\/v1\/customers\/[^/?]+\/(agreements|directSigned)/.test(r.path)).length;

describe('cancelling an MCA report', () => {
  it('stops its calls at once, not at its next checkpoint', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = reportService(suite.emulator.url, store, channel, { settings: PRODUCTION_PACE });
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 500 });
    const before = suite.emulator.requests.length;
    await reports.request(OWNER, tokenFor('tania'));
    await until(() => customerCalls(before) >= 3);
    expect(await reports.cancel(OWNER.userKey)).toMatchObject({ status: 'cancelled' });
    const atCancel = suite.emulator.requests.length;
    await REPORT_CLOCK.sleep(3000);
    // At most the calls already on their way when the user pressed Cancel.
    expect(customerCalls(atCancel)).toBeLessThanOrEqual(SETTINGS.maxConcurrency);
    await reports.close();
    expect(channel.last).toMatch(/^Cancelled after \d+ of \d+ customers\.$/);
  });

  it('leaves none of its pages behind when a new report replaces it at once', async () => {
    const store = memoryStore();
    const reports = reportService(suite.emulator.url, store, new RecordingChannel(), {
      settings: PRODUCTION_PACE,
    });
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 500 });
    const before = suite.emulator.requests.length;
    const first = await reports.request(OWNER, tokenFor('tania'));
    await until(() => customerCalls(before) >= 3);
    await reports.cancel(OWNER.userKey);
    suite.emulator.clearFaults();
    const second = await reports.request(OWNER, tokenFor('tania'));
    await finished(store);
    // The first run's calls still under way come back after the second report began: they write nothing.
    await REPORT_CLOCK.sleep(1000);
    await reports.close();
    const pages = await store.list(PAGES_PREFIX);
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((key) => key.includes(first.job.id))).toEqual([]);
    expect(pages.every((key) => key.includes(second.job.id))).toBe(true);
  });
});

describe('what the store keeps of reports', () => {
  it('loses the pages of a job that is gone at the next scan, whoever wrote them, and keeps any job’s own', async () => {
    const store = memoryStore();
    const reports = reportService(suite.emulator.url, store, new RecordingChannel());
    await reports.request(OWNER, tokenFor('tania'));
    const done = await finished(store);
    // Written by a run on another instance after its job was replaced: nobody would ever delete them.
    await store.write(pageKey('a-job-long-gone', 0), { rows: { x: { companyName: 'Tania Carr' } } }, 'any');
    await store.write(pageKey('a-job-long-gone', 1), { rows: {} }, 'any');
    // A record this version cannot read (another version's, at work elsewhere) keeps its pages.
    await store.write(keyOf('someone-else'), { id: 'another-version-job', shape: 'new' }, 'any');
    await store.write(pageKey('another-version-job', 0), { rows: {} }, 'any');
    await reports.scan();
    const pages = await store.list(PAGES_PREFIX);
    expect(pages.some((key) => key.includes('a-job-long-gone'))).toBe(false);
    expect(pages).toContain(pageKey('another-version-job', 0));
    expect(pages).toContain(pageKey(done.id, 0));
    await reports.close();
  });

  it('in memory, holds a bounded amount, whatever users start', async () => {
    const store = memoryStore({ maxBytes: 10_000 });
    await store.write('a', 'x'.repeat(6000), 'any');
    await expect(store.write('b', 'y'.repeat(6000), 'any')).rejects.toThrow(/job store is full/);
    // Written over, and deleted: the room comes back.
    await store.write('a', 'x'.repeat(100), 'any');
    await store.write('b', 'y'.repeat(6000), 'any');
    expect(await store.delete('b')).toBe(true);
    await store.write('c', 'z'.repeat(9000), 'any');
  });
});

describe('signing out', () => {
  function message(text: string): Partial<Activity> {
    return { type: 'message', text, locale: 'en-US' };
  }

  it('cancels the user’s running report, whose calls stop at once, and says so', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = reportService(suite.emulator.url, store, channel, { settings: PRODUCTION_PACE });
    const { adapter } = botOnTestAdapter(suite.client, teamsSignIn(), { reports });
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id));
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 500 });
    const before = suite.emulator.requests.length;
    await adapter.send(message('mca report')).startTest();
    await until(() => customerCalls(before) >= 3);
    let atSignOut = 0;
    await adapter
      .send(message('sign out'))
      .assertReply((reply) => {
        atSignOut = suite.emulator.requests.length;
        expect(cardText(reply)).toContain('You are signed out');
        expect(cardText(reply)).toContain('Your MCA report that was running is cancelled');
      })
      .startTest();
    await REPORT_CLOCK.sleep(3000);
    expect(customerCalls(atSignOut)).toBeLessThanOrEqual(SETTINGS.maxConcurrency);
    expect((await readJob(store, keyOf(USER.id)))?.job.status).toBe('cancelled');
    await reports.close();
  });
});

describe('an MCA report whose user signed in without MFA', () => {
  it('pauses with what to do about MFA, and pauses the same way when resumed without it: no sign-in loop', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const reports = reportService(suite.emulator.url, store, channel);
    channel.tokens = [tokenFor('tania', false)];
    await reports.request(OWNER, tokenFor('tania', false));
    const paused = await finished(store, 'paused');
    expect(paused.reason).toBe('mfa');
    expect(channel.last).toMatch(/^Paused after 0 customers: Partner Center refuses your sign-in because/);
    expect((await reports.request(OWNER, tokenFor('tania', false))).kind).toBe('resumed');
    await until(async () => (await readJob(store, keyOf(OWNER.userKey)))?.job.status === 'paused');
    expect((await readJob(store, keyOf(OWNER.userKey)))?.job.reason).toBe('mfa');
    // Signed in again with MFA: it goes on and ends.
    expect((await reports.request(OWNER, tokenFor('tania'))).kind).toBe('resumed');
    expect((await finished(store)).status).toBe('done');
    await reports.close();
  });

  it('says on its card, as a single question does, to sign out and back in with MFA, with a Sign out button', () => {
    const teams = reportCards({ emulated: false, currentSince: '2023-04-01' });
    const card = teams.stopped(reportJob('en-US', { status: 'paused', reason: 'mfa' }));
    expect(card.data.note).toContain('Sign out, then sign in again and complete the MFA prompt');
    expect(card.data.buttons).toContainEqual({ title: 'Sign out', buttonAction: { command: 'signOut' } });
    // Locally the emulator's setting is what to change; there is no sign-out.
    const local = reportCards({ emulated: true, currentSince: '2023-04-01' });
    const localCard = local.stopped(reportJob('en-US', { status: 'paused', reason: 'mfa' }));
    expect(localCard.data.note).toContain('LOCAL_TOKEN_MFA is false');
    expect(JSON.stringify(localCard.data.buttons)).not.toContain('signOut');
  });

  it('never sends a user already in the personal chat to the personal chat', () => {
    const cards = reportCards({ emulated: false, currentSince: '2023-04-01' });
    const pausedIn = (conversationKind: 'personal' | 'channel') =>
      String(
        cards.stopped(reportJob('en-US', { status: 'paused', reason: 'signIn' }, { conversationKind })).data
          .status,
      );
    expect(pausedIn('personal')).not.toContain('personal chat');
    expect(pausedIn('personal')).toContain('Type “sign in”, then “mca report”');
    expect(pausedIn('channel')).toContain('in our personal chat');
  });
});

describe('an MCA report under an attacker’s timing', () => {
  it('ends with its error card when the memory store fills up under it, instead of starting again for ever', async () => {
    const memory = memoryStore({ maxBytes: 40_000 });
    // Another user's report takes the room left just as this one writes its first page.
    let filled = false;
    const store = storeWith(memory, {
      write: async (key: string, value: unknown, condition: Parameters<MemoryJobStore['write']>[2]) => {
        if (!filled && key.startsWith(PAGES_PREFIX)) {
          filled = true;
          // To the last byte: any write that grows the store fails from now on.
          for (const size of [1000, 100, 10, 1]) {
            for (let i = 0; ; i++) {
              const key = `someone-else/${size}/${i}`;
              if (!(await memory.write(key, 'x'.repeat(size), 'any').catch(() => undefined))) break;
            }
          }
        }
        return memory.write(key, value, condition);
      },
    });
    const channel = new RecordingChannel();
    const reports = reportService(suite.emulator.url, store, channel);
    await reports.request(OWNER, tokenFor('tania'));
    await finished(memory, 'failed');
    expect(channel.last).toMatch(/^The report stopped on an error after \d+ customers/);
    // Nothing starts it again: its record says it failed.
    await reports.scan();
    expect((await readJob(memory, keyOf(OWNER.userKey)))?.job.status).toBe('failed');
    await reports.close();
  });

  it('is stopped by a cancel that comes while an instance taking it over waits for the token service', async () => {
    const store = memoryStore();
    const a = reportService(suite.emulator.url, store, new RecordingChannel(), { settings: PRODUCTION_PACE });
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 500 });
    const before = suite.emulator.requests.length;
    await a.request(OWNER, tokenFor('tania'));
    await until(() => customerCalls(before) >= 3);
    // A stops cleanly and hands the job over; B's token service is slow to answer.
    await a.close();
    let answerToken = () => undefined as void;
    let tokenAsked = () => undefined as void;
    const waitingForToken = new Promise<void>((resolve) => (tokenAsked = resolve));
    const slowChannel = new RecordingChannel();
    slowChannel.token = () =>
      new Promise<string>((resolve) => {
        answerToken = () => resolve(tokenFor('tania'));
        tokenAsked();
      });
    const b = reportService(suite.emulator.url, store, slowChannel, {
      instanceId: 'instance-b',
      settings: PRODUCTION_PACE,
    });
    await b.scan();
    await waitingForToken;
    expect(await b.cancel(OWNER.userKey)).toMatchObject({ status: 'cancelled' });
    const atCancel = suite.emulator.requests.length;
    answerToken();
    await REPORT_CLOCK.sleep(3000);
    expect(customerCalls(atCancel)).toBe(0);
    await b.close();
  });

  it('says it was cancelled on the card it posted, even when the cancel came before the card was saved', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    const post = channel.post.bind(channel);
    let posting: Promise<string> | undefined;
    channel.post = (owner, reply) => {
      posting = REPORT_CLOCK.sleep(3000).then(() => post(owner, reply));
      return posting;
    };
    const reports = reportService(suite.emulator.url, store, channel, { settings: PRODUCTION_PACE });
    await reports.request(OWNER, tokenFor('tania'));
    await REPORT_CLOCK.sleep(1000);
    await reports.cancel(OWNER.userKey);
    await posting;
    await reports.close();
    expect(channel.posted).toHaveLength(1);
    expect(channel.last).toMatch(/^Cancelled after/);
  });

  it('starts a new report when the old one is deleted between the look and the write, not "already running"', async () => {
    const memory = memoryStore();
    let deleted = false;
    const store = storeWith(memory, {
      write: async (key: string, value: unknown, condition: Parameters<MemoryJobStore['write']>[2]) => {
        // The retention scan of another instance deletes the expired record just before this write lands.
        if (!deleted && key === keyOf(OWNER.userKey) && typeof condition === 'object') {
          deleted = true;
          await memory.delete(key);
        }
        return memory.write(key, value, condition);
      },
    });
    await memory.write(keyOf(OWNER.userKey), reportJob('en-US', { status: 'cancelled' }), 'any');
    const reports = reportService(suite.emulator.url, store, new RecordingChannel());
    const asked = await reports.request(OWNER, tokenFor('tania'));
    expect(deleted).toBe(true);
    expect(asked.kind).toBe('started');
    expect((await finished(memory)).id).toBe(asked.job.id);
    await reports.close();
  });
});
