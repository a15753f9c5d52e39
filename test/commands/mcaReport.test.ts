import { CardRenderer } from '../../src/cards/renderer';
import { reportCards } from '../../src/commands/mcaReport';
import type { ReportJob } from '../../src/jobs/reportRecord';
import { countRows, type ReportRow } from '../../src/mca/reportRow';
import { EARLIER_MCA_TEMPLATE, reportJob } from '../helpers/replies';

// The summary of a finished report, by state: what a sales person reads at a glance.

const renderer = new CardRenderer();
const cards = reportCards({ emulated: false, currentSince: '2023-04-01' });

let serial = 0;
function customer(state: ReportRow['state'], overrides: Partial<ReportRow> = {}): ReportRow {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    companyName: `Customer ${serial}`,
    state,
    ...overrides,
  };
}

/** Many customers of each state, the most urgent of each placed last, so that only the order can bring them up. */
function population(): ReportRow[] {
  const rows: ReportRow[] = [];
  for (let i = 0; i < 40; i++) {
    rows.push(
      customer('reacceptanceNeeded', {
        dateAgreed: `2022-0${1 + (i % 9)}-15T00:00:00`,
        templateId: EARLIER_MCA_TEMPLATE,
        contact: { name: `Contact ${i}`, email: `contact${i}@customer.example` },
      }),
      customer('notAccepted', { companyName: `Not Accepted ${100 + i}` }),
      customer('unknown', { failure: 'unavailable', companyName: `Unknown ${100 + i}` }),
      customer('canTransact', { by: 'direct' }),
    );
  }
  rows.push(
    customer('reacceptanceNeeded', {
      companyName: 'Wingtip Toys',
      dateAgreed: '2019-08-27T00:00:00',
      templateId: EARLIER_MCA_TEMPLATE,
      contact: { name: 'Tania Carr', email: 'tania@wingtiptoys.example' },
    }),
    customer('notAccepted', { companyName: 'Adventure Works' }),
    customer('unknown', { companyName: 'Woodgrove Bank', failure: 'noRelationship' }),
  );
  return rows;
}

function finished(rows: ReportRow[], owner: Partial<ReportJob['owner']> = {}, locale = 'en-US'): ReportJob {
  const job = reportJob(locale, { status: 'done', finishedAt: Date.parse('2026-11-22T09:00:00Z') }, owner);
  const done = {
    ...job,
    current: undefined,
    committed: { listed: rows.length, checked: rows.length, counts: countRows(rows) },
  };
  return { ...done, result: cards.outcome(done, rows).result };
}

interface Group {
  heading: string;
  next: string;
  customers: Array<{ name: string; details?: string; check: string; checkAction: Record<string, unknown> }>;
  more?: string;
}
const groupsOf = (job: ReportJob) => cards.summary(job).data.groups as Group[];

