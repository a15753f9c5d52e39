import type { Reply } from '../cards/renderer';
import { byUrgency, ENDING_SOON_DAYS, relationshipWarnings } from '../gdap/relationshipState';
import type { AdminRelationship } from '../graph/client';
import type { CustomerReference } from '../recognizer/recognizer';
import { findGdapCustomer } from './adminAccess';
import { approvalUrl } from './adminAccessCards';
import { requireGraph, sourceNote, type RequestContext } from './context';
import { roleNames, statusName } from './gdapWords';

/** Rows a card shows; the rest are counted, most urgent first. */
const MAX_ROWS = 15;

/** "admin relationships for <customer>": its GDAP relationships, the ones needing attention first. */
export async function adminRelationships(
  reference: CustomerReference,
  context: RequestContext,
  options: { toEnd?: boolean } = {},
): Promise<Reply> {
  const command = options.toEnd
    ? { command: 'adminRelationships' as const, toEnd: true }
    : { command: 'adminRelationships' as const };
  const found = await findGdapCustomer(reference, context, command);
  if (found.kind === 'reply') return found.reply;
  const graph = requireGraph(context);
  const customer = found.customer;
  const relationships = await graph.client.listAdminRelationships(
    graph.request,
    customer ? { customerTenantId: customer.id } : undefined,
  );
  const { t } = context.l10n;
  const name = customer?.name ?? '';
  return listCard(context, {
    title: t('gdap.list.title', { customer: name }),
    empty: t('gdap.list.empty', { customer: name }),
    relationships,
    showCustomer: false,
    // Asked to end access: where that is done, and no button that asks for more.
    howToEnd: options.toEnd ? t('gdap.list.howToEnd', { customer: name }) : undefined,
    newRequest: customer && !options.toEnd ? { command: 'adminAccess', customer: customer.id } : undefined,
  });
}

/** "expiring admin relationships": every customer's live relationships that end within 30 days. */
export async function expiringAdminRelationships(context: RequestContext): Promise<Reply> {
  const graph = requireGraph(context);
  const all = await graph.client.listAdminRelationships(graph.request);
  const ending = all.filter((r) => relationshipWarnings(r, context.today).endsInDays !== undefined);
  const { t } = context.l10n;
  return listCard(context, {
    title: t('gdap.expiring.title', { days: ENDING_SOON_DAYS }),
    empty: t('gdap.expiring.empty', { days: ENDING_SOON_DAYS }),
    relationships: ending,
    showCustomer: true,
  });
}

function listCard(
  context: RequestContext,
  input: {
    title: string;
    empty: string;
    relationships: AdminRelationship[];
    showCustomer: boolean;
    howToEnd?: string;
    newRequest?: Record<string, string>;
  },
): Reply {
  const { t } = context.l10n;
  const sorted = byUrgency(input.relationships, context.today);
  const rows = sorted.slice(0, MAX_ROWS).map((r) => {
    const warnings = relationshipWarnings(r, context.today);
    const notes = [
      warnings.endsInDays !== undefined
        ? t(endingKey(warnings), {
            days: warnings.endsInDays,
          })
        : undefined,
      warnings.globalAdministrator ? t('gdap.list.holdsGlobalAdministrator') : undefined,
    ].filter((note): note is string => note !== undefined);
    const customer = r.customer?.displayName ?? r.customer?.tenantId;
    return {
      title: input.showCustomer && customer ? `${customer} · ${r.displayName}` : r.displayName,
      status: statusName(r.status, context.l10n),
      attention: notes.length > 0,
      roles: roleNames(r.roleIds, context.l10n),
      dates: datesOf(r, context),
      warning: notes.length > 0 ? notes.join(' ') : undefined,
      approvalUrl: r.status === 'approvalPending' ? approvalUrl(r.id) : undefined,
      approvalTitle: t('gdap.list.approvalLink'),
    };
  });
  return {
    card: 'adminRelationships',
    data: {
      title: input.title,
      summary:
        sorted.length === 0
          ? input.empty
          : t(sorted.length === 1 ? 'gdap.list.countOne' : 'gdap.list.count', { count: sorted.length }),
      howToEnd: input.howToEnd,
      rows,
      more: sorted.length > MAX_ROWS ? t('gdap.list.more', { count: sorted.length - MAX_ROWS }) : undefined,
      newRequestTitle: input.newRequest ? t('gdap.list.newRequest') : undefined,
      newRequestAction: input.newRequest,
      sourceNote: sourceNote(context),
    },
  };
}

/** "Ends in 12 days", "Ends tomorrow", "Ends today": a number of days read as a person says it. */
function endingKey(warnings: { endsInDays?: number; autoExtends: boolean }): string {
  const when = warnings.endsInDays === 0 ? 'Today' : warnings.endsInDays === 1 ? 'Tomorrow' : '';
  return `gdap.list.${warnings.autoExtends ? 'endsAutoExtends' : 'endsSoon'}${when}`;
}

const WAITING = new Set(['approvalPending', 'created']);

/**
 * When it ends (a day: the time of day is noise here) and whether it extends itself; for one still waiting for
 * approval, since when, as Graph sets its end only once approved.
 */
function datesOf(r: AdminRelationship, context: RequestContext): string {
  const { t, formatDate } = context.l10n;
  const day = (iso: string) => formatDate(iso.slice(0, 10));
  if (WAITING.has(r.status))
    return r.createdDateTime ? t('gdap.list.waitingSince', { date: day(r.createdDateTime) }) : '';
  return [
    r.endDateTime ? t('gdap.list.ends', { date: day(r.endDateTime) }) : undefined,
    r.autoExtendDays ? t('gdap.list.autoExtends', { days: r.autoExtendDays }) : t('gdap.list.noAutoExtend'),
  ]
    .filter(Boolean)
    .join(' · ');
}
