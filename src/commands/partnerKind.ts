import type { PartnerRelationship } from '../partnerCenter/types';

/**
 * What kind of CSP partner the user's account is, which decides which invite link Partner Center gives it:
 * - direct: no indirect provider, no indirect reseller; its own link.
 * - indirectReseller: it resells through indirect providers (distributors); the link names one of them.
 * - indirectProvider: it has indirect resellers; its own link, or one on behalf of a reseller.
 * - dualRole: both. Microsoft documents dualRoleIndirectRelationship for "transitioning" partners, direct-bill and
 *   indirect reseller at once. Partner Center lists no "direct-bill" relationship, so only a partner that has
 *   resellers (which only a direct enrollment may have) and providers can be told dual-role from the relationships.
 *   A direct-bill partner with providers but no resellers reads as an indirect reseller: it can still ask for its
 *   direct link ("Direct" on the choice card sends dualRoleIndirectRelationship=false).
 */
export type PartnerKind = 'direct' | 'indirectReseller' | 'indirectProvider' | 'dualRole';

export interface PartnerRelationships {
  /** IsIndirectResellerOf: the providers this partner resells through. */
  providers: PartnerRelationship[];
  /** IsIndirectCloudSolutionProviderOf: the resellers this partner provides for. */
  resellers: PartnerRelationship[];
}

export function partnerKindOf({ providers, resellers }: PartnerRelationships): PartnerKind {
  if (providers.length > 0) return resellers.length > 0 ? 'dualRole' : 'indirectReseller';
  return resellers.length > 0 ? 'indirectProvider' : 'direct';
}

/**
 * The resellers a typed name means, case- and accent-insensitive: those whose name starts with it, else those
 * that contain it. "Contoso" finds "Contoso IT" and "Contoso Cloud" (a choice), "cloud" finds "Contoso Cloud".
 */
export function resellersNamed(
  resellers: readonly PartnerRelationship[],
  typed: string,
): PartnerRelationship[] {
  const key = foldName(typed);
  if (!key) return [];
  const starting = resellers.filter((r) => foldName(r.name).startsWith(key));
  return starting.length > 0 ? starting : resellers.filter((r) => foldName(r.name).includes(key));
}

function foldName(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
