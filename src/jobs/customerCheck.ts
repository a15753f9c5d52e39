import { mcaVerdict, type Signal } from '../commands/mcaVerdict';
import { contactName } from '../commands/verdictLines';
import { PartnerCenterError } from '../partnerCenter/errors';
import type { Agreement, AgreementCollection, AgreementMetadata, Customer } from '../partnerCenter/types';
import type { ReportRow } from './reportRecord';

/** The calls one customer's check makes, each already paced and retried by the job. */
export interface CustomerCalls {
  agreements(customerId: string): Promise<AgreementCollection>;
  directSigned(customerId: string): Promise<boolean>;
}

/** Failures that are the user's, not the customer's: the job pauses for them instead of marking anyone. */
export const USER_FAILURES = new Set(['unauthorized', 'mfaRequired']);

/**
 * One customer's line: the same verdict as "agreements for <customer>", from the same two calls (the agreements
 * of every type, and the customer's own acceptance) and the MCA templates read once for the whole report. A call
 * that fails after its retries leaves the customer "unknown", with the reason; the report goes on.
 */
export async function checkCustomer(
  customer: Pick<Customer, 'id' | 'companyName' | 'domain'>,
  calls: CustomerCalls,
  context: { templates: Signal<AgreementMetadata[]>; currentSince: string; today: Date },
): Promise<ReportRow> {
  const [collection, directSigned] = await Promise.all([
    signalOf(calls.agreements(customer.id)),
    signalOf(calls.directSigned(customer.id)),
  ]);
  const verdict = mcaVerdict({
    attestations: collection.ok ? { ok: true, value: collection.value.items } : collection,
    directSigned,
    templates: context.templates,
    currentSince: context.currentSince,
    today: context.today,
  });
  const acceptance: Agreement | undefined = verdict.acceptance;
  // The phone number is left out: neither the card nor the CSV shows it, so it is not kept either.
  const email = acceptance?.primaryContact?.email;
  return {
    id: customer.id,
    companyName: customer.companyName,
    domain: customer.domain,
    state: verdict.state,
    by: verdict.by,
    dateAgreed: acceptance?.dateAgreed,
    contact: acceptance && { name: contactName(acceptance), email },
    failure: verdict.state === 'unknown' ? verdict.unchecked[0]?.failure : undefined,
  };
}

/** A call's value, or the kind of its failure; the user's own failures (sign-in) stop the check instead. */
export async function signalOf<T>(call: Promise<T>): Promise<Signal<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    if (!(error instanceof PartnerCenterError) || USER_FAILURES.has(error.kind)) throw error;
    return { ok: false, failure: error.kind };
  }
}
