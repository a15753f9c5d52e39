import { normalizeTenantId } from '../checks';
import { customerReference, type CustomerReference } from './customer';
import { plainText } from './normalize';
import type { AgreementScope, InviteTarget } from './request';

/**
 * The fields of a card's Action.Submit (see cards/*.json), read one at a time and distrusted: a client can send
 * anything. Which fields a command reads, and what its button is called (`command`), is the command's entry in
 * src/commands/table.ts; these readers only make each field safe to use.
 */
export interface SubmitValue {
  command?: unknown;
  customer?: unknown;
  scope?: unknown;
  text?: unknown;
  fresh?: unknown;
  /** A paused watch's Resume button. */
  resume?: unknown;
  jobId?: unknown;
  customerId?: unknown;
  customerName?: unknown;
  askedBy?: unknown;
  confirmId?: unknown;
  plan?: unknown;
  withInvite?: unknown;
  relationshipId?: unknown;
  toEnd?: unknown;
  /** Invite link: the indirect provider's tenant id, the indirect reseller's, or `relationship` 'direct' | 'choose'. */
  provider?: unknown;
  reseller?: unknown;
  relationship?: unknown;
  /** The MCA card's "Not this one?": the tenant id of the customer it answered for. */
  notThisOne?: unknown;
}

/** What a GDAP confirmation card carries back: who may confirm, for which customer, and which plan was shown. */
export interface AdminAccessConfirmation {
  /** The customer's tenant id; absent for a generic invitation. */
  customerId?: string;
  customerName?: string;
  /** The user who asked: only they may confirm, in a channel too. */
  askedBy: string;
  /** One per card: a second press of the same button creates nothing more. */
  confirmId: string;
  /** The roles and duration shown (AdminAccessPlan.key). */
  plan: string;
  /** Asked with "invite <customer>": the answer gives both links. */
  withInvite: boolean;
}

/** A request is a command and at most a 256-character customer reference; anything this long is not one. */
export const MAX_REQUEST_LENGTH = 1000;

const AGREEMENT_SCOPES: readonly AgreementScope[] = ['mca', 'mcloudA', 'all'];

/** A card's box can hold anything the client sends: measured before any other reading. */
export function submittedCustomer(value: SubmitValue): CustomerReference {
  const typed = typeof value.customer === 'string' ? value.customer : '';
  return customerReference(typed.length > MAX_REQUEST_LENGTH ? typed : plainText(typed));
}

/** The agreement type a button asks for; the MCA when it names none we know. */
export function submittedScope(value: SubmitValue): AgreementScope {
  return AGREEMENT_SCOPES.find((s) => s === value.scope) ?? 'mca';
}

/** A submitted string, at most `max` characters of plain text; anything else is absent. */
export function submittedText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value.length > max) return undefined;
  return plainText(value) || undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Graph's relationship ids: a GUID, or two joined by a dash. */
const RELATIONSHIP_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/i;

/** A GDAP relationship id as Graph writes them; anything else is absent. */
export function submittedRelationshipId(value: SubmitValue): string | undefined {
  const relationshipId = submittedText(value.relationshipId, 100);
  return relationshipId && RELATIONSHIP_ID.test(relationshipId) ? relationshipId : undefined;
}

/** A confirmation card's button: absent unless who asked, the card's id and the plan are all there and well formed. */
export function submittedConfirmation(value: SubmitValue): AdminAccessConfirmation | undefined {
  const askedBy = submittedText(value.askedBy, 300);
  const confirmId = submittedText(value.confirmId, 36);
  const plan = submittedText(value.plan, 600);
  const customerId = submittedText(value.customerId, 36);
  if (!askedBy || !confirmId || !UUID.test(confirmId) || !plan) return undefined;
  if (customerId !== undefined && !UUID.test(customerId)) return undefined;
  return {
    customerId: customerId?.toLowerCase(),
    customerName: customerId ? submittedText(value.customerName, 256) : undefined,
    askedBy,
    confirmId,
    plan,
    withInvite: value.withInvite === true,
  };
}

/** "Not this one?": the tenant id of the customer turned down; anything else is absent (an ordinary check). */
export function submittedNotThisOne(value: SubmitValue): string | undefined {
  return typeof value.notThisOne === 'string' && value.notThisOne.length <= 64
    ? normalizeTenantId(value.notThisOne)
    : undefined;
}

/**
 * A choice card's invite button. Its ids go into Partner Center's query: only a tenant id is taken, and only a short
 * one is even read; anything else is no target (the plain invite link, which asks again).
 */
export function submittedInviteTarget(value: SubmitValue): InviteTarget | undefined {
  const tenantId = (field: unknown) =>
    typeof field === 'string' && field.length <= 64 ? normalizeTenantId(field) : undefined;
  const provider = tenantId(value.provider);
  if (provider) return { kind: 'provider', id: provider };
  const reseller = tenantId(value.reseller);
  if (reseller) return { kind: 'reseller', id: reseller };
  if (value.relationship === 'direct' || value.relationship === 'choose') return { kind: value.relationship };
  return undefined;
}
