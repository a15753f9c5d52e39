/**
 * npm run bench:report: the MCA report over 500, 5,000 and 20,000 generated customers, against an emulator that
 * throttles each user at R requests a second as Partner Center does. For each: its calls per customer, the
 * report's total time against the floor (its calls ÷ R), its 429s as a share of its calls, the bot's heap before and after, and the latency of
 * other users' "invite link" while it runs against the same measured idle. See bench/README.md.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { loadEmulatorData } from '../src/emulator/data';
import { startEmulator, type RunningEmulator } from '../src/emulator/server';
import { readBody } from '../test/helpers/servers';
import { teamsMessage } from './activities';
import { startChild, type Child } from './children';
import { percentile, ratio, table } from './stats';

const RATE = Number(process.env.BENCH_REPORT_RATE ?? 100);
const SIZES = (process.env.BENCH_REPORT_SIZES ?? '500,5000,20000').split(',').map(Number);
const TOKEN_SECRET = 'bench-report-secret';
/** Other users' invite links: one every this many ms while a report runs, and as many idle. */
const INVITE_EVERY_MS = 50;
const IDLE_INVITES = 300;
/** The report's own calls, as the emulator counts them (the invite links are other users' and apart). */
const REPORT_OPERATIONS = ['customerList', 'agreements', 'directSignedStatus', 'agreementMetadata'] as const;

/** After each report, "watch MCA here" from another user: its first digest is the same report, and then some. */
const WATCH = process.env.BENCH_REPORT_WATCH !== '0';

interface Connector {
  url: string;
  /** Resolves with the time the report's summary arrived. */
  summary(): Promise<number>;
  /** Resolves with the time a watch's digest arrived. */
  digest(): Promise<number>;
  close(): Promise<void>;
}

/** Where the bot posts and updates the report's card: only the summary's (and the digest's) arrival matters here. */
async function connector(): Promise<Connector> {
  let done: ((at: number) => void) | undefined;
  let digested: ((at: number) => void) | undefined;
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      if (request.method === 'POST' && body.includes('MCA digest: ')) digested?.(performance.now());
      if (request.method === 'PUT' && body.includes('MCA report: ')) done?.(performance.now());
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ id: 'report-card' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    summary: () => new Promise((resolve) => (done = resolve)),
    digest: () => new Promise((resolve) => (digested = resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let sequence = 0;
/** One "invite link" from a user never seen before (no cached link), answered in the HTTP response. */
async function inviteLink(bot: Child): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(teamsMessage('invite link', sequence, Number.MAX_SAFE_INTEGER)),
  });
  sequence += 1;
  const text = await response.text();
  if (!text.includes('Open the link'))
    throw new Error(`no invite link card: ${response.status} ${text.slice(0, 200)}`);
  return performance.now() - started;
}

async function heapMb(bot: Child): Promise<number> {
  return (await bot.memoryAfterGc()).heapUsed / 2 ** 20;
}

