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

/** A report row's CSV fields, before words: the state and what to do stay keys for the cards layer. */
export interface ReportCsvFields {
  id: string;
  companyName: string;
  domain: string;
  state: McaState;
  /** YYYY-MM-DD, or empty. */
  date: string;
  contactName: string;
  contactEmail: string;
  next: WhatToDo;
  /** Where the admin accepts, after what to do, when the step is an acceptance. */
  acceptanceUrl?: string;
}

export function reportCsvFields(row: ReportRow): ReportCsvFields {
  const steps = row.state === 'reacceptanceNeeded' || row.state === 'notAccepted';
  return {
    id: row.id,
    companyName: row.companyName,
    domain: row.domain ?? '',
    state: row.state,
    date: row.dateAgreed ? row.dateAgreed.slice(0, 10) : '',
    contactName: row.contact?.name ?? '',
    contactEmail: row.contact?.email ?? '',
    next: whatToDo(row),
    acceptanceUrl: steps ? ADMIN_CENTER_ACCEPTANCE_URL : undefined,
  };
}
