import type { Reply } from '../cards/renderer';
import type { CustomerAnswer } from '../recognizer/customerAnswer';
import type { Recognized, SubmitValue } from '../recognizer/recognizer';
import type { CommandServices, RequestContext } from './context';
import type { Answer } from './reportCommands';

/** Which of the user's tokens a command calls with: Partner Center's, Microsoft Graph's, or both. */
export interface TokenNeeds {
  partnerCenter: boolean;
  graph: boolean;
}

/** What the conversation must do before `runCommand` can answer. */
export type NextStep =
  | { kind: 'answer' }
  /** A command without its customer: ask which one, then run with the answer. */
  | { kind: 'askCustomer'; question: Reply }
  /** The command calls Partner Center or Graph: get the user's tokens (signing in if need be), then run. */
  | { kind: 'token'; tokens: TokenNeeds }
  /** Forget the user's token, then run (Teams mode). */
  | { kind: 'signOut' };

export const ANSWER: NextStep = { kind: 'answer' };

/** The command calls with the user's tokens: Partner Center's alone unless it says otherwise. */
export const needsTokens = (tokens: TokenNeeds = { partnerCenter: true, graph: false }): NextStep => ({
  kind: 'token',
  tokens,
});

export type Intent = Recognized['intent'];
export type RecognizedAs<I extends Intent> = Extract<Recognized, { intent: I }>;

/**
 * Runs a command's Partner Center and Graph calls (the request context's); a failure becomes its error card, with
 * the entry's retry button, or `retry` when the work is one part of the request (one customer among several).
 * `needsToken: false`: it may run without a Partner Center token.
 */
export type Calling = <T extends Answer>(
  work: () => Promise<T>,
  options?: { needsToken?: boolean; retry?: Record<string, string> },
) => Promise<T | Reply>;

/** A line of the help card: the command to type and what it does, as i18n keys; `shown` when it can run here. */
interface HelpLine {
  command: string;
  /** A message key, or one chosen by the services where the answer differs (the report's CSV: OneDrive or a download). */
  description: string | ((services: HelpServices) => string);
  shown?: (services: HelpServices) => boolean;
}

export type HelpServices = Pick<CommandServices, 'signIn' | 'graphSignIn'>;

/**
 * One command: everything the bot knows of it, in one entry of the table (src/commands/table.ts). Its phrases
 * (src/recognizer/), card (cards/) and strings (src/i18n/) are its only other places.
 */
export interface Command<I extends Intent> {
  /**
   * Its card buttons: an Action.Submit whose `command` is this intent, its fields read into the request (with the
   * readers of src/recognizer/submit.ts). Absent: no button names it, and one that does reads as "help".
   */
  submit?: (value: SubmitValue) => Recognized;
  /** What it needs before it runs: a customer, the user's tokens, a sign-out. Absent: nothing. */
  needs?: (recognized: RecognizedAs<I>, context: Pick<RequestContext, 'services' | 'l10n'>) => NextStep;
  /** The request again with the customer the user gave when `needs` asked which one. */
  withCustomer?: (
    recognized: RecognizedAs<I>,
    answer: Extract<CustomerAnswer, { kind: 'customer' }>,
  ) => Recognized;
  /** The answer, with the request's one context; `calling` runs its Partner Center and Graph calls. */
  run: (recognized: RecognizedAs<I>, context: RequestContext, calling: Calling) => Promise<Answer>;
  /** The data of the "Try again" button its transient failures show; absent: none. */
  retry?: (recognized: RecognizedAs<I>) => Record<string, string> | undefined;
  /** Its line on the help card, listed in the table's order. */
  help?: HelpLine;
}

/** Every intent the recognizer knows has exactly one entry. */
export type CommandTable = { [I in Intent]: Command<I> };
