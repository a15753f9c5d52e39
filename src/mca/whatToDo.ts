import type { ReportRow } from './reportRow';
import type { McaState } from './verdict';

/** Where a customer's admin accepts the updated MCA: Settings > Partner relationships > Accept agreement. */
export const ADMIN_CENTER_ACCEPTANCE_URL =
  'https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement';

/**
 * What to do about a report's customer, as a message key of `report.next` (the cards layer says it): by its state,
 * and for an unknown one, without a reselling relationship the invite, else why it could not be checked.
 */
export type WhatToDo =
  { next: Exclude<McaState, 'unknown'> } | { next: 'noRelationship' } | { next: 'unknown'; failure: string };

export function whatToDo(row: Pick<ReportRow, 'state' | 'failure'>): WhatToDo {
  if (row.state !== 'unknown') return { next: row.state };
  if (row.failure === 'noRelationship') return { next: 'noRelationship' };
  return { next: 'unknown', failure: row.failure ?? 'other' };
}

/**
 * What a report row's verdict rests on, as a message key of `report.basis`: the partner's attestation of the current
 * version, the customer's own acceptance (which tells neither date nor version), an attestation of an earlier
 * version, one whose version could not be judged (the MCA's versions unread), no acceptance at all, or a signal that
 * could not be read (and why).
 */
export type VerdictBasis =
  | { on: 'attestedCurrent' | 'direct' | 'attestedEarlier' | 'attestedUnjudged' | 'none' }
  | { on: 'unread'; failure: string };

export function verdictBasis(row: Pick<ReportRow, 'state' | 'by' | 'dateAgreed' | 'failure'>): VerdictBasis {
  switch (row.state) {
    case 'canTransact':
      // Rows saved without `by`: only an attestation carries a date.
      return {
        on:
          (row.by ?? (row.dateAgreed ? 'attestation' : 'direct')) === 'direct' ? 'direct' : 'attestedCurrent',
      };
    case 'reacceptanceNeeded':
      return { on: 'attestedEarlier' };
    case 'notAccepted':
      return { on: 'none' };
    default:
      return row.failure === 'versionsUnreadable'
        ? { on: 'attestedUnjudged' }
        : { on: 'unread', failure: row.failure ?? 'other' };
  }
}

/** A report row's CSV fields, before words: the state, the basis and what to do stay keys for the cards layer. */
export interface ReportCsvFields {
  id: string;
  companyName: string;
  domain: string;
  state: McaState;
  basis: VerdictBasis;
  /** YYYY-MM-DD, or empty. */
  date: string;
  /** The accepted MCA's template id, or empty. */
  templateId: string;
  contactName: string;
  contactEmail: string;
  next: WhatToDo;
  /** Where the customer's admin accepts, when the step is an acceptance. */
  actionUrl?: string;
}

export function reportCsvFields(row: ReportRow): ReportCsvFields {
  const steps = row.state === 'reacceptanceNeeded' || row.state === 'notAccepted';
  return {
    id: row.id,
    companyName: row.companyName,
    domain: row.domain ?? '',
    state: row.state,
    basis: verdictBasis(row),
    date: row.dateAgreed ? row.dateAgreed.slice(0, 10) : '',
    templateId: row.templateId ?? '',
    contactName: row.contact?.name ?? '',
    contactEmail: row.contact?.email ?? '',
    next: whatToDo(row),
    actionUrl: steps ? ADMIN_CENTER_ACCEPTANCE_URL : undefined,
  };
}
