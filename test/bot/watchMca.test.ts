import type { Activity } from 'botbuilder';
import { baselineKey, watchKeyOf } from '../../src/jobs/watchRecord';
import { cronSchedule } from '../../src/schedule';
import type { JobStore } from '../../src/storage/jobStore';
import {
  botOnTestAdapter,
  CHANNEL,
  cardText,
  GROUP_CHAT,
  localSignIn,
  PERSONAL,
  type BotUnderTest,
  type ConversationTemplate,
} from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { until } from '../helpers/poll';
import { memoryStore, RecordingChannel, REPORT_CLOCK } from '../helpers/reportHarness';
import { storedWatch, told, watchingInstance } from '../helpers/watchHarness';

// "watch MCA here" as people type it in Teams: the bot as production assembles it, the watch on the emulator.

const suite = useSeedEmulator({ clock: REPORT_CLOCK });
const MEGAN = { id: '29:megan', name: 'Megan Bowen' };
/** The defaults of MCA_WATCH_SCHEDULE and MCA_WATCH_CHECK_SCHEDULE. */
const PRODUCTION_SCHEDULES = { digest: cronSchedule('0 9 * * 1'), check: cronSchedule('0 9 * * 1-5') };
/** The channel's id, whichever thread a message comes from. */
const GENERAL = '19:general@thread.tacv2';

function botWatching(conversation: ConversationTemplate) {
  const store = memoryStore();
  const channel = new RecordingChannel();
  const instance = watchingInstance(suite.emulator.url, store, channel, { schedules: PRODUCTION_SCHEDULES });
  const bot = botOnTestAdapter(suite.client, localSignIn(), {
    conversation,
    watches: instance.watches,
    reports: instance.reports,
  });
  return { store, channel, ...instance, adapter: bot.adapter };
}

const say = (text: string, from = CHANNEL.from, locale = 'en-US'): Partial<Activity> => ({
  type: 'message',
  text,
  from,
  locale,
});
const press = (value: Record<string, unknown>, from = CHANNEL.from): Partial<Activity> => ({
  type: 'message',
  value,
  from,
  locale: 'en-US',
});

/** Tania asks "watch MCA here" in the channel; resolves once its first digest is told. */
async function startWatching(adapter: BotUnderTest['adapter'], store: JobStore) {
  await adapter
    .send(say('watch MCA here'))
    .assertReply(() => undefined)
    .startTest();
  return told(store, { conversationId: GENERAL });
}

type Card = {
  body: Array<{ text?: string; facts?: Array<{ title: string; value: string }> }>;
  actions?: Array<{ title: string; data?: unknown }>;
};
const cardOf = (reply: Partial<Activity>) => JSON.parse(cardText(reply)) as Card;
const titleOf = (reply: Partial<Activity>) => cardOf(reply).body[0]?.text;
const factsOf = (reply: Partial<Activity>) =>
  Object.fromEntries(
    cardOf(reply)
      .body.flatMap((item) => item.facts ?? [])
      .map((f) => [f.title, f.value]),
  );

