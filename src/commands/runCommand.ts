import type { Reply } from '../cards/renderer';
import { describe } from '../log';
import { supportsAgreements } from '../partnerCenter/clouds';
import { PartnerCenterError } from '../partnerCenter/errors';
import type {
  AdminAccessConfirmation,
  CustomerReference,
  InviteTarget,
  Recognized,
} from '../recognizer/recognizer';
import { agreements, agreementsUnavailable } from './agreements';
import type { CommandContext, RequestContext } from './context';
import { customerChoice, noCustomerMatch } from './customerChoice';
import { resolveCustomer, type CustomerCommand } from './customerResolution';
import { errorReply } from './errorReply';
import { cancelled, customerInput, didYouMean, help } from './help';
import { inviteLink } from './inviteLink';
import { noSignInLocally, signedIn, signedOut } from './signIn';
import { cancelReport, mcaReport, reportCsvOffer, type Answer } from './reportCommands';
import { askAdminAccess, confirmAdminAccess, lockAdminAccess } from './adminAccess';
import { adminRelationships, expiringAdminRelationships } from './adminRelationships';
import { GraphError } from '../graph/errors';

/** Which of the user's tokens a command calls with: Partner Center's, Microsoft Graph's, or both. */
export interface TokenNeeds {
  partnerCenter: boolean;
  graph: boolean;
}

const PARTNER_CENTER: TokenNeeds = { partnerCenter: true, graph: false };

/** What the conversation must do before `runCommand` can answer. */
export type NextStep =
  | { kind: 'answer' }
  /** "agreements" without a customer: ask which one, then run with the answer. */
  | { kind: 'askCustomer'; question: Reply }
  /** The command calls Partner Center or Graph: get the user's tokens (signing in if need be), then run. */
  | { kind: 'token'; tokens: TokenNeeds }
  /** Forget the user's token, then run (Teams mode). */
  | { kind: 'signOut' };

export function nextStep(
  recognized: Recognized,
  context: Pick<RequestContext, 'services' | 'l10n'>,
): NextStep {
  const { services, l10n } = context;
  const token = (tokens = PARTNER_CENTER): NextStep => ({ kind: 'token', tokens });
  switch (recognized.intent) {
    case 'inviteLink':
      return token();
    case 'mcaReport':
      return services.reports && supportsAgreements(services.cloud) ? token() : { kind: 'answer' };
    case 'signIn':
      return services.signIn === 'local' ? { kind: 'answer' } : token();
    case 'signOut':
      return services.signIn === 'local' ? { kind: 'answer' } : { kind: 'signOut' };
    case 'agreements': {
      const { customer, scope } = recognized;
      if (!supportsAgreements(services.cloud) || customer.kind === 'invalid') return { kind: 'answer' };
      if (customer.kind !== 'missing') return token();
      return { kind: 'askCustomer', question: customerInput(customer, l10n, { scope, asking: true }) };
    }
    case 'adminAccess':
    case 'adminRelationships':
    case 'inviteCustomer': {
      const { customer, intent } = recognized;
      if (!services.graphSignIn || customer.kind === 'invalid') return { kind: 'answer' };
      if (customer.kind === 'missing' && intent !== 'adminAccess') {
        const submitAction = customerCommandOf(recognized);
        return {
          kind: 'askCustomer',
          question: customerInput(customer, l10n, { asking: true, submitAction }),
        };
      }
      // A customer by name or domain is found in Partner Center; a generic invitation needs Graph alone.
      return token({ partnerCenter: customer.kind !== 'missing', graph: true });
    }
    case 'adminAccessConfirm':
      if (!services.graphSignIn) return { kind: 'answer' };
      return token({ partnerCenter: confirmNeedsPartnerCenter(recognized.confirmation), graph: true });
    case 'adminAccessLock':
    case 'expiringAdminRelationships':
      return services.graphSignIn ? token({ partnerCenter: false, graph: true }) : { kind: 'answer' };
    default:
      return { kind: 'answer' };
  }
}

/**
 * All of the work of a request: the dispatch, the Partner Center calls, and any failure as a card the user can
 * act on. Requests that call Partner Center need `context.token` (see `nextStep`).
 */
