import fc from 'fast-check';
import type { ReportRow } from '../../src/mca/reportRow';
import { mostUrgentFirst, mostUrgentOfEach } from '../../src/mca/urgency';

// The one order of a report's customers, shared by the summary card and the CSV.

const row = (id: string, overrides: Partial<ReportRow>): ReportRow => ({
  id,
  companyName: `Customer ${id}`,
  state: 'reacceptanceNeeded',
  ...overrides,
});

const rows: ReportRow[] = [
  row('a', { state: 'canTransact', by: 'direct' }),
  row('b', { state: 'unknown', failure: 'unavailable', companyName: 'Alpine Ski House' }),
  row('c', { state: 'notAccepted', companyName: 'Fabrikam' }),
  row('d', { dateAgreed: '2021-05-18T00:00:00', companyName: 'Northwind' }),
  row('e', { dateAgreed: '2019-08-27T00:00:00', companyName: 'Wingtip Toys' }),
  row('f', { state: 'notAccepted', companyName: 'adventure works' }),
  row('g', { state: 'notAccepted', companyName: 'Customer 10' }),
  row('h', { state: 'notAccepted', companyName: 'Customer 2' }),
  row('i', { state: 'unknown', failure: 'versionsUnreadable', dateAgreed: '2024-02-12T00:00:00' }),
  // Same company and date: the tenant id decides.
  row('k', { dateAgreed: '2021-05-18T00:00:00', companyName: 'Northwind' }),
  row('j', { dateAgreed: '2021-05-18T00:00:00', companyName: 'Northwind' }),
  // A date Partner Center wrote with its zone is the same instant as one without.
  row('l', { dateAgreed: '2019-08-27T00:00:00Z', companyName: 'Contoso' }),
  // An unreadable date is not taken for the oldest.
  row('m', { dateAgreed: 'not a date', companyName: 'Aaa' }),
];

describe('the most urgent customers of a report', () => {
  it('come by state, then oldest acceptance, then company (numbers in order, case aside), then tenant id', () => {
    expect(mostUrgentFirst(rows).map((r) => r.id)).toEqual([
      // Re-acceptance needed: 2019 (Contoso before Wingtip Toys), 2021 (Northwind by tenant id), then no date.
      'l',
      'e',
      'd',
      'j',
      'k',
      'm',
      // Not accepted: no dates, by company.
      'f',
      'h',
      'g',
      'c',
      // Unknown: the dated one first.
      'i',
      'b',
      'a',
    ]);
  });

  it('is a total order: any order of the same rows gives the same list, and the input is left as it was', () => {
    const expected = mostUrgentFirst(rows);
    fc.assert(
      fc.property(fc.shuffledSubarray(rows, { minLength: rows.length }), (shuffled) => {
        const copy = [...shuffled];
        expect(mostUrgentFirst(shuffled)).toEqual(expected);
        expect(shuffled).toEqual(copy);
      }),
    );
  });

  it('keeps the first few of each state needing action, none of those who can transact', () => {
    expect(mostUrgentOfEach(rows, 2).map((r) => r.id)).toEqual(['l', 'e', 'f', 'h', 'i', 'b']);
    expect(
      mostUrgentOfEach(
        rows.filter((r) => r.state === 'canTransact'),
        5,
      ),
    ).toEqual([]);
  });
});
