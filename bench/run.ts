/**
 * npm run bench: what one message costs in our bot against a bare echo bot measured in the same run, the
 * critical path of "agreements for" in Partner Center round trips, card expansion, and memory over 10,000 turns.
 * Every process is started here on 127.0.0.1 and stopped here; see bench/README.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadEmulatorData } from '../src/emulator/data';
import { teamsMessage } from './activities';
import { timeCardRendering } from './cardRendering';
import { startChild, type Child } from './children';
import { load, type LoadResult } from './load';
import { median, percentile, ratio, table } from './stats';

const SEED_TENANT = '14876998-c0dc-46e6-9d0c-65a57a6c32ec';
const SEED_DOMAIN = 'wingtiptoys.onmicrosoft.com';
const CRITICAL_PATH_LATENCY_MS = 100;
const CONNECTIONS = 10;
const CONVERSATIONS = 100;
const seconds = Number(process.env.BENCH_SECONDS ?? 8);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'pca-bench-'));
const running = new Set<Child>();

async function child(
  entry: string,
  env: Record<string, string>,
  options?: Parameters<typeof startChild>[2],
): Promise<Child> {
  const started = await startChild(entry, env, options);
  running.add(started);
  return started;
}
async function stop(started: Child): Promise<void> {
  running.delete(started);
  await started.stop();
}

/** The emulator in its own process, so its work is not counted as the bot's. */
function emulator(latencyMs: number, partnerKind = 'direct'): Promise<Child> {
  const data = path.join(scratch, `emulator-${latencyMs}.json`);
  writeFileSync(data, JSON.stringify({ ...loadEmulatorData(), latencyMs }));
  return child(
    'src/emulator/main.ts',
    {
      PARTNER_CENTER_EMULATOR_DATA: data,
      PARTNER_CENTER_EMULATOR_PARTNER_KIND: partnerKind,
      LOG_LEVEL: 'warn',
    },
    { readyPath: '/', portVariable: 'PARTNER_CENTER_EMULATOR_PORT' },
  );
}

/** Our bot as `npm start` runs it in local mode, without the Playground, logging as in production (info, JSON). */
function ourBot(partnerCenterUrl: string, options: { heapProbe?: boolean } = {}): Promise<Child> {
  return child(
    'src/index.ts',
    {
      START_PLAYGROUND: 'false',
      PARTNER_CENTER_BASE_URL: partnerCenterUrl,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    },
    options,
  );
}

interface Measured extends LoadResult {
  name: string;
  peakRssMb: number;
}

async function throughput(): Promise<Measured[]> {
  const scenarios = [
    { name: 'echo bot (floor)', text: 'hello', expect: 'You said: hello' },
    { name: 'help', text: 'help', expect: 'What I can do' },
    { name: 'invite link (cache warm)', text: 'invite link', expect: 'invType=ResellerRelationship' },
    {
      // An indirect reseller's link goes through its provider: its providers, resellers and link all cached.
      name: 'invite link, indirect reseller (cache warm)',
      text: 'invite link',
      expect: 'invType=IndirectResellerRelationship',
      partnerKind: 'indirectReseller',
    },
    { name: `agreements for <tenant id>`, text: `agreements for ${SEED_TENANT}`, expect: 'Tania Carr' },
  ];
  const partnerCenter = await emulator(0);
  const indirect = await emulator(0, 'indirectReseller');
  const results: Measured[] = [];
  for (const scenario of scenarios) {
    const emulatorUrl = 'partnerKind' in scenario ? indirect.url : partnerCenter.url;
    const bot =
      scenario.name === 'echo bot (floor)' ? await child('bench/echoBot.ts', {}) : await ourBot(emulatorUrl);
    const run = { url: bot.url, text: scenario.text, expect: scenario.expect, conversations: CONVERSATIONS };
    // Warm-up: JIT, every user's sign-in and invite link cached.
    await load({ ...run, connections: CONNECTIONS, durationSeconds: 2 });
    const measured = await load({ ...run, connections: CONNECTIONS, durationSeconds: seconds });
    results.push({ name: scenario.name, ...measured, peakRssMb: bot.peakRssMb() });
    await stop(bot);
  }
  await stop(partnerCenter);
  await stop(indirect);
  return results;
}

async function criticalPath(): Promise<Array<{ name: string; medianMs: number; p90Ms: number }>> {
  const partnerCenter = await emulator(CRITICAL_PATH_LATENCY_MS);
  const bot = await ourBot(partnerCenter.url);
  const results = [];
  let sequence = 0;
  for (const [name, text] of [
    ['agreements for <tenant id>', `agreements for ${SEED_TENANT}`],
    ['agreements for <domain>', `agreements for ${SEED_DOMAIN}`],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 23; i++) {
      const started = performance.now();
      const response = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(teamsMessage(text, sequence++, 1_000_000)),
      });
      const body = await response.text();
      if (!body.includes('Tania Carr'))
        throw new Error(`"${text}" answered ${response.status}: ${body.slice(0, 300)}`);
      if (i >= 3) times.push(performance.now() - started);
    }
    results.push({ name, medianMs: median(times), p90Ms: percentile(times, 90) });
  }
  await stop(bot);
  await stop(partnerCenter);
  return results;
}

