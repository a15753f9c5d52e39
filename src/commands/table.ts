import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';
import { describe } from '../log';
import { supportsAgreements } from '../partnerCenter/clouds';
import type { InviteTarget } from '../recognizer/recognizer';
import { namesJoined } from '../recognizer/request';
import {
  submittedCustomer,
  submittedInviteTarget,
  submittedNotThisOne,
  submittedScope,
} from '../recognizer/submit';
import { agreements, agreementsUnavailable } from './agreements';
import {
  ANSWER,
  needsTokens,
  type Calling,
  type CommandTable,
  type HelpServices,
  type RecognizedAs,
} from './command';
import type { RequestContext } from './context';
import { customerChoice, noCustomerMatch, noOtherCustomer } from './customerChoice';
import { resolveCustomer } from './customerResolution';
import {
  adminAccessCommand,
  adminAccessConfirmCommand,
  adminAccessLockCommand,
  adminRelationshipsCommand,
  expiringAdminRelationshipsCommand,
  inviteCustomerCommand,
  referenceText,
} from './gdapCommands';
import { customerInput } from './customerInput';
import { didYouMean, help } from './help';
import { cancelled, welcome, youAreWelcome } from './notices';
import { inviteLink } from './inviteLink';
import { cancelReport, mcaReport, reportCsvOffer, tooManyToCheck } from './reportCommands';
import { noSignInLocally, signedIn, signedOut } from './signIn';
import { stopWatchingCommand, watchMcaCommand, watchStatusCommand } from './watchCommands';

/**
 * Every command, one entry each (see `Command`): its card buttons, what it needs, how it runs, its retry button
 * and its help line. Recognizing a card's data, the conversation's next step, the dispatch, the retry buttons and
 * the help card all read this table (src/commands/runCommand.ts). The help card lists in this order.
 */
