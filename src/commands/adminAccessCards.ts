import { randomUUID } from 'node:crypto';
import type { Reply } from '../cards/renderer';
import type { AdminAccessPlan } from '../gdap/plan';
import type { AdminRelationship } from '../graph/client';
import { GraphError } from '../graph/errors';
import type { AdminAccessConfirmation } from '../recognizer/recognizer';
import { sourceNote, type RequestContext } from './context';
import { roleNames } from './gdapWords';
import { notice } from './notice';

/** The GDAP request's cards: the confirmation, the created request, and one created but not sent for approval. */

/** The customer a GDAP request is for: its tenant id and name, or none (a generic invitation). */
export interface GdapCustomer {
  id: string;
  name: string;
}

/** Where the customer's Global Administrator approves a GDAP request (Microsoft's link, by relationship id). */
export function approvalUrl(relationshipId: string): string {
  return `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${encodeURIComponent(relationshipId)}`;
}

export function confirmationCard(
  context: RequestContext,
  customer: GdapCustomer | undefined,
  plan: AdminAccessPlan,
  reseller: ResellerStep | undefined,
  /** A request for this customer already waiting for approval. */
  waiting?: AdminRelationship,
): Reply {
  const { t } = context.l10n;
  const confirmation: AdminAccessConfirmation = {
    customerId: customer?.id,
    customerName: customer?.name,
    askedBy: context.userKey,
    confirmId: randomUUID(),
    plan: plan.key,
    withInvite: reseller !== undefined,
  };
  return {
    card: 'adminAccessConfirm',
    data: {
      title: !customer
        ? t('gdap.confirm.titleGeneric')
        : t(reseller ? 'gdap.invite.title' : 'gdap.confirm.title', { customer: customer.name }),
      intro: customer ? t('gdap.confirm.intro') : t('gdap.confirm.introGeneric'),
      ...resellerData(context, reseller),
      facts: planFacts(context, customer, plan),
      warning: plan.globalAdministrator ? t('gdap.confirm.globalAdministrator') : undefined,
      waiting: waiting ? t('gdap.confirm.waiting', { name: waiting.displayName }) : undefined,
      waitingUrl: waiting ? approvalUrl(waiting.id) : undefined,
      waitingTitle: t('gdap.confirm.waitingLink'),
      onlyAsker: t('gdap.confirm.onlyAsker'),
      confirm: t('gdap.confirm.button'),
      cancel: t('gdap.confirm.cancel'),
      confirmAction: { command: 'adminAccessConfirm', ...confirmation },
      sourceNote: sourceNote(context),
    },
  };
}

function planFacts(context: RequestContext, customer: GdapCustomer | undefined, plan: AdminAccessPlan) {
  const { t } = context.l10n;
  return [
    {
      title: t('gdap.facts.customer'),
      value: customer ? `${customer.name} · ${customer.id}` : t('gdap.facts.anyCustomer'),
    },
    { title: t('gdap.facts.roles'), value: roleNames(plan.roleIds, context.l10n) },
    {
      title: t('gdap.facts.duration'),
      value: t(plan.durationDays === 1 ? 'gdap.facts.oneDay' : 'gdap.facts.days', {
        days: plan.durationDays,
      }),
    },
    {
      title: t('gdap.facts.autoExtend'),
      value: plan.autoExtendDays > 0 ? t('gdap.facts.autoExtendOn') : t('gdap.facts.autoExtendOff'),
    },
  ];
}

/** "invite <customer>"'s first step: the reseller link, or, when the partner must pick a provider, how to. */
export type ResellerStep = { url: string; through?: string } | { choose: true };

function resellerData(context: RequestContext, reseller: ResellerStep | undefined) {
  const { t } = context.l10n;
  if (!reseller) return {};
  return {
    resellerStep: t('gdap.invite.resellerStep'),
    resellerLink: 'url' in reseller ? reseller.url : undefined,
    resellerThrough: 'url' in reseller ? reseller.through : t('gdap.invite.chooseProvider'),
    adminStep: t('gdap.invite.adminStep'),
  };
}

export function createdCard(
  context: RequestContext,
  created: AdminRelationship,
  customer: GdapCustomer | undefined,
  plan: AdminAccessPlan,
  reseller: ResellerStep | undefined,
): Reply {
  const { t } = context.l10n;
  const url = approvalUrl(created.id);
  const resellerLink = reseller && 'url' in reseller ? reseller.url : undefined;
  return {
    card: 'adminAccessCreated',
    data: {
      title: customer ? t('gdap.created.title', { customer: customer.name }) : t('gdap.created.titleGeneric'),
      intro: reseller ? t('gdap.invite.intro') : t('gdap.created.intro'),
      ...resellerData(context, reseller),
      openReseller: t('gdap.invite.openReseller'),
      adminStep: reseller ? t('gdap.invite.adminStep') : t('gdap.created.linkLabel'),
      approvalLink: url,
      // The buttons' links: a key ending in Url is checked as a link (https) and not Markdown-escaped as text is.
      approvalUrl: url,
      resellerUrl: resellerLink,
      open: t('gdap.created.open'),
      // What was just confirmed is not said again: the name to find it by, whose it is, and how long it waits.
      facts: [
        { title: t('gdap.facts.name'), value: created.displayName || plan.displayName },
        ...(customer ? [{ title: t('gdap.facts.customer'), value: customer.name }] : []),
        { title: t('gdap.facts.expires'), value: t('gdap.created.expires') },
      ],
      forwardTitle: t('gdap.created.forwardTitle'),
      forward: resellerLink
        ? t('gdap.invite.forward', {
            resellerLink,
            approvalLink: url,
            roles: roleNames(plan.roleIds, context.l10n),
          })
        : t('gdap.created.forward', { url, roles: roleNames(plan.roleIds, context.l10n) }),
      nextTitle: t('gdap.created.nextTitle'),
      next: t('gdap.created.next'),
      warning: plan.globalAdministrator ? t('gdap.confirm.globalAdministrator') : undefined,
      sourceNote: sourceNote(context),
    },
  };
}

/** Created, but not sent: the relationship exists (status created) and waits for a second try. */
export function notSentForApproval(
  context: RequestContext,
  created: AdminRelationship,
  customer: GdapCustomer | undefined,
  error: unknown,
): Reply {
  const { t } = context.l10n;
  const reason =
    error instanceof GraphError ? t(`gdap.errors.${error.kind}.title`) : t('errors.internal.title');
  return notice(t('gdap.notLocked.title'), t('gdap.notLocked.text', { name: created.displayName, reason }), {
    submitTitle: t('common.tryAgain'),
    submitAction: {
      command: 'adminAccessLock',
      relationshipId: created.id,
      askedBy: context.userKey,
      customerName: customer?.name ?? '',
    },
  });
}
