import type { ReportRow } from './reportRow';
import { mostUrgentFirst } from './urgency';
import type { McaState } from './verdict';

/** Each customer's state at one run of a watch: what the next run compares against. */
export type StateBaseline = Record<string, McaState>;

/** How a customer's change reads to a sales person: sellable again, blocked, or no longer known. */
export type ChangeKind = 'canTransactNow' | 'newlyBlocked' | 'newlyUnknown';

/** A customer whose state differs from the baseline's. */
export interface StateChange {
  row: ReportRow;
  from: McaState;
  kind: ChangeKind;
}

const KIND_OF: Record<McaState, ChangeKind> = {
  canTransact: 'canTransactNow',
  reacceptanceNeeded: 'newlyBlocked',
  notAccepted: 'newlyBlocked',
  unknown: 'newlyUnknown',
};

/** The baseline a run leaves: each customer's state. */
export function baselineOf(rows: readonly ReportRow[]): StateBaseline {
  const baseline: StateBaseline = {};
  for (const row of rows) baseline[row.id] = row.state;
  return baseline;
}

/**
 * The customers whose state changed since `before`, most urgent first. A customer the baseline did not have is
 * new, not changed (the digest counts it with the others); one no longer listed is gone, and says nothing.
 */
export function changesSince(before: StateBaseline, rows: readonly ReportRow[]): StateChange[] {
  const changed = rows.filter((row) => {
    const from = Object.hasOwn(before, row.id) ? before[row.id] : undefined;
    return from !== undefined && from !== row.state;
  });
  return mostUrgentFirst(changed).map((row) => ({ row, from: before[row.id]!, kind: KIND_OF[row.state] }));
}
