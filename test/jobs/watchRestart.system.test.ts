import { loadEmulatorData, type EmulatorData } from '../../src/emulator/data';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { baselineKey, watchKeyOf, watchSchema, type Watch } from '../../src/jobs/watchRecord';
import { BlobJobStore } from '../../src/storage/blobJobStore';
import { suiteAzurite } from '../helpers/azurite';
import { sharedStoreEnv, startBotProcess, type BotProcess } from '../helpers/botProcess';
import { until } from '../helpers/poll';
import { TOKEN_SECRET } from '../helpers/seeds';
import { startConnectorDouble, type ConnectorDouble } from '../helpers/servers';

// "watch MCA here" in the bot as it runs: its own process, Blob storage (Azurite), the emulator over HTTP, and the
// Bot Framework connector (a double) that the cards are posted to.

const USER = { id: '29:tania', name: 'Tania Carr', aadObjectId: '7d2e1c3b-0000-4000-8000-000000000001' };
const CHANNEL = '19:sales@thread.tacv2';
const CONTOSO = '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7';

const cardOf = (body: Record<string, unknown>) =>
  JSON.stringify((body.attachments as Array<{ content: unknown }> | undefined)?.[0]?.content ?? {});

describe('watch MCA here, in the running bot', () => {
  const azurite = suiteAzurite();
  let data: EmulatorData;
  let emulator: RunningEmulator;
  let connector: ConnectorDouble;
  const running: BotProcess[] = [];
  beforeAll(async () => {
    data = loadEmulatorData();
    emulator = await startEmulator({ data, tokenSecret: TOKEN_SECRET });
    connector = await startConnectorDouble();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(running.splice(0).map((bot) => bot.stop('SIGKILL')));
    await connector?.close();
    await emulator?.close();
  });

  it('posts its digest to the channel, catches up at start-up on the check missed while down, and ends when removed', async () => {
    const container = `watch-${Date.now()}`;
    // Its 15 s lease: the watches are looked at every third of it, 5 s.
    const env = sharedStoreEnv({
      partnerCenterUrl: emulator.url,
      connectionString: azurite.connectionString,
      container,
    });
    const store = new BlobJobStore(azurite.container(container));
    const key = watchKeyOf(CHANNEL);
    const stored = async () => {
      const value = (await store.read(key))?.value;
      return value === undefined ? undefined : watchSchema.parse(value);
    };
    // Replies in threads, and new channel posts (a conversation created in the channel, the card its root).
    const posts = () =>
      connector.requests.flatMap((r) => {
        if (r.method !== 'POST') return [];
        if (r.body.type === 'message') return [r.body];
        const created = r.body as {
          channelData?: { channel?: { id?: string } };
          activity?: Record<string, unknown>;
        };
        return created.activity ? [{ ...created.activity, channel: created.channelData?.channel?.id }] : [];
      });
    const first = await startBotProcess(env);
    running.push(first);
    const response = await fetch(`${first.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: '1700000000001',
        text: '<at>Partner Center Assistant</at> watch MCA here',
        locale: 'en-US',
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: USER,
        recipient: { id: '28:bot', name: 'Partner Center Assistant' },
        conversation: { id: `${CHANNEL};messageid=1700000000001`, conversationType: 'channel' },
        entities: [{ type: 'clientInfo', locale: 'en-US', timezone: 'Europe/Paris' }],
      }),
    });
    expect(response.status).toBe(200);
    const digest = await until(
      () => posts().find((body) => cardOf(body).includes('MCA digest: 11 customers')),
      {
        capMs: 30_000,
      },
    );
    expect(posts().some((body) => cardOf(body).includes('Watching MCA here'))).toBe(true);
    // The digest is a new post of the channel, not a reply in the thread it was asked in.
    expect(digest.channel).toBe(CHANNEL);
    const subscribed = await until(async () => {
      const watch = await stored();
      return watch?.toldJobId !== undefined && watch.toldJobId === watch.run?.jobId && watch;
    });
    expect(subscribed.subscriber).toMatchObject({ userName: 'Tania Carr', timeZone: 'Europe/Paris' });
    await first.stop('SIGTERM');

    // While no instance runs, the check falls due, and Contoso Ltd's acceptance lapses.
    const missed: Watch = { ...subscribed, nextCheckAt: Date.now() - 24 * 3_600_000 };
    await store.write(key, missed, 'any');
    data.customers.find((customer) => customer.id === CONTOSO)!.agreements = [];
    const before = posts().length;
    const second = await startBotProcess(env);
    running.push(second);
    const notice = await until(
      () =>
        posts()
          .slice(before)
          .find((body) => cardOf(body).includes('blocked now')),
      {
        capMs: 30_000,
      },
    );
    expect(cardOf(notice)).toContain('MCA: Contoso Ltd is blocked now');
    expect(cardOf(notice)).toContain('Not accepted (was can transact)');
    const caughtUp = await until(async () => {
      const watch = await stored();
      return watch?.run?.jobId !== subscribed.run?.jobId && watch?.toldJobId === watch?.run?.jobId && watch;
    });
    // Once, and the next check counted from the start-up, not from the one missed.
    expect(caughtUp!.nextCheckAt).toBeGreaterThan(Date.now());
    expect(posts().slice(before)).toHaveLength(1);

    // The bot is removed from the team: the connector refuses the next post, and the watch ends.
    connector.failNext(403, 1);
    data.customers.find((customer) => customer.id === CONTOSO)!.agreements =
      loadEmulatorData().customers.find((customer) => customer.id === CONTOSO)!.agreements;
    await store.write(key, { ...caughtUp, nextCheckAt: 0 }, 'any');
    // The watch first, so that nothing tends it any more; then its runs and its states.
    await until(
      async () =>
        (await stored()) === undefined && (await store.read(baselineKey(caughtUp!.id, 'last'))) === undefined,
      { capMs: 30_000 },
    );
    expect(second.output()).toContain('watch ended: the bot is no longer in its conversation');
  }, 120_000);
});
