/**
 * npm run bench:report: the MCA report over 500, 5,000 and 20,000 generated customers, against an emulator that
 * throttles each user at R requests a second as Partner Center does. For each: the report's total time against the
 * floor (its answered calls ÷ R), its 429s as a share of its calls, the bot's heap before and after, and the
 * latency of other users' "invite link" while it runs against the same measured idle. Three processes: the
 * emulator, the bot as `npm start` runs it, and this one, which only sends and times. See bench/README.md.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadEmulatorData } from '../src/partnerCenter/emulator/data';
import type { EmulatorStats } from '../src/partnerCenter/emulator/server';
import { closeServer, listen } from '../src/partnerCenter/emulator/server';
import { readBody } from '../test/helpers/servers';
import { teamsMessage } from './activities';
import { startChild, type Child } from './children';
import { percentile, ratio, table } from './stats';

/** The emulated limit per user: the floor of a 20,000-customer report (40,064 calls) is 200 s at 200 a second. */
const RATE = Number(process.env.BENCH_REPORT_RATE ?? 200);
const SIZES = (process.env.BENCH_REPORT_SIZES ?? '500,5000,20000').split(',').map(Number);
/** Other users' invite links, idle and during the report alike: one every 1000 / this ms, whatever answers take. */
const INVITES_PER_SECOND = Number(process.env.BENCH_REPORT_INVITES_PER_SECOND ?? 20);
const IDLE_SECONDS = Number(process.env.BENCH_REPORT_IDLE_SECONDS ?? 20);
/** The other users: each warmed once (token issued, JIT), then asked in turn, each far below its own limit. */
const INVITE_USERS = 200;
const TOKEN_SECRET = 'bench-report-secret';
const REPORTER = { id: '29:bench-reporter', aadObjectId: 'aaaaaaaa-0000-4000-8000-00000000000a' };
const REPORTER_CHAT = 'a:bench-reporter-chat';
/** The report's own calls, as the emulator counts them; the invite links are relationshipRequest, apart. */
const REPORT_OPERATIONS = ['customerList', 'agreements', 'directSignedStatus', 'agreementMetadata'] as const;
const SEEDED_CUSTOMERS = loadEmulatorData().customers.length;
const PAGE_SIZE = 500;
const TARGETS = { timeRatio: 1.2, throttledShare: 0.02, heapGrowthMb: 50, inviteP99Ratio: 2 };

const running = new Set<Child>();

async function child(...args: Parameters<typeof startChild>): Promise<Child> {
  const started = await startChild(...args);
  running.add(started);
  return started;
}

