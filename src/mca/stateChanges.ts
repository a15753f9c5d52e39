import type { ReportRow } from './reportRow';
import { mostUrgentFirst } from './urgency';
import type { McaState } from './verdict';

/**
 * Each customer's state at one run of a watch, what the next run compares against; and for a customer unknown at
 * that run, the state it last had when known. A Partner Center outage then reads as customers unknown for a while,
 * not as all of them blocked or sellable again once it answers.
 */
export interface StateBaseline {
  states: Record<string, McaState>;
  known?: Record<string, Exclude<McaState, 'unknown'>>;
}

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

/**
 * The baseline a run leaves: each customer's state, and the last known one of those unknown now. `partial`: the run
 * did not list every customer (the list stopped advancing): those it did not see keep their state from `before`,
 * so that their next change is still told.
 */
export function baselineOf(
  rows: readonly ReportRow[],
  before?: StateBaseline,
  { partial = false }: { partial?: boolean } = {},
): StateBaseline {
  // Maps, not object keys: an id is Partner Center's, and "__proto__" must stay a customer like any other.
  const states = new Map(partial && before ? Object.entries(before.states) : []);
  const known = new Map(partial && before?.known ? Object.entries(before.known) : []);
  for (const row of rows) {
    states.set(row.id, row.state);
    const last = before && lastKnown(before, row.id);
    if (row.state === 'unknown' && last) known.set(row.id, last);
    else known.delete(row.id);
  }
  return { states: Object.fromEntries(states), known: Object.fromEntries(known) };
}

/** The state a customer last had when Partner Center answered for it, as `baseline` keeps it. */
function lastKnown(baseline: StateBaseline, id: string): Exclude<McaState, 'unknown'> | undefined {
  const state = Object.hasOwn(baseline.states, id) ? baseline.states[id] : undefined;
  if (state !== 'unknown') return state;
  return baseline.known && Object.hasOwn(baseline.known, id) ? baseline.known[id] : undefined;
}

/**
 * The customers whose state changed since `before`, most urgent first. Unknown now: a change when it was known
 * then. Known now: compared with its last known state, so that a customer unknown for a while and back in the same
 * state has not changed; one unknown since it was first listed is news once known. A customer the baseline did not
 * have is new, not changed (the digest counts it with the others); one no longer listed is gone, and says nothing.
 */
export function changesSince(before: StateBaseline, rows: readonly ReportRow[]): StateChange[] {
  const changes = new Map<ReportRow, McaState>();
  for (const row of rows) {
    const then = Object.hasOwn(before.states, row.id) ? before.states[row.id] : undefined;
    if (then === undefined) continue;
    const from = row.state === 'unknown' ? then : (lastKnown(before, row.id) ?? then);
    if (from !== row.state) changes.set(row, from);
  }
  return mostUrgentFirst([...changes.keys()]).map((row) => ({
    row,
    from: changes.get(row)!,
    kind: KIND_OF[row.state],
  }));
}
