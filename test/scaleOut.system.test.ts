import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Activity, Storage, StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { startApp, type RunningApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { loadEmulatorData } from '../src/emulator/data';
import { startEmulator, type RunningEmulator } from '../src/emulator/server';
import { suiteAzurite } from './helpers/azurite';
import { botOnTestAdapter, cardText, localSignIn } from './helpers/bot';
import {
  startBotFrameworkDouble,
  TEAMS_BOT_ID,
  TEAMS_BOT_SECRET,
  TEAMS_CONNECTION,
  teamsModeEnv,
  type BotFrameworkDouble,
} from './helpers/botFrameworkDouble';
import { startBotProcess, type BotProcess } from './helpers/botProcess';
import { useSeedEmulator } from './helpers/emulatorSuite';
import { until } from './helpers/poll';
import { SEED_TENANT, TOKEN_SECRET, tokenFor } from './helpers/seeds';
import { startConnectorDouble, unusedPort, type ConnectorDouble } from './helpers/servers';
import { useShippedEnvDir } from './helpers/envDir';

const envDir = useShippedEnvDir();

/** Polls, for what another process does and the test cannot await; the cap only turns a hang into a failure. */

const azurite = suiteAzurite();

/**
 * Another instance's write landing between this instance's read and write: before the first write of a state
 * key, the same key is written once more, so the real store (Azurite) refuses the stale eTag.
 */
class CompetingWrites implements Storage {
  competed = 0;
  constructor(
    private readonly inner: Storage,
    private readonly times: number,
  ) {}
  read(keys: string[]) {
    return this.inner.read(keys);
  }
  async write(changes: StoreItems) {
    const current = await this.inner.read(Object.keys(changes));
    if (this.competed < this.times && Object.keys(current).length > 0) {
      this.competed += 1;
      const rewritten = Object.entries(current).map(([key, item]) => [key, { ...item, eTag: '*' }]);
      await this.inner.write(Object.fromEntries(rewritten));
    }
    return this.inner.write(changes);
  }
  delete(keys: string[]) {
    return this.inner.delete(keys);
  }
}

describe('conversation state on Azure Blob storage (Azurite)', () => {
  const suite = useSeedEmulator();
  const blobs = () =>
    new BlobsStorage(azurite.connectionString, `state-${Date.now()}-${Math.floor(Math.random() * 1e6)}`);
  const message = (text: string): Partial<Activity> => ({ type: 'message', text, locale: 'en-US' });

  it('runs a turn again when another instance changed the state meanwhile: nothing is lost or sent twice', async () => {
    const storage = new CompetingWrites(blobs(), 1);
    const { adapter, logLines } = botOnTestAdapter(suite.client, localSignIn(), { storage });
    await adapter
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .send(message('Wingtip Toys'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .startTest();
    expect(adapter.activeQueue).toHaveLength(0);
    expect(storage.competed).toBe(1);
    expect(logLines.join('\n')).toMatch(
      /conversation state changed meanwhile: running the turn again attempt=1/,
    );
  });

  it('asks the user to send the message again when it keeps losing the race, and says so', async () => {
    const storage = new CompetingWrites(blobs(), 3);
    const { adapter } = botOnTestAdapter(suite.client, localSignIn(), { storage });
    await adapter
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .send(message('Wingtip Toys'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Two of your messages arrived at once');
        expect(cardText(reply)).toContain('Please send it again.');
      })
      .startTest();
    expect(adapter.activeQueue).toHaveLength(0);
  });
});

describe('two instances sharing one Blob container', () => {
  let emulator: RunningEmulator;
  let connector: ConnectorDouble;
  let a: RunningApp;
  let b: RunningApp;
  beforeAll(async () => {
    emulator = await startEmulator({ data: loadEmulatorData(), tokenSecret: 'local-emulator-secret' });
    connector = await startConnectorDouble();
    const container = `instances-${Date.now()}`;
    const instance = async () =>
      startApp(
        loadConfig({
          envDir: envDir(),
          env: {
            PORT: '0',
            START_PLAYGROUND: 'false',
            PARTNER_CENTER_BASE_URL: emulator.url,
            STORAGE_CONNECTION_STRING: azurite.connectionString,
            STORAGE_CONTAINER: container,
          },
        }),
        createLogger('silent'),
      );
    [a, b] = await Promise.all([instance(), instance()]);
  }, 30_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await connector?.close();
    await emulator?.close();
  });
  beforeEach(() => connector.requests.splice(0));

  let nextId = 1;
  const conversation = { id: `a:shared-${Date.now()}`, conversationType: 'personal' };
  const post = async (app: RunningApp, text: string) => {
    const response = await fetch(`${app.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `m${nextId++}`,
        text,
        locale: 'en-US',
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: { id: '29:tania', name: 'Tania' },
        recipient: { id: '28:bot', name: 'Bot' },
        conversation,
      }),
    });
    expect(response.status).toBe(200);
  };
  const cardOf = (request: { body: Record<string, unknown> }) =>
    JSON.stringify((request.body.attachments as Array<{ content: unknown }>)?.[0]?.content);

  it('lets a question asked by one instance be answered through the other', async () => {
    await post(a, 'agreements');
    const [question] = await connector.waitFor(1);
    expect(cardOf(question!)).toContain('Which customer?');
    await post(b, 'Wingtip Toys');
    const [, answer] = await connector.waitFor(2);
    expect(cardOf(answer!)).toContain(`Microsoft Customer Agreement · tenant ${SEED_TENANT}`);
  });

  it('answers every one of several messages that reach both instances at once', async () => {
    await Promise.all([post(a, 'agreements'), post(b, 'agreements'), post(a, 'help'), post(b, 'agreements')]);
    const replies = await connector.waitFor(4);
    expect(
      replies
        .map(cardOf)
        .every((card) =>
          /Which customer\?|What I can do|That is not a tenant id|Two of your messages/.test(card),
        ),
    ).toBe(true);
  });

  it('serves a CSV link only from the start that made it: each start signs its links with a secret of its own', async () => {
    // A conversation of its own: the others leave a "Which customer?" pending.
    const reportChat = { id: `a:shared-report-${Date.now()}`, conversationType: 'personal' };
    const response = await fetch(`${a.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `m${nextId++}`,
        text: 'mca report',
        locale: 'en-US',
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: { id: '29:omar', name: 'Omar' },
        recipient: { id: '28:bot', name: 'Bot' },
        conversation: reportChat,
      }),
    });
    expect(response.status).toBe(200);
    const summary = await until(() =>
      connector.requests.find((r) => r.method === 'PUT' && cardOf(r).includes('MCA report: 11 customers')),
    );
    const link = /"url":"(http:\/\/127\.0\.0\.1:\d+\/downloads\/[^"]+)"/.exec(cardOf(summary))?.[1];
    expect(link).toBeDefined();
    const { pathname } = new URL(link!);
    // Both instances read the same report from the shared store; only the one that signed the link serves it.
    expect((await fetch(`${a.bot.url}${pathname}`)).status).toBe(200);
    expect((await fetch(`${b.bot.url}${pathname}`)).status).toBe(404);
  });

  it('reports ready with its storage', async () => {
    const ready = await fetch(`${a.bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', storage: 'blob' });
    expect(await (await fetch(`${b.bot.url}/healthz`)).json()).toEqual({ status: 'alive' });
  });
});

describe('readiness', () => {
  it('is 503, with the reason, when the storage does not answer', async () => {
    const app = await startApp(
      loadConfig({
        envDir: envDir(),
        env: {
          PORT: '0',
          START_PLAYGROUND: 'false',
          STORAGE_CONNECTION_STRING: azurite.connectionString.replace(
            /127\.0\.0\.1:\d+/,
            `127.0.0.1:${await unusedPort()}`,
          ),
          STORAGE_CONTAINER: 'unreachable',
        },
      }),
      createLogger('silent'),
    );
    try {
      const response = await fetch(`${app.bot.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        status: 'not ready',
        reason: expect.stringMatching(/^blob storage does not answer/),
      });
      expect((await fetch(`${app.bot.url}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('two Teams-mode instances sharing Blob storage', () => {
  let workDir: string;
  let emulator: RunningEmulator;
  let double: BotFrameworkDouble;
  let instances: BotProcess[] = [];
  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'pca-scale-'));
    emulator = await startEmulator({ data: loadEmulatorData(), tokenSecret: TOKEN_SECRET });
    double = await startBotFrameworkDouble({ botId: TEAMS_BOT_ID, botSecret: TEAMS_BOT_SECRET, workDir });
    const env = {
      ...teamsModeEnv(double, emulator.url),
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      STORAGE_CONTAINER: `teams-${Date.now()}`,
    };
    instances = await Promise.all([startBotProcess(env), startBotProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await double?.close();
    await emulator?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  let nextId = 1;
  const activity = (fields: Record<string, unknown>) => ({
    id: `scale-${nextId++}`,
    channelId: 'msteams',
    serviceUrl: `${double.url}/`,
    from: { id: '29:tania', name: 'Tania Carr' },
    recipient: { id: `28:${TEAMS_BOT_ID}`, name: 'Partner Center Assistant' },
    conversation: { id: 'a:scale-out-personal', conversationType: 'personal' },
    locale: 'en-US',
    ...fields,
  });
  const post = async (instance: BotProcess, body: Record<string, unknown>) => {
    const response = await fetch(`${instance.url}/api/messages`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${double.channelToken(TEAMS_BOT_ID, String(body.serviceUrl))}`,
      },
      body: JSON.stringify(body),
    });
    await response.text();
    return response.status;
  };

  it('signs in once and answers once when duplicate token exchanges reach both instances at once', async () => {
    const [a, b] = instances as [BotProcess, BotProcess];
    double.exchangeable.set('teams-sso-token', tokenFor('29:tania'));
    expect(await post(a, activity({ type: 'message', text: 'invite link' }))).toBe(200);
    const [prompt] = await double.waitForConnectorPosts(1);
    const oauth = (
      prompt?.body.attachments as Array<{
        contentType: string;
        content: { tokenExchangeResource: { id: string } };
      }>
    ).find((attachment) => attachment.contentType === 'application/vnd.microsoft.card.oauth');
    const exchange = activity({
      type: 'invoke',
      name: 'signin/tokenExchange',
      value: {
        id: oauth?.content.tokenExchangeResource.id,
        connectionName: TEAMS_CONNECTION,
        token: 'teams-sso-token',
      },
    });
    expect(await Promise.all([post(a, exchange), post(b, { ...exchange, id: `scale-${nextId++}` })])).toEqual(
      [200, 200],
    );
    // Both exchanges are answered: an invoke's response waits for its turn, so every reply is already here.
    const answers = double.connectorPosts.filter((p) =>
      JSON.stringify(p.body).includes('invType=ResellerRelationship'),
    );
    expect(answers).toHaveLength(1);
  });
});

