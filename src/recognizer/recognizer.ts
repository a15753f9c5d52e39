import { readAdminAccess } from './adminAccess';
import { customerReference, type CustomerReference } from './customer';
import { matchKey, plainText, trimEndOf } from './normalize';
import { CANCEL_PHRASES, HELP_PHRASES, SIGN_IN_PHRASES, SIGN_OUT_PHRASES } from './phrases';
import { readReportRequest } from './report';
import { readBareCustomer, readRequest, type AgreementScope, type InviteTarget } from './request';
import { normalizeTenantId } from '../checks';
import { correctTypos } from './suggest';

export type { CustomerReference } from './customer';
export type { AgreementScope, InviteTarget } from './request';

const AGREEMENT_SCOPES: readonly AgreementScope[] = ['mca', 'mcloudA', 'all'];

export type Recognized =
  | { intent: 'inviteLink'; target?: InviteTarget }
  | { intent: 'agreements'; customer: CustomerReference; scope: AgreementScope }
  | { intent: 'help' }
  | { intent: 'signIn' }
  | { intent: 'signOut' }
  /** "cancel" with no question open, or a card's Cancel button. */
  | { intent: 'cancel' }
  /** Every customer's MCA state at once; `fresh`: a new one even if a recent one is kept. */
  | { intent: 'mcaReport'; fresh?: boolean }
  /** `jobId`: the report of the card whose Cancel button was pressed. */
  | { intent: 'cancelReport'; jobId?: string }
  /** The last report's CSV (a card's button). */
  | { intent: 'reportCsv' }
  /** `suggestion` is the text with its typos corrected, when that text would be understood. */
  | { intent: 'unknown'; text: string; suggestion?: string }
  /** A GDAP relationship for a customer; `customer` missing: a generic invitation. */
  | { intent: 'adminAccess'; customer: CustomerReference }
  /** The confirmation card's button: create it and send it for approval. */
  | { intent: 'adminAccessConfirm'; confirmation: AdminAccessConfirmation }
  /** A relationship created but not yet sent for approval: send it. */
  | { intent: 'adminAccessLock'; relationshipId: string; askedBy: string; customerName?: string }
  /** `toEnd`: the user asked to end or remove admin access; the list says how, since the bot does not. */
  | { intent: 'adminRelationships'; customer: CustomerReference; toEnd?: boolean }
  | { intent: 'expiringAdminRelationships' }
  /** Both invitations for one customer: the reseller link, then admin access. */
  | { intent: 'inviteCustomer'; customer: CustomerReference };

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

/** What a card's Action.Submit sends back; see cards/*.json. */
export interface SubmitValue {
  command?: unknown;
  customer?: unknown;
  scope?: unknown;
  text?: unknown;
  fresh?: unknown;
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
}

/** A request is a command and at most a 256-character customer reference; anything this long is not one. */
export const MAX_REQUEST_LENGTH = 1000;

/** Text → intent and entities. Pure: the caller strips the @mention first. */
export function recognize(text: string): Recognized {
  // Far longer than any request: not read further, so a pasted page costs the bot nothing.
  if (text.length > MAX_REQUEST_LENGTH) return { intent: 'unknown', text: text.slice(0, MAX_REQUEST_LENGTH) };
  const plain = trimEndOf(plainText(text), ' ?!.,;:');
  const known = recognizeKnown(plain);
  if (known) return known;
  // A typo in a command word is likelier than a customer named like one: "agrements" is asked about first.
  const corrected = correctTypos(plain);
  if (corrected !== plain && recognizeKnown(corrected))
    return { intent: 'unknown', text: plain, suggestion: corrected };
  const customer = readBareCustomer(plain);
  if (customer) return { intent: 'agreements', customer, scope: 'mca' };
  const suggestion = commandNamed(corrected);
  return suggestion ? { intent: 'unknown', text: plain, suggestion } : { intent: 'unknown', text: plain };
}

/** A lone command word ("link", "lien") suggests its whole command. */
function commandNamed(text: string): string | undefined {
  const words = matchKey(text).split(' ');
  if (words.some((w) => w === 'link' || w === 'invite' || w === 'reseller')) return 'invite link';
  if (words.some((w) => w === 'lien' || w === 'revendeur')) return "lien d'invitation";
  return undefined;
}

/** Whether the user is giving up on a question the bot asked ("cancel", "annuler"). */
export function isCancel(text: string): boolean {
  if (text.length > MAX_REQUEST_LENGTH) return false;
  const key = matchKey(text);
  return CANCEL_PHRASES.some((phrase) => phrase.test(key));
}

/** A message as Teams sends it: typed text (its @mention removed), or a card button's `value` and no text. */
export function recognizeMessage({ text, value }: { text?: unknown; value?: unknown }): Recognized {
  if (typeof value === 'object' && value !== null && !text) return recognizeSubmit(value as SubmitValue);
  return recognize(typeof text === 'string' ? text : '');
}