export const COMMANDS: CommandTable = {
  inviteLink: {
    submit: (value) => {
      const target = submittedInviteTarget(value);
      return target ? { intent: 'inviteLink', target } : { intent: 'inviteLink' };
    },
    needs: () => needsTokens(),
    run: async (recognized, context, calling) => calling(() => inviteLink(context, recognized.target)),
    retry: ({ target }) => inviteRetry(target),
    help: { command: 'help.inviteLinkCommand', description: 'help.inviteLink' },
  },
  agreements: {
    submit: (value) => {
      const notThisOne = submittedNotThisOne(value);
      return {
        intent: 'agreements',
        customer: submittedCustomer(value),
        scope: submittedScope(value),
        ...(notThisOne ? { notThisOne } : {}),
      };
    },
    needs: ({ customer, scope }, { services, l10n }) => {
      if (!supportsAgreements(services.cloud) || customer.kind === 'invalid') return ANSWER;
      if (customer.kind !== 'missing') return needsTokens();
      return { kind: 'askCustomer', question: customerInput(customer, l10n, { scope, asking: true }) };
    },
    withCustomer: (recognized, answer) => ({
      ...recognized,
      customer: answer.customer,
      scope: answer.scope ?? recognized.scope,
    }),
    run: async (recognized, context, calling) => {
      const { services, l10n } = context;
      if (!supportsAgreements(services.cloud))
        return agreementsUnavailable(services.cloud, l10n, context.correlationId);
      // "northwind and contoso": one customer if one has that whole name ("Marks and Spencer"), else each of them.
      const { customer } = recognized;
      const names = customer.kind === 'name' ? namesJoined(customer.name) : [];
      if (names.length === 0) return checkAgreements(recognized, context, calling);
      let wholeNameFound = true;
      const reply = await checkAgreements(recognized, context, calling, () => (wholeNameFound = false));
      if (wholeNameFound) return reply;
      const customers = names.map((name) => ({ kind: 'name', name }) as const);
      const several = { intent: 'severalCustomers', customers, scope: recognized.scope } as const;
      return COMMANDS.severalCustomers.run(several, context, calling);
    },
    retry: agreementsRetry,
    help: { command: 'help.agreementsCommand', description: 'help.agreements' },
  },
  severalCustomers: {
    needs: (_, { services }) => (supportsAgreements(services.cloud) ? needsTokens() : ANSWER),
    run: async ({ customers, scope }, context, calling) => {
      const { services, l10n } = context;
      if (!supportsAgreements(services.cloud))
        return agreementsUnavailable(services.cloud, l10n, context.correlationId);
      if (customers.length > MAX_CHECKED_AT_ONCE)
        return tooManyToCheck(customers.length, MAX_CHECKED_AT_ONCE, l10n);
      // One card each, in the order named; a customer that fails gets its own error card and "Try again".
      const replies = await Promise.all(
        customers.map((customer) => {
          const one: RecognizedAs<'agreements'> = { intent: 'agreements', customer, scope };
          return checkAgreements(one, context, (work, options) =>
            calling(work, { ...options, retry: agreementsRetry(one) }),
          );
        }),
      );
      return { replies };
    },
  },
  inviteCustomer: inviteCustomerCommand,
  adminAccess: adminAccessCommand,
  adminRelationships: adminRelationshipsCommand,
  mcaReport: {
    submit: (value) => ({ intent: 'mcaReport', fresh: value.fresh === true }),
    needs: (_, { services }) => (supportsAgreements(services.cloud) ? needsTokens() : ANSWER),
    run: async (recognized, context, calling) => {
      const { services, l10n } = context;
      if (!supportsAgreements(services.cloud))
        return agreementsUnavailable(services.cloud, l10n, context.correlationId);
      return calling(() => mcaReport(context, recognized.fresh === true));
    },
    // Asking again shows the report under way or the recent one, or starts it: what the user wanted.
    retry: () => ({ command: 'mcaReport' }),
    help: {
      command: 'report.command',
      // Where the CSV goes: the user's OneDrive in Teams, a download link in the local Playground.
      description: ({ signIn }) => (signIn === 'local' ? 'report.helpLineLocal' : 'report.helpLine'),
    },
  },
  watchMca: watchMcaCommand,
  stopWatching: stopWatchingCommand,
  watchStatus: watchStatusCommand,
  signOut: {
    submit: () => ({ intent: 'signOut' }),
    needs: (_, { services }) => (services.signIn === 'local' ? ANSWER : { kind: 'signOut' }),
    run: async (_, context) => {
      const { services, l10n } = context;
      if (services.signIn === 'local') return noSignInLocally(l10n);
      // A running report works with the user's token: signing out ends it, and the token it holds.
      const cancelled = await services.reports.cancelRunning(context.userKey).catch((error: unknown) => {
        context.logger.warn('could not cancel the report on sign-out', { error: describe(error) });
        return undefined;
      });
      return signedOut(l10n, cancelled !== undefined);
    },
    help: { command: 'help.signOutCommand', description: 'help.signOut', shown: (s) => s.signIn === 'teams' },
  },
  help: {
    submit: () => ({ intent: 'help' }),
    run: async (_, { l10n, services }) => helpReply(l10n, services),
    help: { command: 'help.helpCommand', description: 'help.help' },
  },
  signIn: {
    submit: () => ({ intent: 'signIn' }),
    needs: (_, { services }) => (services.signIn === 'local' ? ANSWER : needsTokens()),
    run: async (_, { services, l10n }) =>
      services.signIn === 'local' ? noSignInLocally(l10n) : signedIn(l10n),
  },
  cancel: {
    submit: () => ({ intent: 'cancel' }),
    run: async (_, { l10n }) => cancelled(l10n),
  },
  thanks: {
    run: async (_, { l10n }) => youAreWelcome(l10n),
  },
  greeting: {
    run: async (_, { l10n }) => welcome(l10n),
  },
  cancelReport: {
    submit: (value) =>
      typeof value.jobId === 'string' && value.jobId.length <= 100
        ? { intent: 'cancelReport', jobId: value.jobId }
        : { intent: 'cancelReport' },
    run: async (recognized, context, calling) =>
      calling(() => cancelReport(context, recognized.jobId), { needsToken: false }),
    retry: ({ jobId }): Record<string, string> =>
      jobId ? { command: 'cancelReport', jobId } : { command: 'cancelReport' },
  },
  reportCsv: {
    submit: (value) =>
      typeof value.jobId === 'string' && value.jobId.length <= 100
        ? { intent: 'reportCsv', jobId: value.jobId }
        : { intent: 'reportCsv' },
    run: async ({ jobId }, context, calling) =>
      calling(() => reportCsvOffer(context, jobId), { needsToken: false }),
    retry: ({ jobId }): Record<string, string> =>
      jobId ? { command: 'reportCsv', jobId } : { command: 'reportCsv' },
  },
  unknown: {
    run: async ({ text, suggestion }, { l10n, services }) =>
      suggestion ? didYouMean(l10n, text, suggestion) : helpReply(l10n, services, text),
  },
  adminAccessConfirm: adminAccessConfirmCommand,
  adminAccessLock: adminAccessLockCommand,
  expiringAdminRelationships: expiringAdminRelationshipsCommand,
};