interface MemoryRun {
  rssMb: number[];
  heapUsedMb: number[];
  turnsPerBatch: number;
}

/**
 * 10,000 turns (help, invite link, agreements in turn) across 1,000 conversations; after every 1,000, a full
 * garbage collection in the bot, then its RSS and the heap still in use (what it retains).
 */
async function memory(): Promise<MemoryRun> {
  const partnerCenter = await emulator(0);
  const bot = await ourBot(partnerCenter.url, { heapProbe: true });
  const texts = [
    { text: 'help', expect: 'What I can do' },
    { text: 'invite link', expect: 'invType=ResellerRelationship' },
    { text: `agreements for ${SEED_TENANT}`, expect: 'Tania Carr' },
  ];
  const run: MemoryRun = { rssMb: [], heapUsedMb: [], turnsPerBatch: 1000 };
  for (let batch = 0; batch < 10; batch++) {
    await load({
      url: bot.url,
      ...texts[batch % texts.length]!,
      conversations: 1000,
      connections: CONNECTIONS,
      amount: run.turnsPerBatch,
      firstSequence: batch * run.turnsPerBatch,
    });
    const after = await bot.memoryAfterGc();
    run.rssMb.push(after.rss / 2 ** 20);
    run.heapUsedMb.push(after.heapUsed / 2 ** 20);
  }
  await stop(bot);
  await stop(partnerCenter);
  return run;
}

function throughputReport(measured: Measured[]): string {
  const floor = measured[0]!;
  return table(
    ['POST /api/messages', 'req/s', 'ratio', 'p50 ms', 'ratio', 'p99 ms', 'ratio', 'peak RSS MB', 'ratio'],
    measured.map((m) => [
      m.name,
      m.requestsPerSecond.toFixed(0),
      ratio(m.requestsPerSecond, floor.requestsPerSecond),
      m.p50Ms.toFixed(1),
      ratio(m.p50Ms, floor.p50Ms),
      m.p99Ms.toFixed(1),
      ratio(m.p99Ms, floor.p99Ms),
      m.peakRssMb.toFixed(0),
      ratio(m.peakRssMb, floor.peakRssMb),
    ]),
  );
}

function criticalPathReport(path: Awaited<ReturnType<typeof criticalPath>>): string {
  return table(
    [`critical path, L = ${CRITICAL_PATH_LATENCY_MS} ms per call`, 'median ms', '× L', 'p90 ms', '× L'],
    path.map((p) => [
      p.name,
      p.medianMs.toFixed(0),
      (p.medianMs / CRITICAL_PATH_LATENCY_MS).toFixed(2),
      p.p90Ms.toFixed(0),
      (p.p90Ms / CRITICAL_PATH_LATENCY_MS).toFixed(2),
    ]),
  );
}

function cardReport(cards: Awaited<ReturnType<typeof timeCardRendering>>): string {
  return table(
    ['card expansion', 'mean ms', 'p99 ms'],
    cards.map((c) => [c.card, c.meanMs.toFixed(3), c.p99Ms.toFixed(3)]),
  );
}

function memoryReport(run: MemoryRun): string {
  const turns = run.rssMb.length * run.turnsPerBatch;
  // The first three batches are warm-up: every conversation's state created, every cache filled, JIT done.
  const growth = (values: number[]) => values[values.length - 1]! - values[3]!;
  const heapGrowth = growth(run.heapUsedMb);
  const verdict =
    heapGrowth <= Math.max(2, 0.05 * run.heapUsedMb[3]!) ? 'stable after warm-up' : 'GROWING after warm-up';
  const series = (values: number[]) => values.map((value) => value.toFixed(1)).join('  ');
  return [
    `memory after each ${run.turnsPerBatch} turns (full GC first), ${turns} turns across 1000 conversations`,
    `  heap used MB  ${series(run.heapUsedMb)}`,
    `  RSS MB        ${series(run.rssMb)}`,
    `  turns ${3 * run.turnsPerBatch}–${turns}: heap ${signed(heapGrowth)} MB, RSS ${signed(growth(run.rssMb))} MB: ${verdict}`,
  ].join('\n');
}

const signed = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;

/** Sections in the order they run; BENCH_ONLY=memory,cards runs some of them. */
const SECTIONS: Array<[string, () => Promise<string>]> = [
  ['throughput', async () => throughputReport(await throughput())],
  ['critical-path', async () => criticalPathReport(await criticalPath())],
  ['cards', async () => cardReport(await timeCardRendering())],
  ['memory', async () => memoryReport(await memory())],
];

async function main(): Promise<void> {
  const started = performance.now();
  const only = process.env.BENCH_ONLY?.split(',');
  console.log(
    `Partner Center Assistant benchmarks: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ` +
      `Node ${process.version}, ${CONNECTIONS} connections, ${seconds} s per load; ratios are to the echo bot ` +
      `of this run\n`,
  );
  for (const [name, section] of SECTIONS) {
    if (only && !only.includes(name)) continue;
    console.log(`${await section()}\n`);
  }
  console.log(`ran in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await Promise.all([...running].map((started) => started.stop()));
    rmSync(scratch, { recursive: true, force: true });
  });
