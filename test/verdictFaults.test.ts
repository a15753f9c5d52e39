import type { Reply } from '../src/cards/renderer';
import { agreements } from '../src/commands/agreements';
import { readJob, readRows } from '../src/jobs/reportStore';
import { MemoryJobStore } from '../src/storage/memoryJobStore';
import { loadEmulatorData } from '../src/emulator/data';
import type { FaultRule } from '../src/emulator/faults';
import { PartnerCenterClient } from '../src/partnerCenter/client';
import { FakeClock, spedUp } from './helpers/clocks';
import { useSeedEmulator } from './helpers/emulatorSuite';
import { until } from './helpers/poll';
import { keyOf, OWNER, RecordingChannel, reportService, SETTINGS } from './helpers/reportHarness';
import { requestContextFor } from './helpers/replies';
import { tokenFor } from './helpers/seeds';

/**
 * The fault matrix: every Partner Center call a verdict depends on, failing in every way Partner Center fails, for
 * a single check and for the report. "Can transact" is said only when the signals that prove it were read, and
 * the report counts every customer once.
 */

const suite = useSeedEmulator();
const CUSTOMERS = loadEmulatorData().customers.map((customer) => customer.id);

/** Emulator operations, by the signal each gives. */
const CALLS = {
  'the customer': 'customer',
  'the agreements': 'agreements',
  'the MCA versions': 'agreementMetadata',
  'the direct acceptance': 'directSignedStatus',
  'the customer list': 'customerList',
} as const;
type Call = keyof typeof CALLS;

const FAULTS: Record<string, Omit<FaultRule, 'operation'>> = {
  'an error after every retry': { status: 500 },
  'no answer (timeout)': { hang: true },
  'a malformed body': { malformed: true },
  'an oversized body': { oversized: true },
  '401': { status: 401, code: '401' },
  '403': { status: 403, code: '403' },
  '404': { status: 404, code: '404' },
  '429 without end': { status: 429, retryAfter: '1' },
};

const CASES = Object.keys(CALLS).flatMap((call) =>
  Object.keys(FAULTS).map((fault) => [call as Call, fault] as const),
);

/**
 * A client that gives up fast: the matrix is about answers, not waits. Its retries and Retry-After waits go by a
 * clock the test moves (at once); a call that never answers is cut after 200 ms of real time.
 */
const fastClient = (callTimeoutMs = 200) =>
  new PartnerCenterClient({
    baseUrl: suite.emulator.url,
    applicationName: 'test',
    callTimeoutMs,
    maxAttempts: 2,
    clock: new FakeClock(),
  });

/** The single check of one customer: its state and how it can transact, or the error card. */
async function singleCheck(client: PartnerCenterClient, customerId: string, budgetMs = 2000) {
  const request = client.newRequestContext({
    token: tokenFor('tania'),
    locale: 'en-US',
    userKey: 'u',
    budgetMs,
  });
  try {
    const { data }: Reply = await agreements({ id: customerId }, 'mca', {
      ...requestContextFor(client),
      partnerCenter: { client, request },
    });
    const verdict = String(data.verdict);
    const by = /directly/.test(verdict)
      ? 'direct'
      : /^Can transact/.test(verdict)
        ? 'attestation'
        : undefined;
    return { state: String(data.state), by };
  } catch {
    return { state: 'error', by: undefined };
  }
}

/** Which signals a "can transact" rests on. */
const PROVEN_BY: Record<'attestation' | 'direct', Call[]> = {
  attestation: ['the agreements', 'the MCA versions'],
  direct: ['the direct acceptance'],
};

describe('the verdict under every fault, for a single check', () => {
  let truth: Map<string, { state: string; by?: string }>;
  beforeAll(async () => {
    const client = fastClient(5000);
    truth = new Map(
      // Without faults, on a loaded machine too: the truth is read without the faults' short budget.
      await Promise.all(CUSTOMERS.map(async (id) => [id, await singleCheck(client, id, 15_000)] as const)),
    );
    expect([...truth.values()].filter((v) => v.state === 'canTransact')).toHaveLength(3);
  });

  it.each(CASES)('%s failing with %s: "can transact" only from what was read', async (call, fault) => {
    suite.emulator.addFault({ operation: CALLS[call], ...FAULTS[fault] });
    const client = fastClient();
    const answers = await Promise.all(CUSTOMERS.map((id) => singleCheck(client, id)));
    answers.forEach((answer, i) => {
      if (answer.state !== 'canTransact') return;
      const known = truth.get(CUSTOMERS[i]!)!;
      expect(known).toEqual(answer);
      expect(PROVEN_BY[answer.by as 'attestation' | 'direct']).not.toContain(call);
      expect(call).not.toBe('the customer');
    });
  });
});

describe('the verdict under every fault, for the report', () => {
  // Retry-After, backoff and pace in the report's own time, two thousand times faster than real time; the
  // lease long enough that renewing it is not what the test spends its time on.
  const settings = {
    ...SETTINGS,
    leaseMs: 60_000,
    checkpointMs: 3000,
    progressEveryMs: 3000,
    // Every customer's calls at once: a call that never answers costs its timeout once, not once per customer.
    maxConcurrency: 32,
  };
  let truth: Map<string, { state: string; by?: string }>;

  async function report(partnerCenter = fastClient()) {
    const store = new MemoryJobStore();
    const reports = reportService(suite.emulator.url, store, new RecordingChannel(), {
      settings,
      clock: spedUp(2000),
      partnerCenter,
    });
    await reports.request(OWNER, tokenFor('tania'));
    const job = await ended(store);
    const rows = await readRows(store, job);
    await reports.close();
    return { job, rows };
  }

  beforeAll(async () => {
    // The last fault of the tests before is still set: faults are cleared before each test, not before this.
    suite.emulator.clearFaults();
    const { rows } = await report(fastClient(5000));
    truth = new Map(rows.map((row) => [row.id, { state: row.state, by: row.by }]));
    expect(rows).toHaveLength(CUSTOMERS.length);
  });

  it.each(CASES)(
    '%s failing with %s: "can transact" only from what was read, each customer once',
    async (call, fault) => {
      suite.emulator.addFault({ operation: CALLS[call], ...FAULTS[fault] });
      const { job, rows } = await report();
      const ids = rows.map((row) => row.id);
      expect(new Set(ids).size).toBe(ids.length);
      if (job.status === 'done') {
        expect(job.committed.checked).toBe(CUSTOMERS.length);
        expect(ids.sort()).toEqual([...CUSTOMERS].sort());
      } else {
        // Stopped (the list unreadable, the user's token refused): nothing is shown as a result.
        expect(['failed', 'paused']).toContain(job.status);
      }
      for (const row of rows.filter((r) => r.state === 'canTransact')) {
        expect(truth.get(row.id)).toEqual({ state: row.state, by: row.by });
        expect(PROVEN_BY[row.by!]).not.toContain(call);
      }
    },
  );
});

/** The report once it has ended, whichever way. */
function ended(store: MemoryJobStore) {
  return until(async () => {
    const job = (await readJob(store, keyOf(OWNER.userKey)))?.job;
    return job && job.status !== 'running' && job;
  });
}
