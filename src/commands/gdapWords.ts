import { ADMIN_RELATIONSHIP_STATUSES } from '../graph/client';
import type { Localizer } from '../i18n/localizer';
import { roleOfId } from '../gdap/roles';

/** Roles in words, in the user's language; a role outside our list is shown by its id, never dropped. */
export function roleNames(roleIds: readonly string[], l10n: Localizer): string {
  return roleIds.map((id) => roleName(id, l10n)).join(', ');
}

function roleName(id: string, l10n: Localizer): string {
  const role = roleOfId(id);
  return role ? l10n.t(`gdap.roles.${role}`) : id;
}

const STATUSES: ReadonlySet<string> = new Set(ADMIN_RELATIONSHIP_STATUSES);

/** A relationship's status in words; one Graph adds later is shown as Graph spells it. */
export function statusName(status: string, l10n: Localizer): string {
  return STATUSES.has(status) ? l10n.t(`gdap.status.${status}`) : status;
}
