import { holdsGlobalAdministrator } from './roles';

/** What the cards need of a GDAP relationship, as Graph describes it (see src/graph/client.ts). */
export interface RelationshipFacts {
  status: string;
  endDateTime?: string;
  roleIds: readonly string[];
  autoExtendDays?: number;
}

/** An active relationship that ends within this many days gets a warning: the partner loses access on that day. */
export const ENDING_SOON_DAYS = 30;

export interface RelationshipWarnings {
  /** Whole days until it ends, when it is active (or expiring) and ends within ENDING_SOON_DAYS. */
  endsInDays?: number;
  /** Will auto-extend instead of ending: the warning is softer. */
  autoExtends: boolean;
  globalAdministrator: boolean;
}

const LIVE = new Set(['active', 'expiring']);

export function relationshipWarnings(relationship: RelationshipFacts, today: Date): RelationshipWarnings {
  const globalAdministrator = holdsGlobalAdministrator(relationship.roleIds);
  const autoExtends = (relationship.autoExtendDays ?? 0) > 0;
  const end = relationship.endDateTime ? Date.parse(relationship.endDateTime) : Number.NaN;
  if (!LIVE.has(relationship.status) || Number.isNaN(end)) return { autoExtends, globalAdministrator };
  const days = Math.max(0, Math.ceil((end - today.getTime()) / 86_400_000));
  return { endsInDays: days <= ENDING_SOON_DAYS ? days : undefined, autoExtends, globalAdministrator };
}

/**
 * Most urgent first: live ones about to end for good, then live ones holding Global Administrator, then those
 * waiting for approval, the other live ones, the ones on their way, and the ended; the soonest end first within each.
 */
export function byUrgency<T extends RelationshipFacts>(relationships: readonly T[], today: Date): T[] {
  const rank = (r: T) => {
    const warnings = relationshipWarnings(r, today);
    if (warnings.endsInDays !== undefined && !warnings.autoExtends) return 0;
    if (LIVE.has(r.status) && warnings.globalAdministrator) return 1;
    if (r.status === 'approvalPending' || r.status === 'created') return 2;
    if (LIVE.has(r.status)) return 3;
    return r.status === 'activating' || r.status === 'approved' ? 4 : 5;
  };
  const end = (r: T) => (r.endDateTime ? Date.parse(r.endDateTime) || Infinity : Infinity);
  return relationships
    .map((r, index) => ({ r, index }))
    .sort((a, b) => rank(a.r) - rank(b.r) || end(a.r) - end(b.r) || a.index - b.index)
    .map(({ r }) => r);
}
