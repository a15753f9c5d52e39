import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MemoryStorage, type Storage, type StoreItems } from 'botbuilder';
import { startApp } from '../../src/app';
import type { StateStorage } from '../../src/bot/stateStorage';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { systemClock, type Clock } from '../../src/clock';
import { loadEmulatorData } from '../../src/emulator/data';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import type { RunningHttpServer } from '../../src/server/httpServer';
import { useShippedEnvDir } from '../helpers/envDir';
import { until } from '../helpers/poll';
import { SEED_TENANT, TOKEN_SECRET } from '../helpers/seeds';
import { startConnectorDouble, type ConnectorDouble } from '../helpers/servers';

/** Memory storage that fails on demand, as Blob storage does when it is stopped or unreachable. */
class FailingStorage implements Storage {
  private readonly inner = new MemoryStorage();
  failReads = false;
  failWrites = false;
  /** The next write loses a race with another instance, and every read after it fails. */
  conflictThenFailReads = false;

  async read(keys: string[]): Promise<StoreItems> {
    if (this.failReads) throw new Error('storage read failed: connect ECONNREFUSED 127.0.0.1:10000');
    return this.inner.read(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    if (this.failWrites) throw new Error('storage write failed: connect ECONNREFUSED 127.0.0.1:10000');
    if (this.conflictThenFailReads) {
      this.conflictThenFailReads = false;
      this.failReads = true;
      throw new Error('eTag conflict: the state changed meanwhile');
    }
    return this.inner.write(changes);
  }

  async delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }
}

const storage = new FailingStorage();
const logLines: string[] = [];

/**
 * Partner Center held by the test: while held, the emulator's latency ends only when the test lets it answer, so
 * what the bot does meanwhile is seen without timing anything. Not held, latency is real time.
 */
let held: { answered: Promise<void>; answer(): void } | undefined;
function holdPartnerCenter(): () => void {
  let answer = () => {};
  const answered = new Promise<void>((resolve) => (answer = resolve));
  held = { answered, answer };
  emulator.addFault({ operation: '*', latencyMs: 1 });
  return answer;
}
const emulatorClock: Clock = {
  now: () => systemClock.now(),
  sleep: (ms) => held?.answered ?? systemClock.sleep(ms),
};
let emulator: RunningEmulator;
let connector: ConnectorDouble;
let bot: RunningHttpServer;
const envDir = useShippedEnvDir();

async function startBot(overrides: { outboundTimeoutMs?: number } = {}): Promise<RunningHttpServer> {
  const logger = createLogger('debug', (line) => logLines.push(line));
  const state: StateStorage = { storage, kind: 'memory', probe: async () => undefined };
  const config = loadConfig({
    envDir: envDir(),
    env: {
      PORT: '0',
      START_PLAYGROUND: 'false',
      PARTNER_CENTER_BASE_URL: emulator.url,
      PARTNER_CENTER_RETRY_BASE_MS: '1',
      LOCAL_TOKEN_SECRET: TOKEN_SECRET,
      ANSWER_DEADLINE_MS: '400',
    },
  });
  const app = await startApp(config, logger, { state, ...overrides });
  return app.bot;
}

beforeAll(async () => {
  emulator = await startEmulator({
    data: loadEmulatorData(),
    tokenSecret: TOKEN_SECRET,
    clock: emulatorClock,
  });
  connector = await startConnectorDouble();
  bot = await startBot();
});

afterAll(async () => {
  await bot?.close();
  await connector?.close();
  await emulator?.close();
});

beforeEach(() => {
  // Each test reads the lines it caused, not those of the tests before it.
  logLines.splice(0);
  storage.failReads = false;
  storage.failWrites = false;
  storage.conflictThenFailReads = false;
  connector.requests.splice(0);
  emulator.clearFaults();
});

afterEach(() => {
  held?.answer();
  held = undefined;
});

let nextId = 1;
function message(text: string): Record<string, unknown> {
  return {
    type: 'message',
    id: `activity-${nextId++}`,
    text,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: '29:tania', name: 'Tania Carr' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: 'a:personal', conversationType: 'personal' },
    locale: 'en-US',
  };
}

