import type { CustomerReference } from '../recognizer/recognizer';
import {
  submittedConfirmation,
  submittedCustomer,
  submittedRelationshipId,
  submittedText,
} from '../recognizer/submit';
import { askAdminAccess, confirmAdminAccess, lockAdminAccess } from './adminAccess';
import { adminRelationships, expiringAdminRelationships } from './adminRelationships';
import { ANSWER, needsTokens, type Command, type NextStep, type RecognizedAs } from './command';
import type { RequestContext } from './context';
import type { CustomerCommand } from './customerResolution';
import { customerInput } from './customerInput';

/** The GDAP commands' entries of the table (src/commands/table.ts). Each needs a Graph token. */

type CustomerIntent = 'adminAccess' | 'adminRelationships' | 'inviteCustomer';

/** A customer by name or domain is found in Partner Center; a generic invitation needs Graph alone. */
function customerNeeds(
  recognized: RecognizedAs<CustomerIntent>,
  { services, l10n }: Pick<RequestContext, 'services' | 'l10n'>,
): NextStep {
  const { customer, intent } = recognized;
  if (!services.graphSignIn || customer.kind === 'invalid') return ANSWER;
  if (customer.kind === 'missing' && intent !== 'adminAccess') {
    const submitAction = customerCommandOf(recognized);
    return { kind: 'askCustomer', question: customerInput(customer, l10n, { asking: true, submitAction }) };
  }
  return needsTokens({ partnerCenter: customer.kind !== 'missing', graph: true });
}

/** What a customer typed or chosen later goes on to: the same GDAP command, wanting the same. */
function customerCommandOf(recognized: RecognizedAs<CustomerIntent>): CustomerCommand {
  if (recognized.intent !== 'adminRelationships') return { command: recognized.intent };
  return recognized.toEnd
    ? { command: 'adminRelationships', toEnd: true }
    : { command: 'adminRelationships' };
}

/** Its answer when it cannot run: no Graph sign-in here, or a customer that is no tenant id, domain or name. */
function unanswerable(recognized: RecognizedAs<CustomerIntent>, { services, l10n }: RequestContext) {
  if (!services.graphSignIn) return gdapUnavailable(l10n);
  const { customer } = recognized;
  if (customer.kind === 'invalid')
    return customerInput(customer, l10n, { submitAction: customerCommandOf(recognized) });
  return undefined;
}

const retryForCustomer = (recognized: RecognizedAs<CustomerIntent>) => ({
  command: recognized.intent,
  customer: referenceText(recognized.customer),
});

/** Teams mode without GRAPH_OAUTH_CONNECTION_NAME: no Graph token can be had, so no GDAP command runs. */
function gdapUnavailable(l10n: RequestContext['l10n']) {
  return {
    card: 'notice' as const,
    data: { title: l10n.t('gdap.unavailable.title'), text: l10n.t('gdap.unavailable.text') },
  };
}

/** Graph alone, when Graph can sign the user in here. */
const graphOnly = (_: unknown, { services }: Pick<RequestContext, 'services'>): NextStep =>
  services.graphSignIn ? needsTokens({ partnerCenter: false, graph: true }) : ANSWER;

export const inviteCustomerCommand: Command<'inviteCustomer'> = {
  submit: (value) => ({ intent: 'inviteCustomer', customer: submittedCustomer(value) }),
  needs: customerNeeds,
  withCustomer: (recognized, answer) => ({ ...recognized, customer: answer.customer }),
  run: async (recognized, context, calling) =>
    unanswerable(recognized, context) ??
    calling(() => askAdminAccess(recognized.customer, context, { withInvite: true })),
  retry: retryForCustomer,
  help: {
    command: 'help.inviteCustomerCommand',
    description: 'help.inviteCustomer',
    shown: (s) => s.graphSignIn,
  },
};

