import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { startBotProcess, type BotProcess } from '../helpers/botProcess';

/**
 * Every attack the intake was built against, sent over real HTTP to the bot's real entry point in its own
 * process. After each: the bot still answers (health and a "help" message, each for under a second of its CPU),
 * its memory stays bounded, and nothing is left in its temp folder. The figures (status, time, CPU, memory of each
 * attack) are printed at the end when an attack's test fails, or always with SHOW_FIGURES=1: a passing run stays
 * quiet, since a table of 413, 415 and 421 reads like a failure.
 */

interface Sent {
  status: number;
  ms: number;
  /** The bot's CPU time meanwhile: what it cost, which a busy machine does not inflate as it does `ms`. */
  cpuMs: number;
}

interface Attack {
  name: string;
  /** What a refusal or an answer may be; anything else (a 500, a dropped connection) fails. */
  expected: number[];
  send(bot: BotProcess): Promise<Sent>;
}

const json = { 'Content-Type': 'application/json' };

/** Any request at all, with headers fetch would refuse to send (Host, Content-Length, Transfer-Encoding). */
function send(
  bot: BotProcess,
  options: {
    path?: string;
    method?: string;
    headers?: Record<string, string | number>;
    body?: Buffer | string | ((write: (chunk: Buffer) => boolean) => Promise<void>);
  },
): Promise<Sent> {
  const { port } = new URL(bot.url);
  const started = performance.now();
  const cpuBefore = cpuMs(bot.pid);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: options.path ?? '/api/messages',
        method: options.method ?? 'POST',
        headers: options.headers,
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            ms: performance.now() - started,
            cpuMs: cpuMs(bot.pid) - cpuBefore,
          }),
        );
      },
    );
    // The bot may answer and close before the whole body is sent: that is the point of several attacks.
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      reject(error);
    });
    const { body } = options;
    if (typeof body === 'function') {
      void body((chunk) => request.write(chunk)).then(() => request.end());
    } else {
      request.end(body);
    }
  });
}

