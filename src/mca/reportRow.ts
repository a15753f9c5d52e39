import { MCA_STATES, type AgreementFacts, type McaState, type McaVerdict } from './verdict';

/** One customer's line of the report: what the verdict says, and what the CSV and the summary show. */
export interface ReportRow {
  id: string;
  companyName: string;
  domain?: string;
  state: McaState;
  by?: 'attestation' | 'direct';
  /** The acceptance the verdict names (ISO). */
  dateAgreed?: string;
  /** Its agreement template: the MCA version accepted (none for a direct acceptance, which does not say). */
  templateId?: string;
  contact?: { name: string; email?: string };
  /** Why it is unknown: the kind of failure of the call that could not be made. */
  failure?: string;
}

/** A customer as the report lists it. */
export type ReportCustomer = Pick<ReportRow, 'id' | 'companyName' | 'domain'>;

/**
 * A customer's line from its verdict: the state, the acceptance's date and contact, and for an unknown verdict the
 * first signal that could not be read ("versionsUnreadable" when it was the MCA's versions).
 */
export function reportRow(customer: ReportCustomer, verdict: McaVerdict): ReportRow {
  const { acceptance } = verdict;
  // The phone number is left out: neither the card nor the CSV shows it, so it is not kept either.
  const email = acceptance?.primaryContact?.email;
  const unchecked = verdict.unchecked[0];
  return {
    ...customer,
    state: verdict.state,
    by: verdict.by,
    dateAgreed: acceptance?.dateAgreed,
    templateId: acceptance?.templateId,
    contact: acceptance && { name: contactName(acceptance), email },
    failure:
      verdict.state !== 'unknown' || !unchecked
        ? undefined
        : unchecked.signal === 'templates'
          ? 'versionsUnreadable'
          : unchecked.failure,
  };
}

/** A customer whose id is not a tenant id: never sent to Partner Center, unknown. */
export function invalidIdRow(customer: ReportCustomer): ReportRow {
  return { ...customer, state: 'unknown', failure: 'invalidId' };
}

export function contactName(agreement: Pick<AgreementFacts, 'primaryContact'>): string {
  const { firstName, lastName } = agreement.primaryContact;
  return `${firstName} ${lastName}`.trim() || '—';
}

/** The CSV's file name: the day the report ended (times in epoch milliseconds). */
export function reportFileName(job: { finishedAt?: number; updatedAt: number }): string {
  return `mca-report-${new Date(job.finishedAt ?? job.updatedAt).toISOString().slice(0, 10)}.csv`;
}

/** Customers by MCA state: a report's counts. */
export type StateCounts = Record<McaState, number>;

export const noCounts = (): StateCounts => ({
  canTransact: 0,
  reacceptanceNeeded: 0,
  notAccepted: 0,
  unknown: 0,
});

export function countRows(rows: Iterable<Pick<ReportRow, 'state'>>): StateCounts {
  const counts = noCounts();
  for (const row of rows) counts[row.state] += 1;
  return counts;
}

export function addCounts(a: StateCounts, b: StateCounts): StateCounts {
  const sum = noCounts();
  for (const state of MCA_STATES) sum[state] = a[state] + b[state];
  return sum;
}