export const adminAccessCommand: Command<'adminAccess'> = {
  submit: (value) => ({ intent: 'adminAccess', customer: submittedCustomer(value) }),
  needs: customerNeeds,
  run: async (recognized, context, calling) =>
    unanswerable(recognized, context) ??
    calling(() => askAdminAccess(recognized.customer, context, { withInvite: false }), {
      needsToken: recognized.customer.kind !== 'missing',
    }),
  retry: retryForCustomer,
  help: { command: 'help.adminAccessCommand', description: 'help.adminAccess', shown: (s) => s.graphSignIn },
};

export const adminRelationshipsCommand: Command<'adminRelationships'> = {
  submit: (value) =>
    value.toEnd === true
      ? { intent: 'adminRelationships', customer: submittedCustomer(value), toEnd: true }
      : { intent: 'adminRelationships', customer: submittedCustomer(value) },
  needs: customerNeeds,
  withCustomer: (recognized, answer) => ({ ...recognized, customer: answer.customer }),
  run: async (recognized, context, calling) => {
    const { customer } = recognized;
    const toEnd = recognized.toEnd === true;
    return (
      unanswerable(recognized, context) ??
      calling(() => adminRelationships(customer, context, { toEnd }), {
        needsToken: customer.kind !== 'missing',
      })
    );
  },
  retry: retryForCustomer,
  help: {
    command: 'help.adminRelationshipsCommand',
    description: 'help.adminRelationships',
    shown: (s) => s.graphSignIn,
  },
};

/** A confirmation for a customer reads it from Partner Center again; one with the invite asks for the link too. */
const confirmNeedsPartnerCenter = ({ confirmation }: RecognizedAs<'adminAccessConfirm'>) =>
  confirmation.withInvite || confirmation.customerId !== undefined;

export const adminAccessConfirmCommand: Command<'adminAccessConfirm'> = {
  submit: (value) => {
    const confirmation = submittedConfirmation(value);
    return confirmation ? { intent: 'adminAccessConfirm', confirmation } : { intent: 'help' };
  },
  needs: (recognized, { services }) =>
    services.graphSignIn
      ? needsTokens({ partnerCenter: confirmNeedsPartnerCenter(recognized), graph: true })
      : ANSWER,
  run: async (recognized, context, calling) =>
    context.services.graphSignIn
      ? calling(() => confirmAdminAccess(recognized.confirmation, context), {
          needsToken: confirmNeedsPartnerCenter(recognized),
        })
      : gdapUnavailable(context.l10n),
  // A new confirmation card, never the same button: a create that failed may still have been made.
  retry: ({ confirmation: { customerId, withInvite } }) => ({
    command: withInvite ? 'inviteCustomer' : 'adminAccess',
    customer: customerId ?? '',
  }),
};

export const adminAccessLockCommand: Command<'adminAccessLock'> = {
  submit: (value) => {
    const relationshipId = submittedRelationshipId(value);
    const askedBy = submittedText(value.askedBy, 300);
    if (!relationshipId || !askedBy) return { intent: 'help' };
    const customerName = submittedText(value.customerName, 256);
    return { intent: 'adminAccessLock', relationshipId, askedBy, customerName };
  },
  needs: graphOnly,
  run: async (recognized, context, calling) =>
    context.services.graphSignIn
      ? calling(() => lockAdminAccess(recognized, context), { needsToken: false })
      : gdapUnavailable(context.l10n),
  retry: ({ relationshipId, askedBy, customerName }) => ({
    command: 'adminAccessLock',
    relationshipId,
    askedBy,
    customerName: customerName ?? '',
  }),
};

export const expiringAdminRelationshipsCommand: Command<'expiringAdminRelationships'> = {
  submit: () => ({ intent: 'expiringAdminRelationships' }),
  needs: graphOnly,
  run: async (_, context, calling) =>
    context.services.graphSignIn
      ? calling(() => expiringAdminRelationships(context), { needsToken: false })
      : gdapUnavailable(context.l10n),
  retry: () => ({ command: 'expiringAdminRelationships' }),
};

/** The customer as a card's box would hold it again. */
export function referenceText(customer: CustomerReference): string {
  return customer.kind === 'tenantId'
    ? customer.tenantId
    : customer.kind === 'domain'
      ? customer.domain
      : customer.kind === 'name'
        ? customer.name
        : '';
}