export async function runCommand(recognized: Recognized, context: RequestContext): Promise<Answer> {
  const { l10n, services } = context;
  switch (recognized.intent) {
    case 'help':
      return help(l10n, { canSignOut: services.signIn === 'teams', gdap: services.graphSignIn });
    case 'unknown':
      return recognized.suggestion
        ? didYouMean(l10n, recognized.text, recognized.suggestion)
        : help(l10n, {
            unknownText: recognized.text,
            canSignOut: services.signIn === 'teams',
            gdap: services.graphSignIn,
          });
    case 'cancel':
      return cancelled(l10n);
    case 'signIn':
      return services.signIn === 'local' ? noSignInLocally(l10n) : signedIn(l10n);
    case 'signOut': {
      if (services.signIn === 'local') return noSignInLocally(l10n);
      // A running report works with the user's token: signing out ends it, and the token it holds.
      const cancelled = await services.reports?.cancelRunning(context.userKey).catch((error: unknown) => {
        context.logger.warn('could not cancel the report on sign-out', { error: describe(error) });
        return undefined;
      });
      return signedOut(l10n, cancelled !== undefined);
    }
    case 'inviteLink':
      return withFailures(recognized, context, (calls) => inviteLink(calls, recognized.target));
    case 'mcaReport':
      if (!supportsAgreements(services.cloud)) {
        return agreementsUnavailable(services.cloud, l10n, context.correlationId);
      }
      if (!services.reports)
        return help(l10n, { canSignOut: services.signIn === 'teams', gdap: services.graphSignIn });
      return withFailures(recognized, context, () => mcaReport(context, recognized.fresh === true));
    case 'cancelReport':
      return withFailures(recognized, context, () => cancelReport(context, recognized.jobId), {
        needsToken: false,
      });
    case 'reportCsv':
      return withFailures(recognized, context, () => reportCsvOffer(context), { needsToken: false });
    case 'agreements': {
      const { customer, scope } = recognized;
      if (!supportsAgreements(services.cloud)) {
        return agreementsUnavailable(services.cloud, l10n, context.correlationId);
      }
      if (customer.kind === 'missing' || customer.kind === 'invalid')
        return customerInput(customer, l10n, { scope });
      return withFailures(recognized, context, async (calls) => {
        // One customer: its agreements. Several: a choice. None: say so, and how to search instead.
        const resolution = await resolveCustomer(customer, calls);
        const searched =
          customer.kind === 'domain' ? customer.domain : customer.kind === 'name' ? customer.name : '';
        if (resolution.kind === 'none') return noCustomerMatch(searched, scope, l10n);
        if (resolution.kind === 'many') {
          return customerChoice(searched, resolution, scope, l10n);
        }
        return agreements(resolution.customer, scope, calls);
      });
    }
    case 'adminAccess':
    case 'inviteCustomer':
    case 'adminRelationships': {
      if (!services.graphSignIn) return gdapUnavailable(l10n);
      const { customer, intent } = recognized;
      if (customer.kind === 'invalid')
        return customerInput(customer, l10n, { submitAction: customerCommandOf(recognized) });
      const needsToken = customer.kind !== 'missing';
      if (recognized.intent === 'adminRelationships') {
        const toEnd = recognized.toEnd === true;
        return withFailures(recognized, context, (calls) => adminRelationships(customer, calls, { toEnd }), {
          needsToken,
        });
      }
      const withInvite = intent === 'inviteCustomer';
      return withFailures(recognized, context, (calls) => askAdminAccess(customer, calls, { withInvite }), {
        needsToken: needsToken || withInvite,
      });
    }
    case 'adminAccessConfirm':
      if (!services.graphSignIn) return gdapUnavailable(l10n);
      return withFailures(
        recognized,
        context,
        (calls) => confirmAdminAccess(recognized.confirmation, calls),
        { needsToken: confirmNeedsPartnerCenter(recognized.confirmation) },
      );
    case 'adminAccessLock':
      if (!services.graphSignIn) return gdapUnavailable(l10n);
      return withFailures(recognized, context, (calls) => lockAdminAccess(recognized, calls), {
        needsToken: false,
      });
    case 'expiringAdminRelationships':
      if (!services.graphSignIn) return gdapUnavailable(l10n);
      return withFailures(recognized, context, expiringAdminRelationships, { needsToken: false });
  }
}

/** A confirmation for a customer reads it from Partner Center again; one with the invite asks for the link too. */
function confirmNeedsPartnerCenter(confirmation: AdminAccessConfirmation): boolean {
  return confirmation.withInvite || confirmation.customerId !== undefined;
}

/** What a customer typed or chosen later goes on to: the same GDAP command, wanting the same. */
function customerCommandOf(
  recognized: Extract<Recognized, { intent: 'adminAccess' | 'adminRelationships' | 'inviteCustomer' }>,
): CustomerCommand {
  if (recognized.intent !== 'adminRelationships') return { command: recognized.intent };
  return recognized.toEnd
    ? { command: 'adminRelationships', toEnd: true }
    : { command: 'adminRelationships' };
}

