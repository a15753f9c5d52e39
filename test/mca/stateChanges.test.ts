import { baselineOf, changesSince } from '../../src/mca/stateChanges';
import type { ReportRow } from '../../src/mca/reportRow';
import type { McaState } from '../../src/mca/verdict';

const row = (id: string, state: McaState, dateAgreed?: string): ReportRow => ({
  id,
  companyName: `Customer ${id}`,
  state,
  dateAgreed,
});

describe('what changed between two runs of a watch', () => {
  const before = baselineOf([
    row('a', 'canTransact'),
    row('b', 'reacceptanceNeeded'),
    row('c', 'canTransact'),
    row('d', 'unknown'),
    row('e', 'notAccepted'),
    row('gone', 'canTransact'),
  ]);

  it('names each customer whose state differs, what it was, and how it reads, most urgent first', () => {
    const now = [
      row('a', 'unknown'),
      row('b', 'canTransact'),
      row('c', 'reacceptanceNeeded', '2019-08-27T00:00:00'),
      row('d', 'unknown'),
      row('e', 'reacceptanceNeeded', '2018-01-01T00:00:00'),
      row('new', 'notAccepted'),
    ];
    expect(changesSince(before, now).map(({ row: { id }, from, kind }) => [id, from, kind])).toEqual([
      ['e', 'notAccepted', 'newlyBlocked'],
      ['c', 'canTransact', 'newlyBlocked'],
      ['a', 'canTransact', 'newlyUnknown'],
      ['b', 'reacceptanceNeeded', 'canTransactNow'],
    ]);
  });

  it('finds nothing when every state is the same; a new customer or one gone is not a change', () => {
    const same = [row('a', 'canTransact'), row('b', 'reacceptanceNeeded'), row('new', 'notAccepted')];
    expect(changesSince(before, same)).toEqual([]);
    expect(changesSince({ states: {} }, same)).toEqual([]);
  });

  it('reads an outage as customers unknown once, and back in the same state as no change', () => {
    const first = baselineOf([row('a', 'canTransact'), row('b', 'reacceptanceNeeded')]);
    const outage = [row('a', 'unknown'), row('b', 'unknown')];
    expect(changesSince(first, outage).map(({ kind }) => kind)).toEqual(['newlyUnknown', 'newlyUnknown']);
    const during = baselineOf(outage, first);
    expect(during.known).toEqual({ a: 'canTransact', b: 'reacceptanceNeeded' });
    // Still down: nothing new; the last known states are kept through it.
    expect(changesSince(during, outage)).toEqual([]);
    expect(baselineOf(outage, during).known).toEqual(during.known);
    // Back: a is as before, b changed meanwhile, and is told against its last known state.
    const back = [row('a', 'canTransact'), row('b', 'canTransact')];
    expect(changesSince(during, back).map(({ row: { id }, from, kind }) => [id, from, kind])).toEqual([
      ['b', 'reacceptanceNeeded', 'canTransactNow'],
    ]);
  });

  it('keeps the state of customers a run did not see when its list stopped early', () => {
    const first = baselineOf([row('a', 'canTransact'), row('b', 'unknown')], undefined);
    const partial = baselineOf([row('a', 'reacceptanceNeeded')], first, { partial: true });
    expect(partial.states).toEqual({ a: 'reacceptanceNeeded', b: 'unknown' });
    expect(baselineOf([row('a', 'reacceptanceNeeded')], first).states).toEqual({ a: 'reacceptanceNeeded' });
  });

  it('is not fooled by a customer id that names an Object property', () => {
    expect(changesSince(before, [row('constructor', 'canTransact'), row('__proto__', 'unknown')])).toEqual(
      [],
    );
  });
});