/** By its PID: SIGTERM, then SIGKILL if it has not exited within 10 s. */
async function stop(started: Child): Promise<void> {
  running.delete(started);
  const killer = setTimeout(() => {
    try {
      process.kill(started.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await started.stop();
  clearTimeout(killer);
}

/** CPU seconds the whole machine was busy (steal included: a neighbour's share of the host), from /proc/stat. */
function machineCpuSeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

/** CPU seconds a process has used, from /proc/<pid>/stat (utime and stime, in clock ticks of 1/100 s). */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * What the bot and everything else on the machine used between `start` and `stop`, in cores: the benchmark's
 * figures mean little when something outside it (a test suite, a neighbour) was busy meanwhile.
 */
function cpuMeter(bot: Child, emulator: Child): () => { botCores: number; otherCores: number } {
  const ours = () =>
    processCpuSeconds(process.pid) + processCpuSeconds(bot.pid) + processCpuSeconds(emulator.pid);
  const start = {
    at: performance.now(),
    machine: machineCpuSeconds(),
    ours: ours(),
    bot: processCpuSeconds(bot.pid),
  };
  return () => {
    const seconds = (performance.now() - start.at) / 1000;
    return {
      botCores: (processCpuSeconds(bot.pid) - start.bot) / seconds,
      otherCores: Math.max(0, machineCpuSeconds() - start.machine - (ours() - start.ours)) / seconds,
    };
  };
}

interface Connector {
  url: string;
  /** Resolves with the time the bot's reply to activity `id` arrived, and its text. */
  replyTo(id: string): Promise<{ at: number; body: string }>;
  /** Resolves with the time the report's summary arrived; rejects if it stops on an error or a pause. */
  summary(): Promise<{ at: number; body: string }>;
  close(): Promise<void>;
}

/** Stands where Teams' connector would (every activity's serviceUrl): times the replies as they arrive. */
async function connector(): Promise<Connector> {
  const replies = new Map<string, (reply: { at: number; body: string }) => void>();
  let report: { resolve: (s: { at: number; body: string }) => void; reject: (e: Error) => void } | undefined;
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const at = performance.now();
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ id: `card-${at}` }));
      if (decodeURIComponent(request.url ?? '').includes(REPORTER_CHAT)) {
        if (body.includes('MCA report: ')) report?.resolve({ at, body });
        else if (/stopped on an error|Paused after/.test(body)) report?.reject(new Error(body.slice(0, 500)));
        return;
      }
      const activity = JSON.parse(body) as { type?: string; replyToId?: string };
      if (activity.type !== 'message' || !activity.replyToId) return;
      replies.get(activity.replyToId)?.({ at, body });
      replies.delete(activity.replyToId);
    });
  });
  await listen(server, '127.0.0.1', 0);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    replyTo: (id) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply to ${id} within 30 s`)), 30_000);
        replies.set(id, (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
      }),
    summary: () => new Promise((resolve, reject) => (report = { resolve, reject })),
    close: () => closeServer(server),
  };
}

const post = (bot: Child, activity: Record<string, unknown>): Promise<Response> =>
  fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(activity),
  });

let invites = 0;
/**
 * One "invite link" as Teams sends it (the reply posted to the connector, not returned in the response), from
 * one of the other users in turn; from the POST to the reply reaching the connector.
 */
async function inviteLink(bot: Child, cards: Connector): Promise<number> {
  const n = invites++;
  const id = `invite-${n}`;
  const activity = {
    ...teamsMessage('invite link', n, INVITE_USERS),
    id,
    deliveryMode: undefined,
    serviceUrl: cards.url,
  };
  const reply = cards.replyTo(id);
  const started = performance.now();
  const [response, { at, body }] = await Promise.all([post(bot, activity), reply]);
  if (response.status !== 200 || !body.includes('invType=ResellerRelationship')) {
    throw new Error(`"invite link" answered ${response.status}: ${body.slice(0, 300)}`);
  }
  return at - started;
}

/** Invite links at a steady pace (open loop: a slow answer does not delay the next one) while `going()`. */
async function invitesAtPace(bot: Child, cards: Connector, going: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  const failures: unknown[] = [];
  const pending: Array<Promise<void>> = [];
  const start = performance.now();
  for (let i = 0; going(); i++) {
    pending.push(
      inviteLink(bot, cards).then(
        (ms) => void latencies.push(ms),
        (e) => void failures.push(e),
      ),
    );
    const next = start + ((i + 1) * 1000) / INVITES_PER_SECOND;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
  }
  await Promise.all(pending);
  if (failures.length > 0) throw failures[0];
  return latencies;
}

/** The report's calls and 429s so far, from the emulator. */
async function reportCalls(emulator: Child): Promise<{ requests: number; throttled: number }> {
  const { stats } = (await emulator.ask('stats?')) as { stats: EmulatorStats };
  const sum = (field: 'requests' | 'throttled') =>
    REPORT_OPERATIONS.reduce((total, op) => total + (stats.operations[op]?.[field] ?? 0), 0);
  return { requests: sum('requests'), throttled: sum('throttled') };
}

interface Sample {
  atMs: number;
  requests: number;
  throttled: number;
}

interface Result {
  customers: number;
  requests: number;
  throttled: number;
  totalMs: number;
  floorMs: number;
  summaryCount: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  rssAfterMb: number;
  idle: number[];
  during: number[];
  samples: Sample[];
  /** Cores the bot used during the report, and everything outside the benchmark, idle and during. */
  botCores: number;
  otherCoresIdle: number;
  otherCoresDuring: number;
}

async function run(generated: number): Promise<Result> {
  const customers = generated + SEEDED_CUSTOMERS;
  const emulator = await child(
    'bench/reportEmulator.ts',
    {
      PARTNER_CENTER_EMULATOR_CUSTOMERS: String(generated),
      PARTNER_CENTER_EMULATOR_RATE_LIMIT: String(RATE),
      LOCAL_TOKEN_SECRET: TOKEN_SECRET,
      START_PLAYGROUND: 'false',
      LOG_LEVEL: 'warn',
    },
    { readyPath: '/', portVariable: 'PARTNER_CENTER_EMULATOR_PORT', ipc: true },
  );
  const cards = await connector();
  try {
    // As `npm start` runs it in local mode, logging as in production; the pace's ceiling far above R, so that
    // Partner Center's throttling, not the setting, is what paces the report. No invite-link cache: every other
    // user's invite link is a Partner Center call, the kind that could queue behind the report's.
    const bot = await child(
      'src/index.ts',
      {
        START_PLAYGROUND: 'false',
        PARTNER_CENTER_BASE_URL: emulator.url,
        LOCAL_TOKEN_SECRET: TOKEN_SECRET,
        REPORT_MAX_REQUESTS_PER_SECOND: '10000',
        INVITE_LINK_CACHE_TTL_SECONDS: '0',
        SHUTDOWN_GRACE_MS: '2000',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      },
      { heapProbe: true },
    );
    for (let i = 0; i < INVITE_USERS; i++) await inviteLink(bot, cards);
    const idleUntil = performance.now() + IDLE_SECONDS * 1000;
    const idleCpu = cpuMeter(bot, emulator);
    const idle = await invitesAtPace(bot, cards, () => performance.now() < idleUntil);
    const otherCoresIdle = idleCpu().otherCores;
    const heapBeforeMb = (await bot.memoryAfterGc()).heapUsed / 2 ** 20;

    let finished = false;
    const summary = cards.summary();
    const started = performance.now();
    const reportCpu = cpuMeter(bot, emulator);
    const asked = await post(bot, {
      ...teamsMessage('mca report', 0, 1),
      id: `report-${generated}`,
      deliveryMode: undefined,
      serviceUrl: cards.url,
      from: { ...REPORTER, name: 'Reporter' },
      conversation: { id: REPORTER_CHAT, conversationType: 'personal' },
    });
    const answer = await asked.text();
    if (asked.status !== 200) throw new Error(`"mca report" answered ${asked.status}: ${answer}`);
    const watched = watch(emulator, started, () => finished);
    const during = invitesAtPace(bot, cards, () => !finished);
    // Whatever happens to the report, these end and are awaited before anything else is stopped.
    const both = Promise.allSettled([watched, during]);
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      summary,
      new Promise<never>((_, reject) => {
        // Ten times the floor (two calls a customer): the report is stuck.
        timer = setTimeout(
          () => reject(new Error('no summary in 10 × the floor')),
          (20_000 * customers) / RATE,
        );
      }),
    ]).finally(() => {
      clearTimeout(timer);
      finished = true;
    });
    const cpu = reportCpu();
    await both;
    const [samples, latencies] = await Promise.all([watched, during]);
    const calls = await reportCalls(emulator);
    const memory = await bot.memoryAfterGc();
    await stop(bot);
    return {
      customers,
      ...calls,
      totalMs: ended.at - started,
      // A 429 takes nothing from the user's budget: only answered calls are bound by R.
      floorMs: ((calls.requests - calls.throttled) / RATE) * 1000,
      summaryCount: Number(/MCA report: ([\d,]+) customers/.exec(ended.body)?.[1]?.replace(/,/g, '')),
      heapBeforeMb,
      heapAfterMb: memory.heapUsed / 2 ** 20,
      rssAfterMb: memory.rss / 2 ** 20,
      idle,
      during: latencies,
      samples,
      botCores: cpu.botCores,
      otherCoresIdle,
      otherCoresDuring: cpu.otherCores,
    };
  } finally {
    await cards.close();
    await stop(emulator);
  }
}

/** The report's calls and 429s every second, as the emulator counts them: the pace over time. */
async function watch(emulator: Child, started: number, done: () => boolean): Promise<Sample[]> {
  const samples: Sample[] = [];
  while (!done()) {
    samples.push({ atMs: performance.now() - started, ...(await reportCalls(emulator)) });
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return samples;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number): string => n.toLocaleString('en-US');
const share = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(2)} %`;
const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');

