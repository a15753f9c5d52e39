import { isGuid } from '../checks';
import { badRequest } from './graphErrors';
import { BUILT_IN_ROLES, GLOBAL_ADMINISTRATOR } from './gdapRoles';
import type { EmulatorAnswer } from './replies';

/**
 * The rules Graph applies to a Create body (microsoft-graph-docs-contrib api-reference/v1.0,
 * tenantrelationship-post-delegatedadminrelationships and resources/delegatedadminrelationship); the messages
 * marked "worded here" are ours where Microsoft's own could not be found. The rules that need the partner's other
 * relationships (a unique name) are the relationships' own (gdapRelationships.ts).
 */

/** A Create body that passed the rules, in the form the relationship keeps. */
export interface CreateRequest {
  displayName: string;
  duration: string;
  autoExtendDuration: string;
  roleIds: string[];
  /** Absent when the body names no customer. */
  tenantId?: string;
}

/** Days in an ISO 8601 duration as Graph takes them for GDAP: PnD, P1Y or P2Y; PT0S and P0D for "none". */
function days(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^P(?:(\d{1,4})D|([12])Y|0D)$|^PT0S$/.exec(text);
  if (!match) return undefined;
  if (match[1] !== undefined) return Number(match[1]);
  if (match[2] !== undefined) return Number(match[2]) * 365;
  return 0;
}

/** The body read as a Create, or Graph's 400 for the first rule it breaks. */
export function createRequest(
  body: unknown,
): { ok: true; value: CreateRequest } | { ok: false; reply: EmulatorAnswer } {
  const refused = (message: string) => ({ ok: false as const, reply: badRequest(message) });
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const name = input.displayName;
  if (typeof name !== 'string' || name.length < 1 || name.length > 50)
    return refused('The displayName is required and must be between 1 and 50 characters long.');
  const duration = days(input.duration);
  if (duration === undefined || duration < 1 || duration > 730)
    return refused('The duration must be a value between P1D and P2Y inclusive.');
  const autoExtend = input.autoExtendDuration ?? 'PT0S';
  if (!['PT0S', 'P0D', 'P180D'].includes(String(autoExtend)))
    return refused('The autoExtendDuration supported values are PT0S, P0D and P180D.');
  const roles = (input.accessDetails as { unifiedRoles?: unknown } | undefined)?.unifiedRoles;
  if (!Array.isArray(roles) || roles.length === 0)
    return refused('The accessDetails must contain at least one unifiedRole.');
  const roleIds = roles.map((role) => (role as { roleDefinitionId?: unknown } | null)?.roleDefinitionId);
  const unknown = roleIds.find((id) => typeof id !== 'string' || !(id.toLowerCase() in BUILT_IN_ROLES));
  if (unknown !== undefined || roleIds.some((id) => typeof id !== 'string'))
    return refused(
      `The roleDefinitionId '${String(unknown)}' is not a supported Microsoft Entra built-in role.`,
    );
  // Microsoft: auto-extend is not available for a relationship holding Global Administrator (partner-center
  // customers/expiring-gdap-relationships-and-auto-extend-gdap); the message is worded here.
  if (autoExtend === 'P180D' && (roleIds as string[]).some((id) => id.toLowerCase() === GLOBAL_ADMINISTRATOR))
    return refused(
      'Auto-extend is not supported for a relationship that includes the Global Administrator role. Set autoExtendDuration to PT0S.',
    );
  const customer = input.customer as { tenantId?: unknown; displayName?: unknown } | undefined;
  if (
    customer?.tenantId !== undefined &&
    (typeof customer.tenantId !== 'string' || !isGuid(customer.tenantId))
  )
    return refused('The customer tenantId must be a valid GUID.');
  return {
    ok: true,
    value: {
      displayName: name,
      duration: String(input.duration),
      autoExtendDuration: String(autoExtend),
      roleIds: roleIds as string[],
      ...(typeof customer?.tenantId === 'string' ? { tenantId: customer.tenantId } : {}),
    },
  };
}
