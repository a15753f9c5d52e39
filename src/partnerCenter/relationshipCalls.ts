import type { z } from 'zod';
import { ttlCache, type BoundedCache } from '../cache';
import { isTenantId } from '../checks';
import type { Clock } from '../clock';
import { userKey, type CoalescedGets } from './perUser';
import { collectionOf, partnerRelationshipSchema, relationshipRequestSchema } from './schemas';
import type { PartnerCenterRequestContext } from './transport';
import type { PartnerRelationship, PartnerRelationshipType, RelationshipRequestTarget } from './types';

/** The reseller invite link and the indirect relationships that decide which link to ask for, both reused per user. */
export class RelationshipCalls {
  private readonly relationshipList: z.ZodType<{ items: PartnerRelationship[] }>;
  private readonly inviteLinks: BoundedCache<string>;
  /** The partner's indirect providers and resellers: they decide which link to ask for, so they live as long. */
  private readonly relationships: BoundedCache<PartnerRelationship[]>;

  /** `ttlMs` is how long a link and the relationships are reused; 0 turns the caches off. */
  constructor(
    private readonly gets: CoalescedGets,
    ttlMs: number,
    clock: Clock,
    maxListItems: number,
  ) {
    this.relationshipList = collectionOf(partnerRelationshipSchema, maxListItems);
    this.inviteLinks = ttlCache(ttlMs, 10_000, () => clock.now());
    this.relationships = ttlCache(ttlMs, 10_000, () => clock.now());
  }

  /**
   * The link a customer opens to accept this partner (or, with a target, this partner through or for an indirect
   * partner) as its reseller; reused per user and target for a while. The URL is Partner Center's, never built here.
   */
  async getRelationshipRequestUrl(
    context: PartnerCenterRequestContext,
    target: RelationshipRequestTarget = {},
  ): Promise<string> {
    const query = relationshipRequestQuery(target);
    const key = `${userKey(context)} ${query}`;
    const cached = this.inviteLinks.get(key);
    if (cached) return cached;
    const { url } = await this.gets.get(context, {
      operation: 'getRelationshipRequestUrl',
      path: `/v1/customers/relationshiprequests${query}`,
      schema: relationshipRequestSchema,
    });
    this.inviteLinks.set(key, url);
    return url;
  }

  /**
   * The partner's indirect providers (IsIndirectResellerOf) or indirect resellers (IsIndirectCloudSolutionProviderOf),
   * reused per user for as long as the invite link: the link cannot be asked for without them, and a cached link
   * must cost no call.
   */
  async getPartnerRelationships(
    type: PartnerRelationshipType,
    context: PartnerCenterRequestContext,
  ): Promise<PartnerRelationship[]> {
    const key = `${userKey(context)} ${type}`;
    const cached = this.relationships.get(key);
    if (cached) return cached;
    const { items } = await this.gets.get(context, {
      operation: 'getPartnerRelationships',
      path: `/v1/relationships?relationship_type=${type}`,
      schema: this.relationshipList,
    });
    this.relationships.set(key, items);
    return items;
  }
}

/**
 * The query of a relationship request, in a fixed order (it is part of the cache key). The ids go into the URL, so
 * only well-formed tenant ids may reach it; a provider and a reseller at once is no documented request.
 */
function relationshipRequestQuery(target: RelationshipRequestTarget): string {
  const { indirectCloudSolutionProviderId: provider, indirectResellerId: reseller } = target;
  if (provider !== undefined && reseller !== undefined)
    throw new TypeError('a relationship request goes through a provider or for a reseller, not both');
  const params = new URLSearchParams();
  if (provider !== undefined) params.set('indirectCloudSolutionProviderId', tenantIdParam(provider));
  if (reseller !== undefined) params.set('indirectResellerId', tenantIdParam(reseller));
  if (target.dualRoleIndirectRelationship !== undefined)
    params.set('dualRoleIndirectRelationship', String(target.dualRoleIndirectRelationship));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function tenantIdParam(id: string): string {
  if (!isTenantId(id)) throw new TypeError('an indirect partner id must be a tenant id (GUID)');
  return id.toLowerCase();
}