/** A few customers named at once are checked one by one; more is the MCA report's work. */
const MAX_CHECKED_AT_ONCE = 3;

/**
 * One customer's agreements: its card (with "Not this one?" when picked by how its name starts), the choice when
 * several may be meant, or what to type when none matches.
 */
async function checkAgreements(
  { customer, scope, notThisOne }: RecognizedAs<'agreements'>,
  context: RequestContext,
  calling: Calling,
  /** Told when no customer matches (the reply then says so). */
  onNone?: () => void,
): Promise<Reply> {
  const { l10n } = context;
  if (customer.kind === 'missing' || customer.kind === 'invalid')
    return customerInput(customer, l10n, { scope });
  return calling(async () => {
    const resolution = await resolveCustomer(customer, context, { answerByPrefix: true, notThisOne });
    const searched =
      customer.kind === 'domain' ? customer.domain : customer.kind === 'name' ? customer.name : '';
    if (resolution.kind === 'none') {
      onNone?.();
      return notThisOne ? noOtherCustomer(searched, scope, l10n) : noCustomerMatch(searched, scope, l10n);
    }
    if (resolution.kind === 'many') return customerChoice(searched, resolution, scope, l10n);
    const guessedFrom = resolution.guessed ? searched : undefined;
    return agreements(resolution.customer, scope, context, { guessedFrom });
  });
}

function agreementsRetry({
  customer,
  scope,
  notThisOne,
}: RecognizedAs<'agreements'>): Record<string, string> {
  return {
    command: 'agreements',
    customer: referenceText(customer),
    scope,
    ...(notThisOne ? { notThisOne } : {}),
  };
}

/** The help card's lines: the table's, in its order, those that can run here. */
function helpLines(services: HelpServices): Array<{ command: string; description: string }> {
  return Object.values(COMMANDS).flatMap(({ help: line }) =>
    line && (line.shown?.(services) ?? true)
      ? [
          {
            command: line.command,
            description: typeof line.description === 'string' ? line.description : line.description(services),
          },
        ]
      : [],
  );
}

/** The list of what the bot understands; `unknownText`: what the user typed when it was not understood. */
export function helpReply(l10n: Localizer, services: HelpServices, unknownText?: string): Reply {
  return help(l10n, helpLines(services), unknownText);
}

/** The same invite link again: through the same provider, for the same reseller, or the same choice. */
function inviteRetry(target: InviteTarget | undefined): Record<string, string> {
  switch (target?.kind) {
    case 'provider':
      return { command: 'inviteLink', provider: target.id };
    case 'reseller':
      return { command: 'inviteLink', reseller: target.id };
    case 'direct':
    case 'choose':
      return { command: 'inviteLink', relationship: target.kind };
    case 'resellerName':
      return { command: 'say', text: `invite link for reseller ${target.name}` };
    default:
      return { command: 'inviteLink' };
  }
}
