import { invalidIdRow, reportRow, type ReportRow } from '../mca/reportRow';
import { mcaVerdict, type Signal } from '../mca/verdict';
import { PartnerCenterError } from '../partnerCenter/errors';
import { normalizeTenantId } from '../checks';
import type { AgreementCollection, AgreementMetadata, Customer } from '../partnerCenter/types';

/** The calls one customer's check makes, each already paced and retried by the job. */
export interface CustomerCalls {
  agreements(customerId: string): Promise<AgreementCollection>;
  directSigned(customerId: string): Promise<boolean>;
}

/** Failures that are the user's, not the customer's: the job pauses for them instead of marking anyone. */
export const USER_FAILURES = new Set(['unauthorized', 'mfaRequired']);

/**
 * One customer's line: the same verdict as "agreements for <customer>", from the same signals (the agreements of
 * every type, the customer's own acceptance, and the MCA templates read for the whole report). The customer's
 * own acceptance is asked only when the attestations do not already prove "can transact": it could not change
 * the answer. A call that fails after its retries leaves the customer "unknown", with the reason; so does an id
 * that is not a tenant id. The report goes on either way.
 */
export async function checkCustomer(
  customer: Pick<Customer, 'id' | 'companyName' | 'domain'>,
  calls: CustomerCalls,
  context: { templates: Signal<AgreementMetadata[]>; currentSince: string; today: Date },
): Promise<ReportRow> {
  const id = normalizeTenantId(customer.id);
  const line = { id: id ?? customer.id, companyName: customer.companyName, domain: customer.domain };
  // Never sent to Partner Center: an id that is not a GUID would go into a path.
  if (!id) return invalidIdRow(line);
  const judge = (collection: Signal<AgreementCollection>, directSigned: Signal<boolean>) =>
    mcaVerdict({
      attestations: collection.ok ? { ok: true, value: collection.value.items } : collection,
      directSigned,
      templates: context.templates,
      currentSince: context.currentSince,
      today: context.today,
    });
  const collection = await signalOf(calls.agreements(id));
  const byAttestation = judge(collection, { ok: true, value: false });
  const verdict =
    byAttestation.by === 'attestation'
      ? byAttestation
      : judge(collection, await signalOf(calls.directSigned(id)));
  return reportRow(line, verdict);
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