describe('watch MCA here, in a channel', () => {
  it('subscribes the channel for whoever asks, says what comes and when, and posts the first digest as a new post', async () => {
    const { adapter, store, channel, close } = botWatching(CHANNEL);
    await adapter
      .send({
        ...say('<at>Partner Center Assistant</at> watch MCA here'),
        entities: [
          {
            type: 'mention',
            mentioned: CHANNEL.recipient,
            text: '<at>Partner Center Assistant</at>',
          },
        ],
      })
      .assertReply((reply) => {
        expect(titleOf(reply)).toBe('Watching MCA here');
        expect(cardText(reply)).toContain('The first digest is being made now');
        const facts = factsOf(reply);
        expect(facts['On behalf of']).toBe('Tania Carr: the checks run with their Partner Center access');
        expect(facts['Next digest']).toMatch(/^Monday, /);
        expect(facts['Next change check']).toBeDefined();
        expect(cardOf(reply).actions?.map((a) => [a.title, a.data])).toEqual([
          ['Stop watching', { command: 'stopWatching' }],
        ]);
      })
      .startTest();
    const watch = await told(store, { conversationId: GENERAL });
    expect(channel.posted.map((reply) => reply.data.title)).toEqual(['MCA digest: 11 customers']);
    // The channel's own id: each digest is a post of its own, not a reply under the thread it was asked in.
    expect(watch.subscriber.conversation).toMatchObject({ conversation: { id: GENERAL } });
    expect(watch.subscriber).toMatchObject({
      userName: 'Tania Carr',
      conversationKind: 'channel',
      maskContacts: true,
    });
    await close();
  });

  it('tells anyone what is watched, and lets anyone stop it, naming who started it', async () => {
    const { adapter, store, close } = botWatching(CHANNEL);
    await startWatching(adapter, store);
    await adapter
      .send(say('what are we watching?', MEGAN))
      .assertReply((reply) => {
        expect(titleOf(reply)).toBe('Watching MCA here');
        expect(factsOf(reply)['On behalf of']).toMatch(/^Tania Carr: /);
      })
      .send(press({ command: 'stopWatching' }, MEGAN))
      .assertReply((reply) => {
        expect(titleOf(reply)).toBe('MCA watch stopped');
        expect(cardText(reply)).toContain('It was started by Tania Carr.');
        expect(cardText(reply)).toContain('Stopped by Megan Bowen.');
        expect(cardOf(reply).actions?.map((a) => [a.title, a.data])).toEqual([
          ['Watch again', { command: 'watchMca' }],
        ]);
      })
      .send(say('what are we watching?', MEGAN))
      .assertReply((reply) => {
        expect(titleOf(reply)).toBe('Nothing watched here');
        expect(cardOf(reply).actions?.map((a) => a.data)).toEqual([{ command: 'watchMca' }]);
      })
      // An old pause card's Resume button, pressed after the stop, starts nothing behind Megan's back.
      .send(press({ command: 'watchMca', resume: true }))
      .assertReply((reply) => expect(titleOf(reply)).toBe('Nothing watched here'))
      .startTest();
    expect(await store.read(watchKeyOf(GENERAL))).toBeUndefined();
    await close();
  });

  it('asked again, says it is already watched rather than starting a second one', async () => {
    const { adapter, store, channel, close } = botWatching(CHANNEL);
    await startWatching(adapter, store);
    await adapter
      .send(say('watch MCA here', MEGAN))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('This conversation is already watched.');
        expect(factsOf(reply)['On behalf of']).toMatch(/^Tania Carr: /);
      })
      .startTest();
    expect(channel.posted).toHaveLength(1);
    await close();
  });
});

describe('watch MCA here, when the bot is removed', () => {
  it('ends the watch as soon as Teams says the bot left the conversation', async () => {
    const { adapter, store, close } = botWatching(GROUP_CHAT);
    await adapter
      .send(say('watch MCA here'))
      .assertReply(() => undefined)
      .startTest();
    const chat = '19:group-chat@thread.v2';
    const watch = await told(store, { conversationId: chat });
    await adapter
      .send({
        type: 'conversationUpdate',
        membersRemoved: [GROUP_CHAT.recipient!],
        recipient: GROUP_CHAT.recipient,
      })
      .startTest();
    await until(async () => (await store.read(watchKeyOf(chat))) === undefined);
    expect(await store.read(baselineKey(watch.id, 'last'))).toBeUndefined();
    await close();
  });
});

describe('watch MCA here, elsewhere', () => {
  it('a group chat stopping its own watch leaves the channel’s alone', async () => {
    const store = memoryStore();
    const instance = watchingInstance(suite.emulator.url, store, new RecordingChannel());
    const inChannel = botOnTestAdapter(suite.client, localSignIn(), { conversation: CHANNEL, ...instance });
    const inGroup = botOnTestAdapter(suite.client, localSignIn(), { conversation: GROUP_CHAT, ...instance });
    await inChannel.adapter
      .send(say('watch MCA here'))
      .assertReply(() => undefined)
      .startTest();
    await told(store, { conversationId: GENERAL });
    await inGroup.adapter
      .send(say('stop watching MCA'))
      .assertReply((reply) => expect(titleOf(reply)).toBe('Nothing watched here'))
      .startTest();
    expect(await storedWatch(store, GENERAL)).toBeDefined();
    await instance.close();
  });

  it('answers in French in a personal chat, and the digest there offers the CSV', async () => {
    const { adapter, store, channel, close } = botWatching(PERSONAL);
    await adapter
      .send(say('surveiller le MCA ici', PERSONAL.from, 'fr-FR'))
      .assertReply((reply) => {
        expect(titleOf(reply)).toBe('Surveillance du MCA dans cette conversation');
        expect(factsOf(reply)['Au nom de']).toMatch(/^Tania Carr\u00a0: /);
      })
      .startTest();
    await told(store, { conversationId: 'a:personal-chat' });
    await until(() => channel.posted.length === 1);
    const digest = channel.posted[0]!;
    expect(digest.data.title).toBe('Résumé MCA\u00a0: 11 clients');
    const buttons = digest.data.buttons as Array<{ title: string; buttonAction: { command: string } }>;
    expect(buttons.map((button) => button.buttonAction.command)).toEqual(['reportCsv', 'stopWatching']);
    await close();
  });
});
