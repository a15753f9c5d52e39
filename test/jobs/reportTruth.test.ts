import { reportCsv } from '../../src/cards/reportCsv';
import { readJob, readRows } from '../../src/jobs/reportStore';
import type { MemoryJobStore } from '../../src/storage/memoryJobStore';
import { localizer } from '../../src/i18n/localizer';
import { PartnerCenterClient } from '../../src/partnerCenter/client';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import {
  finished,
  keyOf,
  memoryStore,
  OWNER,
  RecordingChannel,
  REPORT_CLOCK,
  reportService,
  SEED_CUSTOMERS,
  SETTINGS,
  storeWith,
} from '../helpers/reportHarness';
import { until } from '../helpers/poll';
import { tokenFor } from '../helpers/seeds';

// What the report says is never more than what Partner Center's answers prove.

const suite = useSeedEmulator({ clock: REPORT_CLOCK });

async function runReport(options: { partnerCenter?: PartnerCenterClient } = {}) {
  const store = memoryStore();
  const channel = new RecordingChannel();
  const reports = reportService(suite.emulator.url, store, channel, options);
  await reports.request(OWNER, tokenFor('tania'));
  const job = await finished(store);
  const rows = await readRows(store, job);
  await reports.close();
  return { job, rows, channel };
}

describe('an MCA report whose MCA versions cannot be read', () => {
  it('counts no acceptance since April 2023 as "can transact", and says so on its summary and in its CSV', async () => {
    // Every read of the versions fails, its retries included.
    suite.emulator.addFault({ operation: 'agreementMetadata', status: 500 });
    const { job, rows, channel } = await runReport();
    // Contoso Ltd accepted on 12 February 2024: only its template could tell; Litware and Tailspin accepted
    // directly, which needs no version; the acceptances of 2019 and 2021 need re-accepting by their date.
    expect(job.committed.counts).toEqual({
      canTransact: 2,
      reacceptanceNeeded: 2,
      notAccepted: 5,
      unknown: 2,
    });
    expect(rows.find((row) => row.companyName === 'Contoso Ltd')).toMatchObject({
      state: 'unknown',
      failure: 'versionsUnreadable',
      dateAgreed: '2024-02-12T00:00:00',
    });
    const summary = channel.updates.at(-1)!;
    expect(String(summary.data.note)).toContain(
      "Partner Center did not give the MCA's versions: the customers who accepted since April 1, 2023 are unknown (1)",
    );
    const csv = reportCsv(rows, localizer('en-US'));
    expect(csv).toMatch(
      /Contoso Ltd,[^\r\n]*,Unknown,Partner attestation whose version could not be judged,2024-02-12,[^\r\n]*,Check again \(the MCA's versions could not be read\)/,
    );
  });

  it('reads them again at each page: a failure at the start does not decide the whole report', async () => {
    // The first read fails (three tries); the list has one page, so the versions are asked again before it.
    suite.emulator.addFault({ operation: 'agreementMetadata', status: 500, times: 3 });
    const { job } = await runReport();
    expect(job.committed.counts).toEqual({
      canTransact: 3,
      reacceptanceNeeded: 2,
      notAccepted: 5,
      unknown: 1,
    });
  });
});

describe('an MCA report over customers Partner Center lists oddly', () => {
  it('marks a customer whose id is not a tenant id unknown, and goes on with the others', async () => {
    const client = new PartnerCenterClient({ baseUrl: suite.emulator.url, applicationName: 'test' });
    const list = client.listCustomers.bind(client);
    client.listCustomers = async (...args) => {
      const page = await list(...args);
      const [first, ...rest] = page.items;
      return {
        ...page,
        items: [
          // Braces around a GUID are the same tenant: checked as usual.
          { ...first!, id: `{${first!.id.toUpperCase()}}` },
          { id: '../customers/someone-else', companyName: 'Not A Tenant Id' },
          { id: 'x'.repeat(5000), companyName: 'Another One' },
          ...rest,
        ],
      };
    };
    const { job, rows, channel } = await runReport({ partnerCenter: client });
    expect(job.status).toBe('done');
    expect(job.committed.checked).toBe(SEED_CUSTOMERS + 2);
    expect(rows.filter((row) => row.failure === 'invalidId').map((row) => row.companyName)).toEqual([
      'Not A Tenant Id',
      'Another One',
    ]);
    expect(rows.find((row) => row.companyName === 'Wingtip Toys')).toMatchObject({
      state: 'reacceptanceNeeded',
    });
    expect(channel.last).toMatch(/^Finished/);
    // Nothing that is not a tenant id went into a path.
    expect(suite.emulator.requests.some((r) => /someone-else|xxxx/.test(r.path))).toBe(false);
  });
});

describe('the calls of an MCA report', () => {
  it('does not ask for the direct acceptance of a customer whose attestation already proves "can transact"', async () => {
    const before = suite.emulator.requests.length;
    const { rows } = await runReport();
    const directCalls = suite.emulator.requests
      .slice(before)
      .filter((r) => r.path.includes('/directSignedMicrosoftCustomerAgreementStatus'));
    const contoso = rows.find((row) => row.companyName === 'Contoso Ltd')!;
    expect(contoso).toMatchObject({ state: 'canTransact', by: 'attestation' });
    expect(directCalls.some((r) => r.path.includes(contoso.id))).toBe(false);
    expect(directCalls).toHaveLength(SEED_CUSTOMERS - 1);
  });
});

describe('the pace of MCA reports', () => {
  it('is one per partner: the reports of one tenant share its ceiling, another tenant has its own', async () => {
    // A ceiling low enough that two reports beside each other outrun it on a loaded machine too: what is measured
    // is whose ceiling they share, not how fast this machine can go (at 20 a second, a busy machine fell short).
    const settings = { ...SETTINGS, maxRatePerSecond: 6, maxConcurrency: 4 };
    const store = memoryStore();
    const reports = reportService(suite.emulator.url, store, new RecordingChannel(), { settings });
    const owner = (user: number, tenantId: string) => ({
      ...OWNER,
      userKey: `user-${user}`,
      userId: `29:user-${user}`,
      tenantId,
    });
    const before = suite.emulator.requests.length;
    // Six colleagues of one partner start a report at the same moment.
    const started = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((user) => reports.request(owner(user, 'partner-a'), tokenFor(`user-${user}`))),
    );
    await Promise.all(started.map(({ job }) => finishedJob(store, job.owner.userKey)));
    const calls = suite.emulator.requests.slice(before).map((r) => r.at);
    // Partner Center's calls of all six together, in any second: the one ceiling, not six times it.
    expect(busiestSecond(calls)).toBeLessThanOrEqual(settings.maxRatePerSecond + 1);
    expect(calls.length).toBeGreaterThan(6 * SEED_CUSTOMERS);

    // Another partner's report, beside one of partner A's, goes at its own pace.
    const both = suite.emulator.requests.length;
    const [a, b] = await Promise.all([
      reports.request(owner(7, 'partner-a'), tokenFor('user-7'), true),
      reports.request(owner(8, 'partner-b'), tokenFor('user-8'), true),
    ]);
    await Promise.all([finishedJob(store, a.job.owner.userKey), finishedJob(store, b.job.owner.userKey)]);
    expect(busiestSecond(suite.emulator.requests.slice(both).map((r) => r.at))).toBeGreaterThan(
      settings.maxRatePerSecond + 1,
    );
    await reports.close();
  });
});

