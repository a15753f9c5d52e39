import { normalizeTenantId } from '../partnerCenter/tenantId';
import { matchKey, plainText } from './normalize';
import {
  AGREEMENTS_LEAD,
  HELP_PHRASES,
  INVITE_LINK_PHRASES,
  SIGN_IN_PHRASES,
  SIGN_OUT_PHRASES,
} from './phrases';

/** Which customer the user means. A malformed id is kept so the reply can show what was typed. */
export type CustomerReference =
  { kind: 'tenantId'; tenantId: string } | { kind: 'missing' } | { kind: 'invalid'; text: string };

export type Recognized =
  | { intent: 'inviteLink' }
  | { intent: 'agreements'; customer: CustomerReference }
  | { intent: 'help' }
  | { intent: 'signIn' }
  | { intent: 'signOut' }
  | { intent: 'unknown'; text: string };

/** What a card's Action.Submit sends back; see cards/*.json. */
export interface SubmitValue {
  command?: unknown;
  customer?: unknown;
}

/** Text → intent and entities. Pure: the caller strips the @mention first. */
export function recognize(text: string): Recognized {
  const key = matchKey(text);
  if (key === '' || HELP_PHRASES.some((p) => p.test(key))) return { intent: 'help' };
  if (INVITE_LINK_PHRASES.some((p) => p.test(key))) return { intent: 'inviteLink' };
  if (SIGN_IN_PHRASES.some((p) => p.test(key))) return { intent: 'signIn' };
  if (SIGN_OUT_PHRASES.some((p) => p.test(key))) return { intent: 'signOut' };

  const plain = plainText(text);
  const lead = AGREEMENTS_LEAD.exec(accentless(plain));
  if (lead) return { intent: 'agreements', customer: customerReference(plain.slice(lead[0].length)) };

  return { intent: 'unknown', text: plain };
}

/** A card button's data → intent. Anything unexpected reads as a request for help. */
export function recognizeSubmit(value: SubmitValue): Recognized {
  switch (value.command) {
    case 'inviteLink':
      return { intent: 'inviteLink' };
    case 'signIn':
      return { intent: 'signIn' };
    case 'agreements':
      return {
        intent: 'agreements',
        customer: customerReference(typeof value.customer === 'string' ? plainText(value.customer) : ''),
      };
    default:
      return { intent: 'help' };
  }
}

function customerReference(text: string): CustomerReference {
  // People end questions with punctuation and quote ids: "agreements for {…}?"
  const candidate = text.replace(/^["'«“\s]+|["'»”?!.,;:\s]+$/g, '');
  if (!candidate) return { kind: 'missing' };
  const tenantId = normalizeTenantId(candidate);
  return tenantId ? { kind: 'tenantId', tenantId } : { kind: 'invalid', text: candidate };
}

/** Same length as the input, so a match on it can slice the original. */
function accentless(text: string): string {
  return [...text].map((ch) => ch.normalize('NFD').replace(/\p{M}/gu, '') || ch).join('');
}