describe('the summary of a finished MCA report', () => {
  it('counts every state first, then shows each state needing action with its most urgent customers', () => {
    const data = cards.summary(finished(population())).data;
    expect(data.counts).toEqual([
      { title: 'Can transact', value: '40' },
      { title: 'Re-acceptance needed', value: '41' },
      { title: 'Not accepted', value: '41' },
      { title: 'Unknown', value: '41' },
    ]);
    const groups = data.groups as Group[];
    expect(groups.map((group) => group.heading)).toEqual([
      'Re-acceptance needed: 41',
      'Not accepted: 41',
      'Unknown: 41',
    ]);
    // The oldest acceptance first; never-accepted and unknown customers by name; three of each, the rest counted.
    expect(groups.map((group) => group.customers.map((c) => c.name))).toEqual([
      ['Wingtip Toys', 'Customer 1', 'Customer 37'],
      ['Adventure Works', 'Not Accepted 100', 'Not Accepted 101'],
      ['Unknown 100', 'Unknown 101', 'Unknown 102'],
    ]);
    expect(groups.map((group) => group.more)).toEqual([
      '+38 more in the CSV, most urgent first.',
      '+38 more in the CSV, most urgent first.',
      '+38 more in the CSV, most urgent first.',
    ]);
  });

  it('says what to do once per state, and gives each customer one line: date, contact, and a Check button', () => {
    const rows = population();
    const wingtip = rows.find((row) => row.companyName === 'Wingtip Toys')!;
    const job = finished(rows);
    const [renew, never, unknown] = groupsOf(job);
    expect(renew!.next).toBe(
      'Purchases and changes are blocked until their admin accepts the updated MCA in the Microsoft 365 admin center: Settings > Partner relationships > Accept agreement.',
    );
    expect(never!.next).toMatch(/^You cannot sell to them until their admin accepts the MCA/);
    expect(unknown!.next).toMatch(/^Partner Center gave no answer for these customers/);
    expect(renew!.customers[0]).toEqual({
      name: 'Wingtip Toys',
      details: 'accepted August 27, 2019 · Tania Carr, tania@wingtiptoys.example',
      check: 'Check',
      checkAction: { command: 'agreements', customer: wingtip.id, scope: 'mca' },
    });
    expect(never!.customers[0]).toMatchObject({ name: 'Adventure Works', check: 'Check' });
    expect(never!.customers[0]!.details).toBeUndefined();
    expect(unknown!.customers[0]).toMatchObject({ details: 'Partner Center is unavailable', check: 'Check' });
    // On the rendered card, each instruction once, and no customer line repeating it.
    const text = JSON.stringify(renderer.render(cards.summary(job)));
    expect(text.split('their admin accepts the updated MCA').length - 1).toBe(1);
    expect(text).not.toContain('Their admin accepts the updated MCA');
    expect(text.match(/"title":"Check"/g)).toHaveLength(9);
  });

  it('offers the invite link, not a check, for a customer whose reseller the partner is not', () => {
    const rows = [customer('unknown', { companyName: 'Woodgrove Bank', failure: 'noRelationship' })];
    const [unknown] = groupsOf(finished(rows));
    expect(unknown!.customers).toEqual([
      {
        name: 'Woodgrove Bank',
        details: 'no active reselling relationship',
        check: 'Invite link',
        checkAction: { command: 'inviteLink' },
      },
    ]);
    expect(unknown!.more).toBeUndefined();
  });

  it('shows every state needing action, however many customers the first one has', () => {
    const rows = [
      ...Array.from({ length: 2000 }, (_, i) =>
        customer('reacceptanceNeeded', { dateAgreed: '2021-05-18T00:00:00', companyName: `Renew ${i}` }),
      ),
      customer('notAccepted', { companyName: 'Never' }),
      customer('unknown', { companyName: 'Unread', failure: 'timeout' }),
    ];
    const groups = groupsOf(finished(rows));
    expect(groups.map((group) => group.customers.map((c) => c.name))).toEqual([
      ['Renew 0', 'Renew 1', 'Renew 2'],
      ['Never'],
      ['Unread'],
    ]);
    expect(groups[0]!.more).toBe('+1,997 more in the CSV, most urgent first.');
  });

  it('shows no state that has no customer, and none at all when every customer can transact', () => {
    const some = finished([customer('notAccepted'), customer('canTransact', { by: 'direct' })]);
    expect(groupsOf(some).map((group) => group.heading)).toEqual(['Not accepted: 1']);
    const none = finished([customer('canTransact', { by: 'direct' })]);
    expect(groupsOf(none)).toEqual([]);
    expect(cards.summary(none).data.status).toMatch(/every customer can transact/);
  });

  it('masks contacts where everyone in the conversation reads the card, and shows them whole in a personal chat', () => {
    const rows = population();
    const channel = finished(rows, { conversationKind: 'channel', maskContacts: true });
    const details = groupsOf(channel).flatMap((group) => group.customers.map((c) => c.details ?? ''));
    expect(details[0]).toBe('accepted August 27, 2019 · Tania Carr, t***@wingtiptoys.example');
    expect(details.slice(1, 3)).toEqual([
      expect.stringMatching(/ · Contact \d+, c\*\*\*@customer\.example$/),
      expect.stringMatching(/ · Contact \d+, c\*\*\*@customer\.example$/),
    ]);
    const text = JSON.stringify(renderer.render(cards.summary(channel)));
    expect(text).not.toContain('tania@wingtiptoys.example');
    expect(text).not.toMatch(/contact\d+@customer\.example/);
    const personal = JSON.stringify(renderer.render(cards.summary(finished(rows))));
    expect(personal).toContain('Tania Carr, tania@wingtiptoys.example');
  });

  it('reads in French, with French dates and numbers', () => {
    const groups = groupsOf(finished(population(), {}, 'fr-FR'));
    expect(groups[0]!.heading).toBe('Nouvelle acceptation nécessaire : 41');
    expect(groups[0]!.customers[0]!.details).toBe(
      'accepté le 27 août 2019 · Tania Carr, tania@wingtiptoys.example',
    );
    expect(groups[0]!.customers[0]!.check).toBe('Vérifier');
    expect(groups[1]!.more).toBe('+38 autres dans le CSV, les plus urgents d’abord.');
  });

  it('still shows a report saved before the summary went by state', () => {
    const rows = population();
    const job = finished(rows);
    // Then, the 15 most urgent of all: re-acceptances only.
    const old = {
      ...job,
      result: {
        ...job.result!,
        urgent: rows.filter((row) => row.state === 'reacceptanceNeeded').slice(0, 15),
      },
    };
    const groups = groupsOf(old);
    expect(groups.map((group) => [group.customers.length, group.more])).toEqual([
      [3, '+38 more in the CSV, most urgent first.'],
      [0, '+41 more in the CSV, most urgent first.'],
      [0, '+41 more in the CSV, most urgent first.'],
    ]);
    expect(() => renderer.render(cards.summary(old))).not.toThrow();
  });

  it.each(['en-US', 'fr-FR'])(
    'stays well under Teams’ message size with names and contacts as long as Partner Center allows, in %s',
    (locale) => {
      const long = (state: ReportRow['state'], i: number) =>
        customer(state, {
          companyName: `${'Établissements Très Longs Noms '.repeat(10)}${i}`,
          dateAgreed: state === 'reacceptanceNeeded' ? '2021-05-18T00:00:00' : undefined,
          contact: { name: 'A'.repeat(200), email: `${'b'.repeat(60)}@example.com` },
          failure: state === 'unknown' ? 'indirectReseller' : undefined,
        });
      const rows = Array.from({ length: 2000 }, (_, i) =>
        long((['reacceptanceNeeded', 'notAccepted', 'unknown', 'canTransact'] as const)[i % 4]!, i),
      );
      const card = renderer.render(cards.summary(finished(rows, {}, locale)));
      // Teams refuses a message over 28 KB in some clients (40 KB the documented limit): in UTF-16, as it counts.
      expect(JSON.stringify(card).length * 2).toBeLessThan(28 * 1024);
    },
  );
});