/** The most calls made in any one second (of the report's clock). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((x, y) => x - y);
  let busiest = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last]! - sorted[first]! >= 1000) first++;
    busiest = Math.max(busiest, last - first + 1);
  }
  return busiest;
}

/** A user's report once done. */
function finishedJob(store: MemoryJobStore, userKey: string) {
  return until(async () => {
    const job = (await readJob(store, keyOf(userKey)))?.job;
    return job?.status === 'done' && job;
  });
}

describe('a finished MCA report asked for again and again', () => {
  it('reads none of its rows: its summary and CSV were made once, when it ended', async () => {
    const memory = memoryStore();
    const reads: string[] = [];
    const store = storeWith(memory, { read: (key) => (reads.push(key), memory.read(key)) });
    const reports = reportService(suite.emulator.url, store, new RecordingChannel());
    await reports.request(OWNER, tokenFor('tania'));
    const done = await finished(memory);
    expect(done.result).toMatchObject({ total: SEED_CUSTOMERS, needingAction: 8 });
    reads.splice(0);
    for (let press = 0; press < 40; press++) {
      const again = await reports.request(OWNER, tokenFor('tania'));
      expect(again.kind).toBe('finished');
      const latest = await reports.latest(OWNER.userKey);
      expect(await reports.csv(latest!)).toMatch(/^\uFEFFTenant id,Company/);
    }
    // The job's record, and the CSV itself when it is sent: never a page of rows.
    expect(reads.filter((key) => /mca-report-pages\/[^/]+\/\d+$/.test(key))).toEqual([]);
    await reports.close();
  });
});