describe('graceful shutdown', () => {
  // Whatever a failed or timed-out test leaves running is killed: a bot given ten minutes' grace must not linger.
  const running: BotProcess[] = [];
  afterEach(() => Promise.all(running.splice(0).map((bot) => bot.stop('SIGKILL'))));

  it('on SIGTERM stops taking requests, finishes the turn under way, saves its state, and exits 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pca-slow-'));
    const data = path.join(dir, 'slow.json');
    writeFileSync(data, JSON.stringify({ ...loadEmulatorData(), latencyMs: 700 }));
    const connector = await startConnectorDouble();
    const env = {
      START_PLAYGROUND: 'false',
      PARTNER_CENTER_EMULATOR_DATA: data,
      SHUTDOWN_GRACE_MS: '600000',
      STORAGE_CONNECTION_STRING: azurite.connectionString,
      STORAGE_CONTAINER: `graceful-${Date.now()}`,
    };
    const first = await startBotProcess(env);
    running.push(first);
    let second: BotProcess | undefined;
    try {
      let nextId = 1;
      const message = (bot: BotProcess, text: string) =>
        fetch(`${bot.url}/api/messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            type: 'message',
            id: `graceful-${nextId++}`,
            text,
            locale: 'en-US',
            channelId: 'msteams',
            serviceUrl: connector.url,
            from: { id: '29:tania' },
            recipient: { id: '28:bot' },
            conversation: { id: 'a:graceful', conversationType: 'personal' },
          }),
        });
      expect((await message(first, 'agreements')).status).toBe(200);
      await connector.waitFor(1);
      // The answer to "Which customer?" needs Partner Center, which takes 0.7 s here: "typing…" says the turn is
      // under way (it comes 0.4 s into a turn's work).
      const slow = message(first, 'Wingtip Toys');
      await until(() => connector.requests.some((r) => r.body.type === 'typing'), { capMs: 15_000 });
      const stopped = first.stop('SIGTERM');
      // The signal went while the answer was still to come: only the first question's reply had been posted.
      expect(connector.requests.filter((r) => r.body.type === 'message')).toHaveLength(1);

      // No longer listening: the load balancer sends new requests to the other instances.
      await until(
        () =>
          fetch(`${first.url}/readyz`).then(
            () => false,
            () => true,
          ),
        { capMs: 15_000 },
      );
      expect((await slow).status).toBe(200);
      // The grace is far longer than this test may take: it exits when the turn is done, not when the grace ends.
      expect(await stopped).toBe(0);
      expect(first.output()).not.toMatch(/turns still under way/);
      const [, answer] = await connector.waitFor(2);
      expect(JSON.stringify(answer?.body)).toContain('Tania Carr');
      expect(first.output()).toMatch(/SIGTERM received: stopping/);

      // The finished dialog was saved before the exit: on the next instance words that would be searched as a
      // company name, were they the answer to "Which customer?", are not taken as the answer to a question already
      // answered.
      second = await startBotProcess(env);
      running.push(second);
      expect((await message(second, 'the printer is broken')).status).toBe(200);
      const [, , reply] = await connector.waitFor(3);
      expect(JSON.stringify(reply?.body)).toContain('I did not understand “the printer is broken”');
    } finally {
      await first.stop('SIGKILL');
      await second?.stop();
      await connector.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
