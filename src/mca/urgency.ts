import { noCounts, type ReportRow } from './reportRow';
import { timeOf, type McaState } from './verdict';

/** The states a sales person acts on, most urgent first: already blocked from buying, never accepted, unknown. */
export const ACTION_STATES = ['reacceptanceNeeded', 'notAccepted', 'unknown'] as const satisfies McaState[];

const RANK: Record<McaState, number> = { reacceptanceNeeded: 0, notAccepted: 1, unknown: 2, canTransact: 3 };

/**
 * Company names compared the same way on every machine and in both languages (not the process's locale), with
 * numbers in order ("Customer 2" before "Customer 10"): the same report sorts the same whoever reads it.
 */
const names = new Intl.Collator('en', { numeric: true });

/**
 * A report's rows, most urgent first, in a total order so that two runs over the same answers list them alike (the
 * summary card and the CSV both): by state (re-acceptance needed, not accepted, unknown, can transact), then the
 * oldest acceptance first (the one furthest behind; rows without a readable date after the dated ones), then the
 * company, then the tenant id.
 */
export function mostUrgentFirst<R extends ReportRow>(rows: readonly R[]): R[] {
  // Each row's date is read once, not at every comparison: a report can have tens of thousands of rows.
  const keyed = rows.map((row) => ({
    row,
    time: row.dateAgreed ? timeOf({ dateAgreed: row.dateAgreed }) : NaN,
  }));
  keyed.sort(
    (a, b) =>
      RANK[a.row.state] - RANK[b.row.state] ||
      byTime(a.time, b.time) ||
      names.compare(a.row.companyName, b.row.companyName) ||
      byCodeUnits(a.row.companyName, b.row.companyName) ||
      byCodeUnits(a.row.id, b.row.id),
  );
  return keyed.map(({ row }) => row);
}

/** Oldest first; an unreadable or missing date after every readable one. */
function byTime(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b));
  return a - b;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The first `perState` rows of each state needing action, in the order of `mostUrgentFirst`: what the summary card
 * lists under each state (the rest are counted, and in the CSV).
 */
export function mostUrgentOfEach<R extends ReportRow>(rows: readonly R[], perState: number): R[] {
  const taken = noCounts();
  return mostUrgentFirst(rows).filter((row) => row.state !== 'canTransact' && ++taken[row.state] <= perState);
}
