import { randomUUID } from 'node:crypto';
import type { Reply } from '../cards/renderer';
import { adminAccessPlan, type AdminAccessPlan } from '../gdap/plan';
import type { AdminRelationship } from '../graph/client';
import { GraphError } from '../graph/errors';
import type { AdminAccessConfirmation, CustomerReference } from '../recognizer/recognizer';
import { claimKey } from '../storage/claimStore';
import { requireGraph, requirePartnerCenter, type RequestContext } from './context';
import { customerChoice, noCustomerMatch } from './customerChoice';
import { resolveCustomer, type CustomerCommand } from './customerResolution';
import { customerInput } from './customerInput';
import { defaultInviteLink } from './inviteLink';
import { notice } from './notice';
import {
  approvalUrl,
  confirmationCard,
  createdCard,
  notSentForApproval,
  type GdapCustomer,
  type ResellerStep,
} from './adminAccessCards';

type Found = { kind: 'found'; customer?: GdapCustomer } | { kind: 'reply'; reply: Reply };

/**
 * The customer a GDAP command names, resolved as "agreements" resolves one; several or none become the choice
 * or the box to type another, whose button comes back to `command`.
 */
export async function findGdapCustomer(
  reference: CustomerReference,
  context: RequestContext,
  command: CustomerCommand,
): Promise<Found> {
  if (reference.kind === 'missing') return { kind: 'found' };
  if (reference.kind === 'invalid') {
    return { kind: 'reply', reply: customerInput(reference, context.l10n, { submitAction: command }) };
  }
  const resolution = await resolveCustomer(reference, context);
  const searched =
    reference.kind === 'domain' ? reference.domain : reference.kind === 'name' ? reference.name : '';
  if (resolution.kind === 'none')
    return { kind: 'reply', reply: noCustomerMatch(searched, 'mca', context.l10n, command) };
  if (resolution.kind === 'many')
    return { kind: 'reply', reply: customerChoice(searched, resolution, 'mca', context.l10n, command) };
  // A tenant id alone says nothing of the name: Partner Center does, and says whether it is a customer at all.
  const { id, companyName } = resolution.customer;
  return {
    kind: 'found',
    customer: companyName ? { id: id.toLowerCase(), name: companyName } : await customerOfId(id, context),
  };
}

async function customerOfId(id: string, context: RequestContext): Promise<GdapCustomer> {
  const { client, request } = requirePartnerCenter(context);
  const customer = await client.getCustomer(id, request);
  return { id: customer.id.toLowerCase(), name: customer.companyName ?? customer.id };
}

/** "admin access for <customer>": what would be asked for, and a button only the asker can press. */
export async function askAdminAccess(
  reference: CustomerReference,
  context: RequestContext,
  options: { withInvite: boolean },
): Promise<Reply> {
  const found = await findGdapCustomer(reference, context, {
    command: options.withInvite ? 'inviteCustomer' : 'adminAccess',
  });
  if (found.kind === 'reply') return found.reply;
  const [reseller, waiting] = await Promise.all([
    options.withInvite ? resellerStep(context) : undefined,
    found.customer ? waitingRequest(found.customer, context) : undefined,
  ]);
  return confirmationCard(context, found.customer, planFor(context, found.customer), reseller, waiting);
}

/**
 * A request of the customer's already waiting for approval: the confirmation says so, as a second one is rarely
 * meant. A courtesy: when the list cannot be read, the confirmation goes without it.
 */
async function waitingRequest(
  customer: GdapCustomer,
  context: RequestContext,
): Promise<AdminRelationship | undefined> {
  const graph = requireGraph(context);
  try {
    const relationships = await graph.client.listAdminRelationships(graph.request, {
      customerTenantId: customer.id,
    });
    return relationships.find((r) => r.status === 'approvalPending');
  } catch {
    return undefined;
  }
}