function reportTable(results: Result[]): string {
  return table(
    [
      'customers',
      'calls',
      '429s',
      'share',
      'floor',
      'total',
      'total/floor',
      'heap before MB',
      'after MB',
      'growth MB',
      'bot cores',
      'others',
    ],
    results.map((r) => [
      count(r.customers),
      count(r.requests),
      count(r.throttled),
      share(r.throttled, r.requests),
      seconds(r.floorMs),
      seconds(r.totalMs),
      ratio(r.totalMs, r.floorMs),
      r.heapBeforeMb.toFixed(1),
      r.heapAfterMb.toFixed(1),
      (r.heapAfterMb - r.heapBeforeMb).toFixed(1),
      r.botCores.toFixed(2),
      r.otherCoresDuring.toFixed(2),
    ]),
  );
}

function inviteTable(results: Result[]): string {
  return table(
    [
      'invite link, report over',
      'idle n',
      'p50 ms',
      'p99 ms',
      'during n',
      'p50 ms',
      'ratio',
      'p99 ms',
      'ratio',
      'others idle',
      'during',
    ],
    results.map((r) => {
      const [idle50, idle99, during50, during99] = [
        percentile(r.idle, 50),
        percentile(r.idle, 99),
        percentile(r.during, 50),
        percentile(r.during, 99),
      ];
      return [
        `${count(r.customers)} customers`,
        String(r.idle.length),
        idle50.toFixed(1),
        idle99.toFixed(1),
        String(r.during.length),
        during50.toFixed(1),
        ratio(during50, idle50),
        during99.toFixed(1),
        ratio(during99, idle99),
        r.otherCoresIdle.toFixed(2),
        r.otherCoresDuring.toFixed(2),
      ];
    }),
  );
}

