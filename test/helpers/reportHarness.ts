import type { Reply } from '../../src/cards/renderer';
import { reportCards } from '../../src/commands/mcaReport';
import { jobKeyOf, type ReportJob, type ReportOwner } from '../../src/jobs/reportRecord';
import type { ReportChannel, ReportSettings, WorkerDependencies } from '../../src/jobs/reportPorts';
import { readJob } from '../../src/jobs/reportStore';
import { ReportService } from '../../src/jobs/reports';
import type { JobStore } from '../../src/storage/jobStore';
import { MemoryJobStore } from '../../src/storage/memoryJobStore';
import { createLogger, silentLogger } from '../../src/log';
import { PartnerCenterClient } from '../../src/partnerCenter/client';
import type { TickingClock } from '../../src/clock';
import { spedUp } from './clocks';
import { until } from './poll';
import { TODAY, tokenFor } from './seeds';

/** Every customer of the shipped emulator data, by the verdict a single check gives each. */
export const SEED_COUNTS = { canTransact: 3, reacceptanceNeeded: 2, notAccepted: 5, unknown: 1 };
export const SEED_CUSTOMERS = 11;

export const OWNER: ReportOwner = {
  userKey: 'user-1',
  userId: '29:tania',
  locale: 'en-US',
  conversationKind: 'personal',
  maskContacts: false,
  conversation: { conversation: { id: 'a:1' } },
};

/**
 * The time of the reports under test, ten times real time: a 2 s lease is 200 ms of the test's, a 1 s Retry-After
 * 100 ms. Give it to the emulator too (useSeedEmulator), so its latencies are counted in the same time.
 */
export const REPORT_CLOCK = spedUp(10);

export const SETTINGS: ReportSettings = {
  maxRatePerSecond: 500,
  maxConcurrency: 8,
  leaseMs: 2000,
  checkpointMs: 50,
  progressEveryMs: 50,
  pageSize: 500,
  mcaCurrentSince: '2023-04-01',
};

/** A memory store whose leases run on the reports' clock (REPORT_CLOCK unless said). */
export function memoryStore(options: { maxBytes?: number; clock?: TickingClock } = {}): MemoryJobStore {
  const clock = options.clock ?? REPORT_CLOCK;
  return new MemoryJobStore({ maxBytes: options.maxBytes, now: () => clock.now() });
}

/** Where a job's cards went: posted once, then updated in place. */
export class RecordingChannel implements ReportChannel {
  readonly posted: Reply[] = [];
  readonly updates: Reply[] = [];
  /** The token service's next answers: a token, none (sign in again), or an Error it throws. */
  tokens: Array<string | undefined | Error> = [];
  /** Updates fail while set, as when the card was deleted. */
  failUpdates = false;
  async post(_owner: ReportOwner, reply: Reply) {
    this.posted.push(reply);
    return `activity-${this.posted.length}`;
  }
  async update(_owner: ReportOwner, _id: string, reply: Reply) {
    if (this.failUpdates) throw new Error('404 activity not found');
    this.updates.push(reply);
  }
  async token() {
    const next = this.tokens.length > 0 ? this.tokens.shift() : tokenFor('tania');
    if (next instanceof Error) throw next;
    return next;
  }
  /** The last card's status line. */
  get last(): string {
    const reply = this.updates.at(-1) ?? this.posted.at(-1);
    return String(reply?.data.status ?? '');
  }
}

export function reportService(
  emulatorUrl: string,
  store: JobStore,
  channel: ReportChannel,
  options: {
    instanceId?: string;
    settings?: ReportSettings;
    retentionMs?: number;
    partnerCenter?: WorkerDependencies['partnerCenter'];
    clock?: TickingClock;
    /** The cards of a user's report unless said (a watch's runs need jobCards). */
    cards?: WorkerDependencies['cards'];
  } = {},
) {
  return new ReportService({
    store,
    partnerCenter:
      options.partnerCenter ?? new PartnerCenterClient({ baseUrl: emulatorUrl, applicationName: 'test' }),
    channel,
    cards: options.cards ?? reportCards({ emulated: true, currentSince: '2023-04-01' }),
    settings: options.settings ?? SETTINGS,
    retentionMs: options.retentionMs ?? 3_600_000,
    clock: options.clock ?? REPORT_CLOCK,
    logger: process.env.REPORT_LOG ? createLogger('debug') : silentLogger,
    instanceId: options.instanceId ?? 'instance-a',
    today: () => TODAY,
  });
}

export const keyOf = jobKeyOf;

/** The owner's job once it reaches `status`. */
export function finished(store: JobStore, status: ReportJob['status'] = 'done'): Promise<ReportJob> {
  return until(async () => {
    const job = (await readJob(store, keyOf(OWNER.userKey)))?.job;
    return job?.status === status && job;
  });
}

/**
 * `store` seen through some operations of a test's own (a write that fails, lands late, or lets another writer in
 * first; a read that is counted): the others go straight to it.
 */
export function storeWith(store: JobStore, own: Partial<JobStore>): JobStore {
  return { ...passThrough(store), ...own };
}

/** Every operation of `store`, as it is now (a later change to one of its methods does not reach these). */
function passThrough(store: JobStore): JobStore {
  return {
    read: store.read.bind(store),
    write: store.write.bind(store),
    delete: store.delete.bind(store),
    list: store.list.bind(store),
    acquireLease: store.acquireLease.bind(store),
    renewLease: store.renewLease.bind(store),
    releaseLease: store.releaseLease.bind(store),
    breakLease: store.breakLease.bind(store),
  };
}

/** What an instance asks of the store that changes it: what a process that stalls stops asking, all at once. */
const CHANGES = ['write', 'delete', 'acquireLease', 'renewLease', 'releaseLease', 'breakLease'] as const;

/**
 * The same store for instance B; once frozen, instance A's changes (through the original: writes, lease renewals)
 * are held: dropped for good, as those of a process that died, or let through later with `thaw`, as those of a
 * process that stalled (a long GC pause, a frozen VM) and wakes up after its lease ran out.
 */
export function frozenStore(store: JobStore) {
  const live = passThrough(store);
  const held: Array<() => void> = [];
  let frozen = false;
  for (const name of CHANGES) {
    const change = live[name] as (...args: unknown[]) => Promise<unknown>;
    (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      frozen
        ? new Promise((resolve) => held.push(() => void change(...args).then(resolve)))
        : change(...args);
  }
  return {
    live,
    freezeOthers: () => (frozen = true),
    /** Lets the held changes through, in order, and those to come. */
    thaw: () => {
      frozen = false;
      held.splice(0).forEach((release) => release());
    },
  };
}

/** A Partner Center client on the emulator whose calls first wait for what `before` gives for their name. */
export function clientWaitingFirst(emulatorUrl: string, before: (name: string) => Promise<void> | undefined) {
  const client = new PartnerCenterClient({ baseUrl: emulatorUrl, applicationName: 'test' });
  for (const name of [
    'listCustomers',
    'getCustomerAgreements',
    'getDirectSignedMcaStatus',
    'getMcaTemplates',
  ] as const) {
    const call = client[name].bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      await before(name);
      return call(...args);
    };
  }
  return client;
}

/** A Partner Center client whose calls wait while `stalled` is set: a process that stops running for a while. */
export function stallingClient(emulatorUrl: string) {
  let stalled: Promise<void> | undefined;
  let wake = () => undefined as void;
  return {
    client: clientWaitingFirst(emulatorUrl, () => stalled),
    stall: () => (stalled = new Promise<void>((resolve) => (wake = resolve))),
    wake: () => {
      stalled = undefined;
      wake();
    },
  };
}