/** A card button's data → intent. Anything unexpected reads as a request for help. */
export function recognizeSubmit(value: SubmitValue): Recognized {
  switch (value.command) {
    case 'inviteLink':
      return inviteLinkSubmit(value);
    case 'signIn':
      return { intent: 'signIn' };
    case 'signOut':
      return { intent: 'signOut' };
    case 'cancel':
      return { intent: 'cancel' };
    case 'mcaReport':
      return { intent: 'mcaReport', fresh: value.fresh === true };
    case 'cancelReport':
      return typeof value.jobId === 'string' && value.jobId.length <= 100
        ? { intent: 'cancelReport', jobId: value.jobId }
        : { intent: 'cancelReport' };
    case 'reportCsv':
      return { intent: 'reportCsv' };
    case 'say':
      return typeof value.text === 'string' ? recognize(value.text) : { intent: 'help' };
    case 'agreements': {
      const scope = AGREEMENT_SCOPES.find((s) => s === value.scope) ?? 'mca';
      return { intent: 'agreements', customer: submittedCustomer(value), scope };
    }
    case 'adminAccess':
    case 'inviteCustomer':
      return { intent: value.command, customer: submittedCustomer(value) };
    case 'adminRelationships':
      return value.toEnd === true
        ? { intent: 'adminRelationships', customer: submittedCustomer(value), toEnd: true }
        : { intent: 'adminRelationships', customer: submittedCustomer(value) };
    case 'expiringAdminRelationships':
      return { intent: 'expiringAdminRelationships' };
    case 'adminAccessConfirm': {
      const confirmation = adminAccessConfirmation(value);
      return confirmation ? { intent: 'adminAccessConfirm', confirmation } : { intent: 'help' };
    }
    case 'adminAccessLock': {
      const relationshipId = text(value.relationshipId, 100);
      const askedBy = text(value.askedBy, 300);
      if (!relationshipId || !RELATIONSHIP_ID.test(relationshipId) || !askedBy) return { intent: 'help' };
      return {
        intent: 'adminAccessLock',
        relationshipId,
        askedBy,
        customerName: text(value.customerName, 256),
      };
    }
    default:
      return { intent: 'help' };
  }
}

/** A card's box can hold anything the client sends: measured before any other reading. */
function submittedCustomer(value: SubmitValue): CustomerReference {
  const typed = typeof value.customer === 'string' ? value.customer : '';
  return customerReference(typed.length > MAX_REQUEST_LENGTH ? typed : plainText(typed));
}

/** A submitted string, at most `max` characters of plain text; anything else is absent. */
function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value.length > max) return undefined;
  return plainText(value) || undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Graph's relationship ids: a GUID, or two joined by a dash. */
const RELATIONSHIP_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/i;

function adminAccessConfirmation(value: SubmitValue): AdminAccessConfirmation | undefined {
  const askedBy = text(value.askedBy, 300);
  const confirmId = text(value.confirmId, 36);
  const plan = text(value.plan, 600);
  const customerId = text(value.customerId, 36);
  if (!askedBy || !confirmId || !UUID.test(confirmId) || !plan) return undefined;
  if (customerId !== undefined && !UUID.test(customerId)) return undefined;
  return {
    customerId: customerId?.toLowerCase(),
    customerName: customerId ? text(value.customerName, 256) : undefined,
    askedBy,
    confirmId,
    plan,
    withInvite: value.withInvite === true,
  };
}

/**
 * A choice card's invite button. Its ids go into Partner Center's query: only a tenant id is taken, and only a short
 * one is even read; anything else is the plain invite link, which asks again.
 */
function inviteLinkSubmit(value: SubmitValue): Recognized {
  const tenantId = (field: unknown) =>
    typeof field === 'string' && field.length <= 64 ? normalizeTenantId(field) : undefined;
  const provider = tenantId(value.provider);
  if (provider) return { intent: 'inviteLink', target: { kind: 'provider', id: provider } };
  const reseller = tenantId(value.reseller);
  if (reseller) return { intent: 'inviteLink', target: { kind: 'reseller', id: reseller } };
  if (value.relationship === 'direct' || value.relationship === 'choose')
    return { intent: 'inviteLink', target: { kind: value.relationship } };
  return { intent: 'inviteLink' };
}

function recognizeKnown(plain: string): Recognized | undefined {
  const key = matchKey(plain);
  if (key === '' || HELP_PHRASES.some((p) => p.test(key))) return { intent: 'help' };
  if (SIGN_IN_PHRASES.some((p) => p.test(key))) return { intent: 'signIn' };
  if (SIGN_OUT_PHRASES.some((p) => p.test(key))) return { intent: 'signOut' };
  if (CANCEL_PHRASES.some((p) => p.test(key))) return { intent: 'cancel' };
  const report = readReportRequest(key);
  if (report) return { intent: report };
  return readAdminAccess(plain) ?? readRequest(plain);
}
