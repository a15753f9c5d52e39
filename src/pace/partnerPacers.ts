import { Pacer, type PacerOptions } from './pacer';

/**
 * One pace per partner: Partner Center's budget is the partner's, not a report's, so the reports of one partner
 * tenant that run on this instance share one pacer (its ceiling and its concurrency). A pacer lives while a run
 * holds it: the next report of that partner starts afresh, slow start included.
 */
export class PartnerPacers {
  private readonly held = new Map<string, { pacer: Pacer; runs: number }>();

  constructor(private readonly options: PacerOptions) {}

  /** The pacer of `partner`, until `release` is called once. */
  hold(partner: string): { pacer: Pacer; release(): void } {
    const entry = this.held.get(partner) ?? { pacer: new Pacer(this.options), runs: 0 };
    entry.runs += 1;
    this.held.set(partner, entry);
    let released = false;
    return {
      pacer: entry.pacer,
      release: () => {
        if (released) return;
        released = true;
        entry.runs -= 1;
        if (entry.runs === 0 && this.held.get(partner) === entry) this.held.delete(partner);
      },
    };
  }
}
