import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import type { FaultRule } from '../../src/emulator/faults';
import { SEED_TENANT } from '../helpers/seeds';
import { useShippedEnvDir } from '../helpers/envDir';

const envDir = useShippedEnvDir();

const TURNS = 1000;
const CONCURRENCY = 10;
const TEXTS = [
  'invite link',
  `agreements for ${SEED_TENANT}`,
  'agreements for wingtiptoys.onmicrosoft.com',
  'all agreements for Wingtip Toys',
  'help',
  'agrements for contoso',
];
/** Injected in turn, each for a few calls: Partner Center slow, hanging, failing, throttling, talking nonsense. */
const FAULTS: FaultRule[] = [
  { latencyMs: 400, times: 6 },
  { hang: true, times: 3 },
  { status: 500, times: 4 },
  { status: 503, times: 4 },
  { status: 429, retryAfter: '1', times: 8 },
  { malformed: true, times: 3 },
];

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const sockets = (): number => process.getActiveResourcesInfo().filter((kind) => /TCP|Pipe/.test(kind)).length;

describe('1,000 turns with Partner Center faults injected', () => {
  it('answers every one within the time budget, logs no secret or contact detail, leaks nothing', async () => {
    const socketsBefore = sockets();
    const lines: string[] = [];
    const app: RunningApp = await startApp(
      loadConfig({
        envDir: envDir(),
        env: {
          PORT: '0',
          START_PLAYGROUND: 'false',
          PARTNER_CENTER_CALL_TIMEOUT_MS: '500',
          PARTNER_CENTER_REQUEST_BUDGET_MS: '3000',
          PARTNER_CENTER_RETRY_BASE_MS: '20',
          INVITE_LINK_CACHE_TTL_SECONDS: '0',
        },
      }),
      createLogger('debug', (line) => lines.push(line)),
    );
    const outcomes = { answered: 0, errorCards: 0, slowest: 0 };
    const heap: Array<[number, number]> = [];
    let next = 0;
    const turn = async (n: number): Promise<void> => {
      if (n % 50 === 0) app.emulator!.addFault(FAULTS[(n / 50) % FAULTS.length]!);
      const started = Date.now();
      const response = await fetch(`${app.bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: `soak-${n}`,
          text: TEXTS[n % TEXTS.length],
          locale: n % 3 ? 'en-US' : 'fr-FR',
          channelId: 'msteams',
          deliveryMode: 'expectReplies',
          serviceUrl: 'http://127.0.0.1:9/',
          from: {
            id: `29:user-${n % 40}`,
            aadObjectId: `00000000-0000-4000-8000-${String(n % 40).padStart(12, '0')}`,
          },
          recipient: { id: '28:bot' },
          conversation: { id: `a:soak-${n % 100}`, conversationType: 'personal' },
        }),
      });
      const body = (await response.json()) as {
        activities?: Array<{ type: string; attachments?: unknown[] }>;
      };
      const elapsed = Date.now() - started;
      outcomes.slowest = Math.max(outcomes.slowest, elapsed);
      expect(response.status).toBe(200);
      const cards = (body.activities ?? []).filter((a) => a.type === 'message' && a.attachments?.length);
      expect(cards.length).toBeGreaterThanOrEqual(1);
      outcomes.answered += 1;
      if (
        JSON.stringify(cards).includes('Support reference') ||
        JSON.stringify(cards).includes('Référence')
      ) {
        outcomes.errorCards += 1;
      }
    };
    const worker = async (): Promise<void> => {
      while (next < TURNS) {
        const n = next++;
        await turn(n);
        if (n === 199 || n === TURNS - 1) heap.push([n + 1, heapMb()]);
      }
    };
    let healthAfter = 0;
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      healthAfter = (await fetch(`${app.bot.url}/healthz`)).status;
    } finally {
      await app.close();
    }
    const log = lines.join('\n');
    console.log(
      `soak: ${outcomes.answered} turns answered (${outcomes.errorCards} with an error card), slowest ${outcomes.slowest} ms; ` +
        `heap ${heap.map(([n, mb]) => `${mb.toFixed(1)} MB after ${n}`).join(', ')}; ` +
        `${app.emulator ? 'faults' : ''} ${FAULTS.length} kinds injected ${TURNS / 50} times; ${lines.length} log lines`,
    );
    expect(outcomes.answered).toBe(TURNS);
    expect(healthAfter).toBe(200);
    expect(outcomes.errorCards).toBeGreaterThan(0);
    // The request budget (3 s) and one Retry-After wait bound every answer.
    expect(outcomes.slowest).toBeLessThan(6000);
    expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(log).not.toMatch(/Bearer|local-emulator-secret|SomeEmail@example\.com|1234567890|Tania|Carr/i);
    const [[, early], [, late]] = heap as [[number, number], [number, number]];
    expect(late - early).toBeLessThan(15);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sockets()).toBeLessThanOrEqual(socketsBefore);
  });
});