let nextId = 1;
function activity(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `hostile-${nextId++}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: '29:hostile', name: 'Hostile' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: `a:hostile-${nextId}`, conversationType: 'personal' },
    locale: 'en-US',
    text: 'help',
    ...fields,
  };
}

const post = (bot: BotProcess, body: unknown, headers: Record<string, string> = json) =>
  send(bot, { headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bot's deadline for a request body (REQUEST_BODY_TIMEOUT_MS), short here: the slow body waits it out. */
const BODY_TIMEOUT_MS = 1000;

const ATTACKS: Attack[] = [
  {
    name: 'corrupt gzip body (18 bytes)',
    expected: [415],
    send: (bot) => post(bot, 'not gzip at all!!!', { ...json, 'Content-Encoding': 'gzip' }),
  },
  {
    name: 'gzip bomb (250 MB inflated)',
    expected: [415],
    send: (bot) => {
      const bomb = gzipSync(Buffer.alloc(250 * 2 ** 20, 0x20), { level: 9 });
      return send(bot, { headers: { ...json, 'Content-Encoding': 'gzip' }, body: bomb });
    },
  },
  {
    name: 'deflate, br and stacked encodings',
    expected: [415],
    send: async (bot) => {
      let last: Sent = { status: 0, ms: 0, cpuMs: 0 };
      for (const encoding of ['deflate', 'br', 'gzip, identity', 'identity, gzip', 'x-unknown']) {
        last = await post(bot, activity(), { ...json, 'Content-Encoding': encoding });
        if (last.status !== 415) return last;
      }
      return last;
    },
  },
  {
    name: 'multipart upload (20 MB)',
    expected: [415],
    send: (bot) =>
      send(bot, {
        headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
        body: async (write) => {
          write(Buffer.from('--b\r\nContent-Disposition: form-data; name="f"; filename="big.bin"\r\n\r\n'));
          const chunk = Buffer.alloc(64 * 1024, 0x61);
          for (let i = 0; i < 320; i++) if (!write(chunk)) await wait(1);
          write(Buffer.from('\r\n--b--\r\n'));
        },
      }),
  },
  {
    name: 'declared body over the limit',
    expected: [413],
    send: (bot) =>
      send(bot, {
        headers: { ...json, 'Content-Length': 50 * 2 ** 20 },
        body: async (write) => {
          write(Buffer.alloc(1024, 0x20));
        },
      }),
  },
  {
    name: 'chunked body of 64 MB',
    expected: [413],
    send: (bot) =>
      send(bot, {
        headers: { ...json, 'Transfer-Encoding': 'chunked' },
        body: async (write) => {
          write(Buffer.from('{"type":"message","text":"'));
          const chunk = Buffer.alloc(64 * 1024, 0x61);
          for (let i = 0; i < 1024; i++) if (!write(chunk)) await wait(1);
        },
      }),
  },
  {
    name: 'body that trickles in (slowloris)',
    expected: [408],
    send: async (bot) => {
      const sent = await send(bot, {
        headers: { ...json, 'Content-Length': 1000 },
        body: async (write) => {
          write(Buffer.from('{"type":'));
          await wait(BODY_TIMEOUT_MS + 1000);
        },
      });
      // Refused at the deadline REQUEST_BODY_TIMEOUT_MS sets, not at the default 10 s.
      expect(sent.ms).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
      expect(sent.ms).toBeLessThan(BODY_TIMEOUT_MS + 1000);
      return sent;
    },
  },
  {
    name: 'another Host (DNS rebinding)',
    expected: [421],
    send: (bot) =>
      send(bot, { headers: { ...json, Host: 'attacker.example' }, body: JSON.stringify(activity()) }),
  },
  {
    name: 'another Host for a CSV download (DNS rebinding)',
    expected: [421],
    send: (bot) =>
      send(bot, {
        method: 'GET',
        path: `/downloads/mca-report-${'A'.repeat(24)}.${'b'.repeat(36)}.${'C'.repeat(43)}.csv`,
        headers: { Host: 'attacker.example' },
      }),
  },
  {
    name: "backtracking bait in a card's customer box",
    expected: [200],
    send: (bot) =>
      post(
        bot,
        activity({
          text: undefined,
          value: { command: 'agreements', customer: `${'<'.repeat(60_000)}${'!'.repeat(60_000)}x` },
        }),
      ),
  },
  {
    name: 'backtracking bait as the answer to "Which customer?"',
    expected: [200],
    send: async (bot) => {
      const conversation = { id: 'a:hostile-prompt', conversationType: 'personal' };
      await post(bot, activity({ text: 'agreements', conversation }));
      return post(bot, activity({ text: `${'<at>'.repeat(7_000)}${'!'.repeat(28_000)}x`, conversation }));
    },
  },
  {
    name: '256 different 200 KB locales',
    expected: [200],
    send: async (bot) => {
      let last: Sent = { status: 0, ms: 0, cpuMs: 0 };
      for (let i = 0; i < 256; i++) {
        const locale = `fr-${String(i).padStart(3, '0')}${'x'.repeat(200 * 1024)}`;
        const timezone = `Europe/${String(i).padStart(3, '0')}${'y'.repeat(20 * 1024)}`;
        last = await post(bot, activity({ locale, entities: [{ type: 'clientInfo', timezone }] }));
        if (last.status !== 200) return last;
      }
      return last;
    },
  },
  {
    name: 'control characters in ids and text (log forging)',
    expected: [200],
    send: (bot) =>
      post(
        bot,
        activity({
          from: { id: '29:x\r\n2026-01-01T00:00:00.000Z error forged\u0085\u2028\u202e', name: '\u0000' },
          text: 'help\r\nerror forged',
        }),
      ),
  },
  {
    name: 'an activity whose value is nested 100,000 deep',
    expected: [200, 400],
    send: (bot) => {
      const body = JSON.stringify(activity({ value: 'NESTED' }));
      return post(bot, body.replace('"NESTED"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    },
  },
];

/** A line of a stack trace in the bot's output. */
const STACK_TRACE = /\n\s+at .*\.(js|ts):\d+/;

/** Resident memory of the bot process, from /proc. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/**
 * CPU time the bot process has used so far (user and system, fields 14 and 15 of /proc/<pid>/stat, in ticks of
 * 10 ms): a bot left busy by an attack spends it, whatever else the machine is doing.
 */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The bot still serves: health, and a real answer to "help", each for less than a second of its CPU. */
async function stillServing(bot: BotProcess): Promise<void> {
  const health = await send(bot, { method: 'GET', path: '/healthz' });
  expect(health.status).toBe(200);
  expect(health.cpuMs).toBeLessThan(1000);
  const help = await post(bot, activity());
  expect(help.status).toBe(200);
  expect(help.cpuMs).toBeLessThan(1000);
}

describe('hostile HTTP against the running bot (local mode)', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'pca-hostile-'));
  const figures: string[] = [];
  /** Attacks whose test started and did not reach its end: a failure, which the figures help to read. */
  const unfinished = new Set<string>();
  let bot: BotProcess;
  let baselineRss = 0;
  let tempBefore: string[] = [];

  beforeAll(async () => {
    bot = await startBotProcess({
      START_PLAYGROUND: 'false',
      LOG_LEVEL: 'info',
      TMPDIR: temp,
      REQUEST_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
    });
    await stillServing(bot);
    baselineRss = rssMb(bot.pid);
    tempBefore = readdirSync(temp, { recursive: true }).map(String).sort();
  }, 90_000);

  afterAll(async () => {
    await bot?.stop();
    rmSync(temp, { recursive: true, force: true });
    if (unfinished.size === 0 && !process.env.SHOW_FIGURES) return;
    // Written as they are, not through console.log, which jest shows under a "●" as it shows failures.
    const table = ['attack | status | time | RSS after', ...figures, `(RSS at start: ${baselineRss} MB)`];
    const failed = [...unfinished].map((name) => `failed: ${name}`);
    process.stdout.write(`\nhostile HTTP, local mode:\n${[...table, ...failed].join('\n')}\n`);
  });

  it.each(ATTACKS.map((attack) => [attack.name, attack] as const))(
    '%s: refused or answered, and the bot keeps serving',
    async (name, attack) => {
      unfinished.add(name);
      const outputBefore = bot.output().length;
      const sent = await attack.send(bot);
      const rss = rssMb(bot.pid);
      figures.push(
        `${attack.name} | ${sent.status} | ${Math.round(sent.ms)} ms (${sent.cpuMs} ms CPU) | ${rss} MB`,
      );
      expect(attack.expected).toContain(sent.status);
      await stillServing(bot);
      // Nothing inflated, buffered or cached beyond a little: the gzip bomb once took it past 1 GB.
      expect(rss).toBeLessThan(baselineRss + 250);
      expect(readdirSync(temp, { recursive: true }).map(String).sort()).toEqual(tempBefore);
      // Refused quietly, with no stack trace; and control characters forge no log line.
      expect(bot.output().slice(outputBefore)).not.toMatch(STACK_TRACE);
      expect(bot.output().slice(outputBefore)).not.toMatch(/^2026-01-01T00:00:00\.000Z error forged/m);
      unfinished.delete(name);
    },
    30_000,
  );

  it('answers random bodies, headers and encodings with a clear status, never a 500 or a crash', async () => {
    const outputBefore = bot.output().length;
    const contentTypes = [
      'application/json',
      'text/plain',
      'application/json; charset=latin1',
      '',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      '*/*',
      'application/JSON ; charset="UTF-8"',
    ];
    const encodings = ['', 'identity', 'gzip', 'deflate', 'br', 'chunked', ' ', 'identity, identity'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...contentTypes),
        fc.constantFrom(...encodings),
        fc.oneof(
          fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes)),
          fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? '')),
          fc
            .dictionary(fc.string(), fc.jsonValue())
            .map((value) => Buffer.from(JSON.stringify({ type: 'message', ...value }))),
        ),
        fc.dictionary(
          fc.constantFrom(
            'x-ms-conversation-id',
            'accept',
            'accept-encoding',
            'expect-ct',
            'origin',
            'x-forwarded-for',
          ),
          fc
            .string({ unit: 'grapheme-ascii', maxLength: 100 })
            .map((value) => value.replace(/[^\x20-\x7e]/g, '')),
        ),
        async (contentType, encoding, body, extra) => {
          const headers: Record<string, string> = { ...extra };
          if (contentType) headers['Content-Type'] = contentType;
          if (encoding) headers['Content-Encoding'] = encoding;
          const sent = await send(bot, { headers, body });
          expect([200, 400, 413, 415]).toContain(sent.status);
          expect(sent.cpuMs).toBeLessThan(1000);
        },
      ),
      { numRuns: 300 },
    );
    await stillServing(bot);
    expect(bot.output().slice(outputBefore)).not.toMatch(STACK_TRACE);
  }, 120_000);
});

describe('hostile HTTP against the running bot (Teams mode)', () => {
  let bot: BotProcess;

  beforeAll(async () => {
    bot = await startBotProcess({
      BOT_ID: '11111111-2222-3333-4444-555555555555',
      BOT_TENANT_ID: '5c7e3b0a-9f4d-4b8e-a1c2-3d4e5f60718a',
      SECRET_BOT_PASSWORD: 'not-used',
      OAUTH_CONNECTION_NAME: 'PartnerCenter',
      ALLOWED_TENANT_IDS: '5c7e3b0a-9f4d-4b8e-a1c2-3d4e5f60718a',
      PARTNER_CENTER_BASE_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'info',
    });
  }, 90_000);

  afterAll(() => bot?.stop());

  it('refuses 1,000 requests with no or malformed Authorization (401), quietly: no stack, no log line', async () => {
    const before = bot.output().length;
    const authorizations = ['', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a.b', 'Bearer ..', 'bearer a.b.c'];
    for (let i = 0; i < 1000; i++) {
      const authorization = authorizations[i % authorizations.length]!;
      const sent = await post(
        bot,
        activity(),
        authorization ? { ...json, Authorization: authorization } : json,
      );
      expect(sent.status).toBe(401);
    }
    expect(bot.output().length - before).toBe(0);
    const health = await send(bot, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
  }, 60_000);
});