/** Teams mode without GRAPH_OAUTH_CONNECTION_NAME: no Graph token can be had, so no GDAP command runs. */
function gdapUnavailable(l10n: RequestContext['l10n']) {
  return {
    card: 'notice' as const,
    data: { title: l10n.t('gdap.unavailable.title'), text: l10n.t('gdap.unavailable.text') },
  };
}

/** "invite link" alone, for the message extension, which inserts a card and nothing else. */
export function inviteLinkReply(context: RequestContext): Promise<Reply> {
  return withFailures({ intent: 'inviteLink' }, context, (calls) => inviteLink(calls));
}

/** Runs a Partner Center command with this request's calls; a failure becomes its error card. */
async function withFailures<T extends Answer>(
  recognized: Recognized,
  context: RequestContext,
  command: (calls: CommandContext) => Promise<T>,
  options = { needsToken: true },
): Promise<T | Reply> {
  const { services, l10n, correlationId, logger } = context;
  if (options.needsToken && !context.token) throw new Error(`${recognized.intent} needs the user's token`);
  const graphToken = context.graphToken;
  const calls: CommandContext = {
    partnerCenter: services.partnerCenter,
    graph: graphToken
      ? {
          client: services.graph,
          request: services.graph.newRequestContext({
            token: graphToken,
            correlationId,
            userKey: context.userKey,
            budgetMs: context.budgetMs,
          }),
        }
      : undefined,
    gdap: services.gdap,
    confirmations: services.confirmations,
    userKey: context.userKey,
    request: services.partnerCenter.newRequestContext({
      token: context.token ?? '',
      correlationId,
      locale: l10n.locale,
      userKey: context.userKey,
      budgetMs: context.budgetMs,
    }),
    l10n,
    emulated: services.emulated,
    maskContacts: context.maskContacts,
    mcaCurrentSince: services.mcaCurrentSince,
    today: services.today(),
  };
  try {
    return await command(calls);
  } catch (error) {
    if (error instanceof GraphError) {
      logger.warn('Microsoft Graph request failed', {
        operation: error.operation,
        kind: error.kind,
        status: error.status,
        code: error.code,
        requestId: error.requestId,
      });
      if (error.kind === 'unauthorized') await context.forgetGraphToken?.();
    } else if (error instanceof PartnerCenterError) {
      logger.warn('Partner Center request failed', {
        operation: error.operation,
        kind: error.kind,
        status: error.status,
        code: error.code,
        requestId: error.requestId,
      });
      // A refused token (expired) is dropped, so the next request signs in afresh. One without MFA is kept: Teams
      // single sign-on would hand the same one back, and the user would go round in circles.
      if (error.kind === 'unauthorized') await context.forgetToken?.();
    } else {
      logger.error('command failed', { error: describe(error) });
    }
    return errorReply(error, l10n, {
      correlationId,
      tenantId: tenantIdOf(recognized),
      retryAction: retryActionFor(recognized),
      cloud: services.cloud,
      canSignInAgain: services.signIn === 'teams',
    });
  }
}

/** The tenant id a request named, for an error card that says which customer was not found. */
function tenantIdOf(recognized: Recognized): string | undefined {
  if (recognized.intent === 'adminAccessConfirm') return recognized.confirmation.customerId;
  if (!('customer' in recognized)) return undefined;
  return recognized.customer.kind === 'tenantId' ? recognized.customer.tenantId : undefined;
}

/** Card data that repeats a request, for the "Try again" button of transient failures. */
function retryActionFor(recognized: Recognized): Record<string, string> | undefined {
  switch (recognized.intent) {
    case 'adminAccess':
    case 'adminRelationships':
    case 'inviteCustomer':
      return { command: recognized.intent, customer: referenceText(recognized.customer) };
    case 'expiringAdminRelationships':
      return { command: recognized.intent };
    case 'adminAccessConfirm': {
      // A new confirmation card, never the same button: a create that failed may still have been made.
      const { customerId, withInvite } = recognized.confirmation;
      return { command: withInvite ? 'inviteCustomer' : 'adminAccess', customer: customerId ?? '' };
    }
    case 'adminAccessLock':
      return {
        command: 'adminAccessLock',
        relationshipId: recognized.relationshipId,
        askedBy: recognized.askedBy,
        customerName: recognized.customerName ?? '',
      };
    case 'inviteLink':
      return inviteRetry(recognized.target);
    default:
      break;
  }
  if (recognized.intent !== 'agreements') return { command: 'inviteLink' };
  const { customer, scope } = recognized;
  return { command: 'agreements', customer: referenceText(customer), scope };
}

function referenceText(customer: CustomerReference): string {
  return customer.kind === 'tenantId'
    ? customer.tenantId
    : customer.kind === 'domain'
      ? customer.domain
      : customer.kind === 'name'
        ? customer.name
        : '';
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
