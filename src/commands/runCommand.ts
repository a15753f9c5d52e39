import type { Reply } from '../cards/renderer';
import type { CustomerAnswer } from '../recognizer/customerAnswer';
import { recognize, type Recognized, type SubmitValue } from '../recognizer/recognizer';
import { ANSWER, type Calling, type Command, type Intent, type NextStep } from './command';
import type { RequestContext } from './context';
import { inviteLink } from './inviteLink';
import type { Answer } from './reportCommands';
import { COMMANDS } from './table';
import { withFailures } from './withFailures';

export type { NextStep, TokenNeeds } from './command';

/** The request's entry in the table, typed for any request (each entry takes only its own). */
const entryOf = (recognized: Recognized) => COMMANDS[recognized.intent] as unknown as Command<Intent>;

/**
 * A card button's data → the request, by the entry its `command` names. Anything unexpected reads as a request for
 * help. `say` is no command: its button sends a request as if typed (a suggestion, a retry by name).
 */
export function readSubmit(value: SubmitValue): Recognized {
  const { command } = value;
  if (command === 'say') return typeof value.text === 'string' ? recognize(value.text) : { intent: 'help' };
  const entry =
    typeof command === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS, command)
      ? (COMMANDS[command as Intent] as Command<Intent>)
      : undefined;
  return entry?.submit?.(value) ?? { intent: 'help' };
}

/** A message as Teams sends it: typed text (its @mention removed), or a card button's `value` and no text. */
export function readMessage({ text, value }: { text?: unknown; value?: unknown }): Recognized {
  if (typeof value === 'object' && value !== null && !text) return readSubmit(value as SubmitValue);
  return recognize(typeof text === 'string' ? text : '');
}

/** What the conversation must do before `runCommand` can answer: the entry's needs. */
export function nextStep(
  recognized: Recognized,
  context: Pick<RequestContext, 'services' | 'l10n'>,
): NextStep {
  return entryOf(recognized).needs?.(recognized, context) ?? ANSWER;
}

/** The request with the customer the user gave when asked which one (`nextStep`: askCustomer). */
export function withCustomerAnswer(
  recognized: Recognized,
  answer: Extract<CustomerAnswer, { kind: 'customer' }>,
): Recognized {
  return entryOf(recognized).withCustomer?.(recognized, answer) ?? recognized;
}

/**
 * All of the work of a request: the entry's run, its Partner Center and Graph calls, and any failure as a card the
 * user can act on. Requests that call Partner Center need `context.partnerCenter` (see `nextStep`).
 */
export async function runCommand(recognized: Recognized, context: RequestContext): Promise<Answer> {
  const entry = entryOf(recognized);
  const calling: Calling = (work, options) =>
    withFailures(recognized, context, options?.retry ?? entry.retry?.(recognized), work, {
      needsToken: options?.needsToken ?? true,
    });
  return entry.run(recognized, context, calling);
}

/** "invite link" alone, for the message extension, which inserts a card and nothing else. */
export function inviteLinkReply(context: RequestContext): Promise<Reply> {
  const recognized: Recognized = { intent: 'inviteLink' };
  const retry = entryOf(recognized).retry?.(recognized);
  return withFailures(recognized, context, retry, () => inviteLink(context));
}
