/**
 * What keeping conversation state in Blob storage costs per turn, against memory measured in the same run.
 *
 * Two bots side by side, one on MemoryStorage (the baseline), one on Azure Blob storage (Azurite on loopback),
 * both calling one Partner Center emulator. Rounds alternate between them so machine noise falls on both alike.
 * Each round is one new conversation of three turns, sent over HTTP with deliveryMode expectReplies so a turn's
 * time is the whole request: "help" (no dialog), "agreements" (asks which customer: a prompt is saved), and the
 * customer's name (the prompt is read back, Partner Center is called, the dialog ends).
 *
 * Run: npm run bench:state [-- --rounds 200]
 */
import { performance } from 'node:perf_hooks';
import { startApp, type RunningApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { loadEmulatorData } from '../src/emulator/data';
import { startEmulator } from '../src/emulator/server';
import { startAzurite } from '../test/helpers/azurite';
import { unusedPort } from '../test/helpers/servers';
import { mean, median, ratio, table } from './stats';

const TURNS = [
  { name: 'help', text: 'help', expect: 'What I can do' },
  { name: 'agreements (prompt saved)', text: 'agreements', expect: 'Which customer?' },
  { name: 'customer name (prompt answered)', text: 'Wingtip Toys', expect: 'Tania Carr' },
] as const;
const WARM_UP_ROUNDS = 10;

async function main(): Promise<void> {
  const rounds = Number(argument('--rounds') ?? 150);
  const azurite = await startAzurite();
  const emulator = await startEmulator({ data: loadEmulatorData(), tokenSecret: 'local-emulator-secret' });
  const bot = async (storage: Record<string, string>): Promise<RunningApp> =>
    startApp(
      loadConfig({
        env: {
          PORT: String(await unusedPort()),
          START_PLAYGROUND: 'false',
          PARTNER_CENTER_BASE_URL: emulator.url,
          // The invite link is not asked here, but keep every cache out of the comparison.
          INVITE_LINK_CACHE_TTL_SECONDS: '0',
          ...storage,
        },
      }),
      createLogger('silent'),
    );
  const memory = await bot({});
  const blob = await bot({
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    STORAGE_CONTAINER: `bench-${Date.now()}`,
  });
  try {
    const timings = { memory: TURNS.map(() => [] as number[]), blob: TURNS.map(() => [] as number[]) };
    for (let round = 0; round < WARM_UP_ROUNDS + rounds; round += 1) {
      const order = round % 2 === 0 ? (['memory', 'blob'] as const) : (['blob', 'memory'] as const);
      for (const kind of order) {
        const app = kind === 'memory' ? memory : blob;
        const conversationId = `a:bench-${kind}-${round}`;
        for (const [index, turn] of TURNS.entries()) {
          const elapsed = await timedTurn(app, conversationId, turn.text, turn.expect);
          if (round >= WARM_UP_ROUNDS) timings[kind][index]!.push(elapsed);
        }
      }
    }
    report(rounds, timings);
  } finally {
    await blob.close();
    await memory.close();
    await emulator.close();
    await azurite.stop();
  }
}

let nextId = 1;
async function timedTurn(app: RunningApp, conversationId: string, text: string, expected: string) {
  const started = performance.now();
  const response = await fetch(`${app.bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `bench-${nextId++}`,
      text,
      locale: 'en-US',
      channelId: 'msteams',
      deliveryMode: 'expectReplies',
      serviceUrl: 'http://127.0.0.1:9/unused',
      from: { id: '29:bench-user', name: 'Bench User' },
      recipient: { id: '28:bot', name: 'Bot' },
      conversation: { id: conversationId, conversationType: 'personal' },
    }),
  });
  const body = await response.text();
  const elapsed = performance.now() - started;
  // A fast wrong answer must not pass for a fast answer.
  if (response.status !== 200 || !body.includes(expected)) {
    throw new Error(`"${text}" answered ${response.status} without "${expected}": ${body.slice(0, 300)}`);
  }
  return elapsed;
}

function report(rounds: number, timings: { memory: number[][]; blob: number[][] }): void {
  const all = { memory: timings.memory.flat(), blob: timings.blob.flat() };
  const rows = [
    ...TURNS.map((turn, index) => row(turn.name, timings.memory[index]!, timings.blob[index]!)),
    row('all turns', all.memory, all.blob),
  ];
  console.log(
    `conversation state: Blob storage (Azurite) vs memory, ${rounds} conversations each, times in ms\n\n` +
      table(
        ['turn', 'memory p50', 'blob p50', 'added p50', 'memory mean', 'blob mean', 'added mean', 'ratio'],
        rows,
      ),
  );
}

function row(name: string, memory: number[], blob: number[]): string[] {
  const [m50, b50, mMean, bMean] = [median(memory), median(blob), mean(memory), mean(blob)];
  return [
    name,
    m50.toFixed(1),
    b50.toFixed(1),
    (b50 - m50).toFixed(1),
    mMean.toFixed(1),
    bMean.toFixed(1),
    (bMean - mMean).toFixed(1),
    ratio(b50, m50),
  ];
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