/** Answered calls and 429s a second, per 10 s of the report (per second in a short one): what the pace really was. */
function paceReport(r: Result): string {
  const step = r.samples.length > 30 ? 10 : 1;
  const windows: string[] = [];
  for (let from = 0; from + step < r.samples.length; from += step) {
    const [a, b] = [r.samples[from]!, r.samples[from + step]!];
    const span = (b.atMs - a.atMs) / 1000;
    const answered = (b.requests - b.throttled - (a.requests - a.throttled)) / span;
    windows.push(`${answered.toFixed(0)}/${((b.throttled - a.throttled) / span).toFixed(1)}`);
  }
  return `  ${count(r.customers)} customers, per ${step} s: ${windows.join('  ')}`;
}

function targets(results: Result[]): string {
  const largest = results[results.length - 1]!;
  const worst = (value: (r: Result) => number) => Math.max(...results.map(value));
  const time = worst((r) => r.totalMs / r.floorMs);
  const throttled = worst((r) => r.throttled / r.requests);
  const growth = largest.heapAfterMb - largest.heapBeforeMb;
  const p99 = percentile(largest.during, 99) / percentile(largest.idle, 99);
  return [
    `total ≤ ${TARGETS.timeRatio}× the floor: worst ${time.toFixed(2)}× (${verdict(time <= TARGETS.timeRatio)})`,
    `429s ≤ ${100 * TARGETS.throttledShare} % of calls: worst ${(100 * throttled).toFixed(2)} % (${verdict(throttled <= TARGETS.throttledShare)})`,
    `heap growth ≤ ${TARGETS.heapGrowthMb} MB over the ${count(largest.customers)}-customer report: ${growth.toFixed(1)} MB (${verdict(growth <= TARGETS.heapGrowthMb)})`,
    `invite link p99 during ≤ ${TARGETS.inviteP99Ratio}× idle (${count(largest.customers)} customers): ${p99.toFixed(2)}× (${verdict(p99 <= TARGETS.inviteP99Ratio)})`,
    ...(Math.max(...results.map((r) => Math.max(r.otherCoresIdle, r.otherCoresDuring))) > 0.1
      ? ['the machine was NOT quiet (others > 0.1 cores): run again when nothing else is running']
      : []),
  ].join('\n');
}

async function main(): Promise<void> {
  const began = performance.now();
  const results: Result[] = [];
  for (const size of SIZES) {
    process.stderr.write(`report over ${count(size + SEEDED_CUSTOMERS)} customers at ${RATE} requests/s…\n`);
    const result = await run(size);
    const expected = 1 + Math.ceil(result.customers / PAGE_SIZE) + 2 * result.customers;
    if (result.summaryCount !== result.customers || result.requests - result.throttled < expected) {
      throw new Error(
        `the report listed ${result.summaryCount} of ${result.customers} customers in ` +
          `${result.requests - result.throttled} answered calls (at least ${expected} expected)`,
      );
    }
    results.push(result);
  }
  console.log(
    `MCA report: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; emulated limit ` +
      `R = ${RATE} requests/s per user; floor = answered calls ÷ R; other users' invite links at ` +
      `${INVITES_PER_SECOND}/s, ${IDLE_SECONDS} s idle first\n`,
  );
  console.log(`${reportTable(results)}\n`);
  console.log(`${inviteTable(results)}\n`);
  console.log(
    `the report's pace: answered calls/429s a second, as the emulator counted them\n${results.map(paceReport).join('\n')}\n`,
  );
  console.log(`${targets(results)}\n`);
  console.log(`ran in ${((performance.now() - began) / 1000).toFixed(0)} s`);
}

async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stop));
}

// Last resort (an uncaught error): no child outlives this process.
process.on('exit', () => {
  for (const started of running) {
    try {
      process.kill(started.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(130)));
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(stopAll);