async function post(activity: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await response.text();
  return response.status;
}

const cardOf = (request: { body: Record<string, unknown> }) => JSON.stringify(request.body.attachments);

describe('a turn that fails', () => {
  it.each([
    ['reading', () => (storage.failReads = true)],
    ['writing', () => (storage.failWrites = true)],
    ['reading again after a race', () => (storage.conflictThenFailReads = true)],
  ])('when storage fails on %s, the user gets the error card, not silence', async (_name, fail) => {
    fail();
    // A question: the turn keeps it in the conversation's state.
    await post(message('agreements'));
    const [reply] = await connector.waitFor(1);
    expect(cardOf(reply!)).toContain('Something went wrong on my side');
    expect(cardOf(reply!)).toMatch(/Support reference: [0-9a-f-]{36}/);
    // The question asked before the failed save is not sent: its state was not kept.
    expect(connector.requests.map(cardOf).join()).not.toContain('Which customer?');
    expect(logLines.join('\n')).toMatch(/turn failed .*storage (read|write) failed/);
  });

  it('does not touch a failing store for a request answered in one turn: there is nothing to keep', async () => {
    storage.failWrites = true;
    await post(message(`agreements for ${SEED_TENANT}`));
    const [reply] = await connector.waitFor(1);
    expect(cardOf(reply!)).toContain('Tania Carr');
  });

  it('leaves the bot answering once storage is back', async () => {
    expect(await post(message('help'))).toBe(200);
    const [reply] = await connector.waitFor(1);
    expect(cardOf(reply!)).toContain('What I can do');
  });
});

describe('a connector that accepts and never answers', () => {
  it('is given up on after the outbound timeout: the turn ends and no socket stays open', async () => {
    const open = new Set<Socket>();
    const hanging = createServer(() => undefined);
    hanging.on('connection', (socket) => {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const other = await startBot({ outboundTimeoutMs: 300 });
    try {
      const { port } = hanging.address() as AddressInfo;
      const response = await fetch(`${other.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...message('help'), serviceUrl: `http://127.0.0.1:${port}` }),
      });
      expect(response.status).toBe(200);
      await response.text();
      // Every attempt (the pipeline's retries and ours) gives up after 300 ms: well within 20 s in all.
      expect(await other.close(20_000)).toBe(0);
      // The bot closed its end; the close reaches this server a moment later.
      await until(() => open.size === 0, { capMs: 2000 });
      expect(logLines.join('\n')).toMatch(/turn failed .*AbortError/);
    } finally {
      await other.close();
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  }, 30_000);
});

describe('the answer deadline', () => {
  it('answers the request in time when Partner Center is slow, and the reply follows', async () => {
    const letPartnerCenterAnswer = holdPartnerCenter();
    expect(await post(message(`agreements for ${SEED_TENANT}`))).toBe(200);
    // Answered while Partner Center was still being asked: nothing posted yet.
    expect(connector.requests.filter((r) => r.body.type === 'message')).toHaveLength(0);
    letPartnerCenterAnswer();
    const [reply] = await connector.waitFor(1);
    expect(cardOf(reply!)).toContain('Tania Carr');
  });

  it('waits for the turn when the replies travel in the response (expectReplies)', async () => {
    emulator.addFault({ operation: '*', latencyMs: 800 });
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...message(`agreements for ${SEED_TENANT}`), deliveryMode: 'expectReplies' }),
    });
    const body = (await response.json()) as { activities: Array<Record<string, unknown>> };
    expect(response.status).toBe(200);
    expect(JSON.stringify(body.activities)).toContain('Tania Carr');
  });

  it('lets a turn answered early finish before the server closes', async () => {
    const own = await startBot();
    const letPartnerCenterAnswer = holdPartnerCenter();
    const response = await fetch(`${own.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(message(`agreements for ${SEED_TENANT}`)),
    });
    expect(response.status).toBe(200);
    await response.text();
    // Closing while the turn waits for Partner Center: the grace is only an upper limit, never waited out.
    const closing = own.close(60_000);
    letPartnerCenterAnswer();
    expect(await closing).toBe(0);
    expect(connector.requests.map(cardOf).join()).toContain('Tania Carr');
  });
});