describe('the summary of an MCA report over the shipped customers', () => {
  it('shows every state needing action, most urgent first, in the order of the CSV', async () => {
    const { job, rows, channel } = await runReport();
    const summary = channel.updates.at(-1)!;
    type Group = { heading: string; customers: Array<{ name: string }>; more?: string };
    const groups = (summary.data.groups as Group[]).map((group) => ({
      heading: group.heading,
      names: group.customers.map((customer) => customer.name),
      more: group.more,
    }));
    expect(groups).toEqual([
      { heading: 'Re-acceptance needed: 2', names: ['Wingtip Toys', 'Northwind Traders'], more: undefined },
      {
        heading: 'Not accepted: 5',
        names: ['Adventure Works Cycles', 'Alpine Ski House', 'Contoso Electronics'],
        more: '+2 more in the CSV, most urgent first.',
      },
      { heading: 'Unknown: 1', names: ['Woodgrove Bank'], more: undefined },
    ]);
    // What was worked out when it ended: the first of each state, as the CSV lists them.
    const csvNames = reportCsv(rows, localizer('en-US'))
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(job.result!.urgent.map((row) => row.companyName)).toEqual([
      ...csvNames.slice(0, 2),
      ...csvNames.slice(2, 5),
      'Woodgrove Bank',
    ]);
  });
});

describe('the progress card of an MCA report', () => {
  it('gives no time left while customers are still being listed, only the pace, so it never jumps back', async () => {
    const store = memoryStore();
    const channel = new RecordingChannel();
    // Four customers a page: the list is complete only at the third page.
    const reports = reportService(suite.emulator.url, store, channel, {
      settings: { ...SETTINGS, pageSize: 4, maxConcurrency: 2 },
    });
    suite.emulator.addFault({ operation: 'agreements', latencyMs: 300 });
    await reports.request(OWNER, tokenFor('tania'));
    await finished(store);
    await reports.close();
    const progress = [...channel.posted, ...channel.updates]
      .map((card) => ({ status: String(card.data.status), eta: String(card.data.eta ?? '') }))
      .filter((card) => card.status.startsWith('Checked'));
    const listing = progress.filter((card) => card.status.endsWith('listed so far.'));
    const complete = progress.filter((card) => !card.status.endsWith('listed so far.'));
    expect(listing.length).toBeGreaterThan(0);
    for (const card of listing) expect(card.eta).not.toMatch(/left/);
    expect(listing.some((card) => /customers checked a minute/.test(card.eta))).toBe(true);
    for (const card of complete) expect(card.eta).toMatch(/^(About .* left\.)?$/);
  });
});

describe('a report customer that is not the partner’s', () => {
  it('is given the invite link to send, with its button, never "check again"', async () => {
    const { rows, channel } = await runReport();
    const woodgrove = rows.find((row) => row.companyName === 'Woodgrove Bank')!;
    expect(woodgrove).toMatchObject({ state: 'unknown', failure: 'noRelationship' });
    const summary = channel.updates.at(-1)!;
    type Group = { heading: string; customers: Array<Record<string, unknown>> };
    const unknown = (summary.data.groups as Group[]).find((group) => group.heading.startsWith('Unknown'))!;
    const line = unknown.customers.find((customer) => customer.name === 'Woodgrove Bank');
    expect(line).toMatchObject({ check: 'Invite link', checkAction: { command: 'inviteLink' } });
    expect(String(line!.details)).toContain('no active reselling relationship');
    expect(String(line!.details)).not.toContain('Check again');
    expect(reportCsv(rows, localizer('en-US'))).toMatch(
      /Woodgrove Bank,[^\r\n]*,Send them your reseller invite link: you are not their reseller yet\./,
    );
  });
});