function planFor(
  context: RequestContext,
  customer: GdapCustomer | undefined,
  suffix?: string,
): AdminAccessPlan {
  return adminAccessPlan({
    roles: context.services.gdap.roles,
    durationDays: context.services.gdap.durationDays,
    customerName: customer?.name,
    day: context.today.toISOString().slice(0, 10),
    suffix,
  });
}

/** The confirmation's button: create the relationship, send it for approval, and say what comes next. */
export async function confirmAdminAccess(
  confirmation: AdminAccessConfirmation,
  context: RequestContext,
): Promise<Reply> {
  const { t } = context.l10n;
  if (confirmation.askedBy !== context.userKey) {
    return notice(t('gdap.notYours.title'), t('gdap.notYours.text'));
  }
  // The card's data comes back from the client: the tenant id is checked to be a customer's, and the name shown
  // to that customer's admin is Partner Center's, never the one the submit carries.
  const customer = confirmation.customerId ? await customerOfId(confirmation.customerId, context) : undefined;
  const reseller = confirmation.withInvite ? await resellerStep(context) : undefined;
  const plan = planFor(context, customer);
  // The settings changed since the card was shown: what would be created is not what the user saw.
  if (plan.key !== confirmation.plan) return confirmationCard(context, customer, plan, reseller);
  const first = await context.services.confirmations.claim(
    claimKey('gdap', confirmation.askedBy, confirmation.confirmId),
  );
  if (!first) {
    return notice(t('gdap.already.title'), t('gdap.already.text'), {
      submitTitle: t('gdap.list.button'),
      submitAction: customer
        ? { command: 'adminRelationships', customer: customer.id }
        : { command: 'expiringAdminRelationships' },
    });
  }
  const graph = requireGraph(context);
  const created = await createWithUniqueName(context, customer, plan);
  try {
    await graph.client.lockForApproval(created.id, graph.request);
  } catch (error) {
    return notSentForApproval(context, created, customer, error);
  }
  return {
    ...createdCard(context, created, customer, plan, reseller),
    settles: {
      card: 'notice',
      data: {
        title: customer
          ? t('gdap.confirmed.title', { customer: customer.name })
          : t('gdap.confirmed.titleGeneric'),
        text: t('gdap.confirmed.text', { name: created.displayName || plan.displayName }),
      },
    },
  };
}

async function resellerStep(context: RequestContext): Promise<ResellerStep> {
  const link = await defaultInviteLink(context);
  return 'url' in link ? link : { choose: true };
}

/** "Try again" on a relationship created but not sent for approval: send it now. */
export async function lockAdminAccess(
  input: { relationshipId: string; askedBy: string; customerName?: string },
  context: RequestContext,
): Promise<Reply> {
  const { t } = context.l10n;
  if (input.askedBy !== context.userKey) return notice(t('gdap.notYours.title'), t('gdap.notYours.text'));
  const graph = requireGraph(context);
  await graph.client.lockForApproval(input.relationshipId, graph.request);
  return {
    card: 'notice',
    data: {
      title: t('gdap.locked.title'),
      text: input.customerName
        ? t('gdap.locked.text', { customer: input.customerName })
        : t('gdap.locked.textGeneric'),
      openTitle: t('gdap.created.open'),
      openUrl: approvalUrl(input.relationshipId),
    },
  };
}

/** Graph keeps names unique per partner: a taken one gets a short suffix, once; a second refusal is said. */
async function createWithUniqueName(
  context: RequestContext,
  customer: GdapCustomer | undefined,
  plan: AdminAccessPlan,
): Promise<AdminRelationship> {
  const graph = requireGraph(context);
  const create = (p: AdminAccessPlan) =>
    graph.client.createAdminRelationship(
      {
        displayName: p.displayName,
        durationDays: p.durationDays,
        customerTenantId: customer?.id,
        roleIds: p.roleIds,
        autoExtendDays: p.autoExtendDays,
      },
      graph.request,
    );
  try {
    return await create(plan);
  } catch (error) {
    if (!(error instanceof GraphError) || error.kind !== 'duplicateName') throw error;
    return create(planFor(context, customer, randomUUID().slice(0, 4)));
  }
}
