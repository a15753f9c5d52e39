import { readAdminAccess } from './adminAccess';
import type { CustomerReference } from './customer';
import { matchKey, plainText, trimEndOf } from './normalize';
import {
  CANCEL_PHRASES,
  HELP_PHRASES,
  SIGN_IN_PHRASES,
  SIGN_OUT_PHRASES,
  THANKS_EMOJI,
  GREETING_PHRASES,
  THANKS_PHRASES,
} from './phrases';
import { readReportIntent } from './report';
import { readWatchIntent } from './watch';
import { readBareCustomers, readRequest, type AgreementScope, type InviteTarget } from './request';
import { MAX_REQUEST_LENGTH, type AdminAccessConfirmation } from './submit';
import { correctTypos } from './suggest';

export type { CustomerReference } from './customer';
export type { AgreementScope, InviteTarget } from './request';
export { MAX_REQUEST_LENGTH, type AdminAccessConfirmation, type SubmitValue } from './submit';

export type Recognized =
  | { intent: 'inviteLink'; target?: InviteTarget }
  /** `notThisOne`: the tenant id of the customer the user turned down on its card; the others are offered. */
  | { intent: 'agreements'; customer: CustomerReference; scope: AgreementScope; notThisOne?: string }
  /** "Wingtip Toys, Northwind Traders and Fabrikam – which ones are blocked?": each checked, up to a few. */
  | { intent: 'severalCustomers'; customers: CustomerReference[]; scope: AgreementScope }
  | { intent: 'help' }
  | { intent: 'signIn' }
  | { intent: 'signOut' }
  /** "cancel" with no question open, or a card's Cancel button. */
  | { intent: 'cancel' }
  /** "thx!", "merci !": answered in kind. */
  | { intent: 'thanks' }
  | { intent: 'greeting' }
  /** Every customer's MCA state at once; `fresh`: a new one even if a recent one is kept. */
  | { intent: 'mcaReport'; fresh?: boolean }
  /** `jobId`: the report of the card whose Cancel button was pressed. */
  | { intent: 'cancelReport'; jobId?: string }
  /** The CSV of the last report, or of the report `jobId` (a watch's digest names its run): a card's button. */
  | { intent: 'reportCsv'; jobId?: string }
  /**
   * "watch MCA here": this conversation gets a digest on a schedule, and a notice when a customer's state changes.
   * `resume`: a paused watch's Resume button, which starts none when the watch was stopped since.
   */
  | { intent: 'watchMca'; resume?: boolean }
  /** "stop watching MCA", or the watch card's button. */
  | { intent: 'stopWatching' }
  /** "what are we watching?" */
  | { intent: 'watchStatus' }
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
  const customers = readBareCustomers(plain);
  if (customers?.length === 1) return { intent: 'agreements', customer: customers[0]!, scope: 'mca' };
  if (customers) return { intent: 'severalCustomers', customers, scope: 'mca' };
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

function recognizeKnown(plain: string): Recognized | undefined {
  if (THANKS_EMOJI.test(plain)) return { intent: 'thanks' };
  const key = matchKey(plain);
  if (THANKS_PHRASES.some((p) => p.test(key))) return { intent: 'thanks' };
  if (GREETING_PHRASES.some((p) => p.test(key))) return { intent: 'greeting' };
  if (key === '' || HELP_PHRASES.some((p) => p.test(key))) return { intent: 'help' };
  if (SIGN_IN_PHRASES.some((p) => p.test(key))) return { intent: 'signIn' };
  if (SIGN_OUT_PHRASES.some((p) => p.test(key))) return { intent: 'signOut' };
  if (CANCEL_PHRASES.some((p) => p.test(key))) return { intent: 'cancel' };
  const watch = readWatchIntent(key);
  if (watch) return { intent: watch };
  const report = readReportIntent(key);
  if (report) return { intent: report };
  return readAdminAccess(plain) ?? readRequest(plain);
}
