import { customerReference } from './customer';
import {
  isCancel,
  recognize,
  type SubmitValue,
  type AgreementScope,
  type CustomerReference,
  type Recognized,
} from './recognizer';

/** What an answer to "Which customer?" means; read once, when it arrives. */
export type CustomerAnswer =
  | { kind: 'cancel' }
  /** Another request instead of an answer ("invite link", "help"): that request is handled instead. */
  | { kind: 'otherRequest'; recognized: Recognized }
  /** A customer to check; `scope` when the answer named an agreement type of its own ("all agreements for …"). */
  | {
      kind: 'customer';
      customer: Extract<CustomerReference, { kind: 'tenantId' | 'domain' | 'name' }>;
      scope?: AgreementScope;
    }
  /** Nothing usable (empty, a malformed id): the question is asked again with what was wrong. */
  | { kind: 'unusable'; customer: Extract<CustomerReference, { kind: 'missing' | 'invalid' }> };

/**
 * A message sent while "Which customer?" is open: typed text, or the box of the card the question came with (its
 * `value.customer`); undefined when it holds neither. Another card's button is read by `readSubmit`, the commands'
 * table (src/commands/runCommand.ts), which sits above the recognizer and so is handed in.
 */
export function readCustomerReply(
  { text, value }: { text?: unknown; value?: unknown },
  readSubmit: (value: SubmitValue) => Recognized,
): CustomerAnswer | undefined {
  const typed = typeof text === 'string' && text.trim() ? text : undefined;
  const submitted = (typeof value === 'object' && value !== null ? value : {}) as SubmitValue;
  // Another card's button (invite link, a suggestion) while the question is open: that request instead.
  if (!typed && typeof submitted.command === 'string' && submitted.command !== 'agreements') {
    return { kind: 'otherRequest', recognized: readSubmit(submitted) };
  }
  const answer = typed ?? (typeof submitted.customer === 'string' ? submitted.customer : undefined);
  return answer === undefined ? undefined : readCustomerAnswer(answer);
}

function readCustomerAnswer(answer: string): CustomerAnswer {
  if (isCancel(answer)) return { kind: 'cancel' };
  const reread: Recognized = recognize(answer);
  if (reread.intent !== 'agreements' && reread.intent !== 'unknown')
    return { kind: 'otherRequest', recognized: reread };
  const customer = reread.intent === 'agreements' ? reread.customer : customerReference(answer);
  if (customer.kind === 'missing' || customer.kind === 'invalid') return { kind: 'unusable', customer };
  const scope = reread.intent === 'agreements' && reread.scope !== 'mca' ? reread.scope : undefined;
  return { kind: 'customer', customer, scope };
}