async function run(customers: number) {
  const emulator: RunningEmulator = await startEmulator({
    data: loadEmulatorData(),
    tokenSecret: TOKEN_SECRET,
    generatedCustomers: customers,
    rateLimit: { requestsPerSecond: RATE },
  });
  const cards = await connector();
  const bot = await startChild(
    'src/index.ts',
    {
      START_PLAYGROUND: 'false',
      PARTNER_CENTER_BASE_URL: emulator.url,
      LOCAL_TOKEN_SECRET: TOKEN_SECRET,
      REPORT_MAX_REQUESTS_PER_SECOND: '10000',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
    { heapProbe: true },
  );
  try {
    // Idle: other users' invite links with nothing else running.
    for (let i = 0; i < 20; i++) await inviteLink(bot);
    const idle: number[] = [];
    for (let i = 0; i < IDLE_INVITES; i++) idle.push(await inviteLink(bot));
    const heapBefore = await heapMb(bot);

    const summary = cards.summary();
    const started = performance.now();
    await askInPersonalChat(bot, cards, 'mca report', {
      id: `report-${customers}`,
      user: 'reporter',
      key: 'aa',
    });
    // While it runs: an invite link every INVITE_EVERY_MS, from a new user each time.
    const during: number[] = [];
    let finished = false;
    const invites = (async () => {
      const pending: Array<Promise<void>> = [];
      while (!finished) {
        pending.push(inviteLink(bot).then((ms) => void during.push(ms)));
        await new Promise((resolve) => setTimeout(resolve, INVITE_EVERY_MS));
      }
      await Promise.all(pending);
    })();
    const ended = await summary;
    finished = true;
    await invites;
    const totalMs = ended - started;
    const heapAfter = await heapMb(bot);

    const count = (field: 'requests' | 'throttled', stats = emulator.stats()) =>
      REPORT_OPERATIONS.reduce((sum, op) => sum + (stats.operations[op]?.[field] ?? 0), 0);
    const calls = count('requests');
    const throttled = count('throttled');
    const watch = WATCH ? await watchDigest(bot, cards) : undefined;
    // The floor: every call answered at exactly R a second (429s are answers too, and cost the budget nothing).
    const floorMs = ((calls - throttled) / RATE) * 1000;
    return {
      customers: customers + 11,
      calls,
      throttled,
      totalMs,
      floorMs,
      heapBefore,
      heapAfter,
      idleP99: percentile(idle, 99),
      idleP50: percentile(idle, 50),
      duringP99: percentile(during, 99),
      duringP50: percentile(during, 50),
      invitesDuring: during.length,
      watch: watch && { ...watch, calls: count('requests') - calls },
    };
  } finally {
    await bot.stop();
    await cards.close();
    await emulator.close();
  }
}

/**
 * `text` from a user of its own, in their personal chat, answered through `cards` (the connector) rather than in
 * the HTTP response: what a report or a watch posts comes later, from the bot itself.
 */
async function askInPersonalChat(
  bot: Child,
  cards: Connector,
  text: string,
  who: { id: string; user: string; key: string },
): Promise<void> {
  const name = who.user.charAt(0).toUpperCase() + who.user.slice(1);
  const asked = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      ...teamsMessage(text, 0, 1),
      id: who.id,
      deliveryMode: undefined,
      serviceUrl: cards.url,
      from: { id: `29:${who.user}`, name, aadObjectId: `00000000-0000-4000-8000-0000000000${who.key}` },
      conversation: { id: `a:${who.user}-chat`, conversationType: 'personal' },
    }),
  });
  await asked.text();
}

/** "watch MCA here" in another user's chat: the time to its first digest, and the heap once it is posted. */
async function watchDigest(bot: Child, cards: Connector) {
  const digest = cards.digest();
  const started = performance.now();
  await askInPersonalChat(bot, cards, 'watch MCA here', { id: 'watch-1', user: 'watcher', key: 'bb' });
  const totalMs = (await digest) - started;
  return { totalMs, heapAfter: await heapMb(bot) };
}

async function main(): Promise<void> {
  const results = [];
  for (const size of SIZES) {
    process.stderr.write(`report over ${size} generated customers at ${RATE} requests/s…\n`);
    results.push(await run(size));
  }
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  process.stdout.write(
    `MCA report, emulated limit ${RATE} requests/s per user, Node ${process.version}\n\n` +
      table(
        [
          'customers',
          'calls',
          'calls/customer',
          'total',
          'floor',
          'total/floor',
          '429s',
          'heap before → after',
          'invite p99 idle',
          'invite p99 during',
          'during/idle',
        ],
        results.map((r) => [
          r.customers.toLocaleString('en-US'),
          r.calls.toLocaleString('en-US'),
          (r.calls / r.customers).toFixed(2),
          seconds(r.totalMs),
          seconds(r.floorMs),
          ratio(r.totalMs, r.floorMs),
          `${r.throttled} (${((100 * r.throttled) / r.calls).toFixed(2)} %)`,
          `${r.heapBefore.toFixed(0)} → ${r.heapAfter.toFixed(0)} MB (${(r.heapAfter - r.heapBefore).toFixed(1)})`,
          `${r.idleP99.toFixed(1)} ms`,
          `${r.duringP99.toFixed(1)} ms (${r.invitesDuring})`,
          ratio(r.duringP99, r.idleP99),
        ]),
      ) +
      '\n',
  );
  if (!WATCH) return;
  process.stdout.write(
    `\n"watch MCA here" after each report: its first digest, a report of the same customers and its tell\n\n` +
      table(
        ['customers', 'calls', 'to the digest', 'report', 'digest/report', 'heap after the digest'],
        results.map((r) => [
          r.customers.toLocaleString('en-US'),
          r.watch!.calls.toLocaleString('en-US'),
          seconds(r.watch!.totalMs),
          seconds(r.totalMs),
          ratio(r.watch!.totalMs, r.totalMs),
          `${r.watch!.heapAfter.toFixed(0)} MB (${(r.watch!.heapAfter - r.heapBefore).toFixed(1)} over idle)`,
        ]),
      ) +
      '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
