import { jobCards } from '../../src/commands/jobCards';
import { loadEmulatorData, type EmulatorData } from '../../src/emulator/data';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { watchCards } from '../../src/commands/watchCards';
import { ConversationGone, type ReportChannel } from '../../src/jobs/reportPorts';
import type { ReportOwner } from '../../src/jobs/reportRecord';
import { readJob } from '../../src/jobs/reportStore';
import { WatchService } from '../../src/jobs/watches';
import { watchKeyOf, watchRunKey, watchSchema, type Watch } from '../../src/jobs/watchRecord';
import { silentLogger } from '../../src/log';
import type { Schedule } from '../../src/schedule';
import type { JobStore } from '../../src/storage/jobStore';
import { until } from './poll';
import { RecordingChannel, REPORT_CLOCK, reportService } from './reportHarness';
import { TOKEN_SECRET } from './seeds';

/** A channel of the sales team, where Tania asked "watch MCA here". */
export const CHANNEL_ID = '19:sales@thread.tacv2';

export const SUBSCRIBER: ReportOwner = {
  userKey: 'user-1',
  userId: '29:tania',
  userName: 'Tania Carr',
  tenantId: 'partner-tenant',
  locale: 'en-US',
  timeZone: 'Europe/Paris',
  conversationKind: 'channel',
  maskContacts: true,
  conversation: { conversation: { id: CHANNEL_ID } },
};

/**
 * A schedule that never falls by itself: a test says when a run is due (`due`), so that each run is the one it
 * asks for. `asked` records the times it was asked after, to show that a missed run counts from now.
 */
export class ManualSchedule implements Schedule {
  readonly asked: number[] = [];
  next(after: number): number {
    this.asked.push(after);
    return after + 7 * 24 * 3_600_000;
  }
}

/** A channel that the bot was removed from: every post is refused as the connector refuses it (403). */
export class RemovedChannel extends RecordingChannel {
  removed = false;
  override async post(owner: ReportOwner, reply: Parameters<ReportChannel['post']>[1]) {
    if (this.removed) throw new ConversationGone('the connector answered 403');
    return super.post(owner, reply);
  }
}

/** One instance: its reports (the watch's runs among them) and its watches, on `store`, posting to `channel`. */
export function watchingInstance(
  emulatorUrl: string,
  store: JobStore,
  channel: ReportChannel,
  options: {
    instanceId?: string;
    schedules?: { digest: Schedule; check: Schedule };
    tendDeadlineMs?: number;
  } = {},
) {
  const reports = reportService(emulatorUrl, store, channel, {
    instanceId: options.instanceId,
    cards: jobCards({ emulated: true, currentSince: '2023-04-01' }),
  });
  const schedules = options.schedules ?? { digest: new ManualSchedule(), check: new ManualSchedule() };
  const watches = new WatchService({
    store,
    reports,
    channel,
    cards: watchCards({ emulated: true, maskContactDetails: true }),
    schedules,
    clock: REPORT_CLOCK,
    logger: silentLogger,
    tendDeadlineMs: options.tendDeadlineMs,
  });
  return {
    reports,
    watches,
    schedules,
    close: async () => {
      await watches.close();
      await reports.close();
    },
  };
}

export async function storedWatch(store: JobStore, conversationId = CHANNEL_ID): Promise<Watch | undefined> {
  const stored = await store.read(watchKeyOf(conversationId));
  return stored && watchSchema.parse(stored.value);
}

/** Makes the watch's next check (or digest) due now, as the schedule would once its time comes. */
export async function due(store: JobStore, what: 'check' | 'digest', conversationId = CHANNEL_ID) {
  const watch = (await storedWatch(store, conversationId))!;
  const next = what === 'digest' ? { nextDigestAt: 0 } : { nextCheckAt: 0 };
  await store.write(watchKeyOf(conversationId), { ...watch, ...next }, 'any');
}

/**
 * Once the watch has told the run it started last (posted its card, or found nothing to post); a run other than
 * `after` when given.
 */
export function told(
  store: JobStore,
  { after, conversationId = CHANNEL_ID }: { after?: string; conversationId?: string } = {},
): Promise<Watch> {
  return until(async () => {
    const watch = await storedWatch(store, conversationId);
    const run = watch?.run;
    return run !== undefined && run.jobId !== after && watch?.toldJobId === run.jobId && watch;
  });
}

/** The watch's run as stored. */
export async function runOf(store: JobStore, watch: Watch) {
  return (await readJob(store, watchRunKey(watch.id, watch.run?.digest === true)))?.job;
}

export const WATCH_CUSTOMERS = {
  wingtip: '14876998-c0dc-46e6-9d0c-65a57a6c32ec',
  contoso: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
  woodgrove: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f',
};
const CURRENT_TEMPLATE = '6c2f8e4a-0d1b-4c7e-9a35-8b4f2e1d7c90';

/**
 * An emulator of the calling file's own, on data it can change between runs, as customers accept or lapse in
 * Partner Center; put back as shipped, and its faults cleared, after each test.
 */
export function useWatchEmulator() {
  let data: EmulatorData | undefined;
  let emulator: RunningEmulator | undefined;
  let pristine = '';
  beforeAll(async () => {
    data = loadEmulatorData();
    pristine = JSON.stringify(data.customers);
    emulator = await startEmulator({ data, tokenSecret: TOKEN_SECRET, clock: REPORT_CLOCK });
  });
  afterAll(() => emulator?.close());
  afterEach(() => {
    const original = JSON.parse(pristine) as EmulatorData['customers'];
    data?.customers.forEach((customer, i) => (customer.agreements = original[i]!.agreements));
    emulator?.clearFaults();
  });
  const customer = (id: string) => data!.customers.find((one) => one.id === id)!;
  return {
    get emulator(): RunningEmulator {
      return emulator!;
    },
    /** Wingtip Toys accepts the current MCA today; Contoso Ltd's acceptance is gone (not accepted any more). */
    wingtipAcceptsAndContosoLapses() {
      customer(WATCH_CUSTOMERS.wingtip).agreements!.push({
        primaryContact: { firstName: 'Tania', lastName: 'Carr', email: 'tania@wingtiptoys.example' },
        templateId: CURRENT_TEMPLATE,
        dateAgreed: '2026-11-30T00:00:00',
        type: 'MicrosoftCustomerAgreement',
      } as never);
      customer(WATCH_CUSTOMERS.contoso).agreements = [];
    },
  };
}
