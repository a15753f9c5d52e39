import { httpCallOptions } from '../http/callOptions';
import { createHash, randomUUID } from 'node:crypto';
import { InFlight, ttlCache, type BoundedCache } from '../cache';
import type { Logger } from '../log';
import { systemClock, type Clock } from '../retry';
import { supportsAgreements, type PartnerCenterCloud } from './clouds';
import { PartnerCenterError } from './errors';
import {
  agreementMetadataListOf,
  agreementSchema,
  collectionOf,
  customerPageOf,
  customerSchema,
  directSignedStatusSchema,
  MAX_LIST_ITEMS,
  partnerRelationshipSchema,
  relationshipRequestSchema,
} from './schemas';
import { isTenantId } from '../checks';
import { PartnerCenterTransport, type Call, type PartnerCenterRequestContext } from './transport';
import type {
  AgreementCollection,
  AgreementMetadata,
  AgreementTypeFilter,
  Customer,
  CustomerCollection,
  CustomerPage,
  CustomerPageLink,
  CustomerSearchField,
  KnownAgreementType,
  PartnerRelationship,
  PartnerRelationshipType,
  RelationshipRequestTarget,
} from './types';

export type { PartnerCenterRequestContext } from './transport';

export interface PartnerCenterClientOptions {
  baseUrl: string;
  /** Sent as MS-PartnerCenter-Application, so Microsoft can tell our calls apart. */
  applicationName: string;
  cloud?: PartnerCenterCloud;
  /** One HTTP attempt's limit. */
  callTimeoutMs?: number;
  /** A whole user request's limit, retries included. */
  requestBudgetMs?: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** The first retry waits about this long; each later one twice as long, with jitter. */
  retryBaseMs?: number;
  /** How long a user's invite link, and the partner's indirect relationships, are reused; 0 turns the cache off. */
  inviteLinkTtlMs?: number;
  /** A response body longer than this is not read: the call fails as unreadable. 1 MiB by default. */
  maxResponseBytes?: number;
  /** A list response with more items than this fails as unreadable. 1,000 by default. */
  maxListItems?: number;
  logger?: Logger;
  fetch?: typeof fetch;
  /** For tests: the jitter source, and the clock that deadlines, caches and retry waits run on. */
  random?: () => number;
  clock?: Clock;
}

const SEARCH_VALUE_MAX = 256;
const MCA_TEMPLATES_TTL_MS = 6 * 3600_000;

/** The Partner Center operations the bot uses: their paths, their caching and coalescing, over the transport. */
export class PartnerCenterClient {
  private readonly cloud: PartnerCenterCloud;
  private readonly requestBudgetMs: number;
  private readonly clock: Clock;
  private readonly transport: PartnerCenterTransport;
  private readonly inFlight = new InFlight<unknown>();
  private readonly inviteLinks: BoundedCache<string>;
  /** The partner's indirect providers and resellers: they decide which link to ask for, so they live as long. */
  private readonly relationships: BoundedCache<PartnerRelationship[]>;
  /** The MCA's versions are Microsoft's, the same for every user: read once every few hours. */
  private readonly mcaTemplates: BoundedCache<AgreementMetadata[]>;
  private readonly lists: ReturnType<typeof listSchemas>;

  constructor(options: PartnerCenterClientOptions) {
    this.cloud = options.cloud ?? 'public';
    this.requestBudgetMs = options.requestBudgetMs ?? 20_000;
    this.clock = options.clock ?? systemClock;
    this.transport = new PartnerCenterTransport({
      ...httpCallOptions({ ...options, clock: this.clock }),
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      applicationName: options.applicationName,
    });
    this.inviteLinks = ttlCache(options.inviteLinkTtlMs ?? 600_000, 10_000, () => this.clock.now());
    this.relationships = ttlCache(options.inviteLinkTtlMs ?? 600_000, 10_000, () => this.clock.now());
    this.mcaTemplates = ttlCache(MCA_TEMPLATES_TTL_MS, 1, () => this.clock.now());
    this.lists = listSchemas(options.maxListItems ?? MAX_LIST_ITEMS);
  }

  /** A context for one user request: a new correlation id and the request's deadline. */
  newRequestContext(input: {
    token: string;
    locale: string;
    userKey: string;
    correlationId?: string;
    /** A shorter budget than the client's, for callers with a deadline of their own (message extensions). */
    budgetMs?: number;
  }): PartnerCenterRequestContext {
    const { budgetMs, ...request } = input;
    return {
      ...request,
      correlationId: input.correlationId ?? randomUUID(),
      deadline: this.clock.now() + Math.min(budgetMs ?? this.requestBudgetMs, this.requestBudgetMs),
    };
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
    const { url } = await this.get(context, {
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
    const { items } = await this.get(context, {
      operation: 'getPartnerRelationships',
      path: `/v1/relationships?relationship_type=${type}`,
      schema: this.lists.relationships,
    });
    this.relationships.set(key, items);
    return items;
  }

  async getCustomer(customerId: string, context: PartnerCenterRequestContext): Promise<Customer> {
    return this.get(context, {
      operation: 'getCustomer',
      path: `/v1/customers/${customerPath(customerId)}`,
      schema: customerSchema,
      customerScoped: true,
    });
  }

  /** Customers whose domain or company name starts with `value` (case-insensitive, Partner Center's only operator). */
  async searchCustomers(
    field: CustomerSearchField,
    value: string,
    context: PartnerCenterRequestContext,
    size = 10,
  ): Promise<CustomerCollection> {
    const text = value.trim();
    if (!text || text.length > SEARCH_VALUE_MAX || /\p{Cc}/u.test(text)) {
      throw new TypeError(`a search value is 1 to ${SEARCH_VALUE_MAX} printable characters`);
    }
    const filter = JSON.stringify({ Field: field, Value: text, Operator: 'starts_with' });
    return this.get(context, {
      operation: 'searchCustomers',
      path: `/v1/customers?size=${Math.max(1, Math.min(size, 500))}&filter=${encodeURIComponent(filter)}`,
      schema: this.lists.customers,
    });
  }

  /**
   * One page of every customer of the partner: the first, or the one `page` (a previous page's `next`) points at.
   * Partner Center sends the next page's path and the MS-ContinuationToken to send with it; only a path into the
   * customer list is followed, so an answer cannot send the user's token anywhere else.
   */
  async listCustomers(
    context: PartnerCenterRequestContext,
    page?: CustomerPageLink,
    size = 500,
  ): Promise<CustomerPage> {
    const path = page ? customerListPath(page.uri) : `/v1/customers?size=${Math.max(1, Math.min(size, 500))}`;
    if (path === undefined) {
      throw new PartnerCenterError({
        operation: 'listCustomers',
        kind: 'unreadable',
        correlationId: context.correlationId,
        description: 'links.next is not a path into the customer list',
      });
    }
    const token = page?.continuationToken;
    return this.transport.get(context, {
      operation: 'listCustomers',
      path,
      schema: this.lists.customerPage,
      headers: token === undefined ? undefined : { 'MS-ContinuationToken': token },
    });
  }

  /**
   * The type is always sent: without it Partner Center answers with Microsoft Cloud Agreements only,
   * for backward compatibility, which hides the MCA acceptances users ask about.
   */
  async getCustomerAgreements(
    customerId: string,
    agreementType: AgreementTypeFilter,
    context: PartnerCenterRequestContext,
  ): Promise<AgreementCollection> {
    this.requireAgreementsCloud('getCustomerAgreements', context);
    return this.get(context, {
      operation: 'getCustomerAgreements',
      path: `/v1/customers/${customerPath(customerId)}/agreements?agreementType=${encodeURIComponent(agreementType)}`,
      schema: this.lists.agreements,
      customerScoped: true,
    });
  }

  /** Whether the customer accepted the MCA itself: such acceptances are not in the agreements list. */
  async getDirectSignedMcaStatus(customerId: string, context: PartnerCenterRequestContext): Promise<boolean> {
    this.requireAgreementsCloud('getDirectSignedMcaStatus', context);
    const { isSigned } = await this.get(context, {
      operation: 'getDirectSignedMcaStatus',
      path: `/v1/customers/${customerPath(customerId)}/directSignedMicrosoftCustomerAgreementStatus`,
      schema: directSignedStatusSchema,
      customerScoped: true,
    });
    return isSigned;
  }

  /** The current templates of each agreement type (template id, link, version rank). */
  async getAgreementMetadata(
    agreementType: KnownAgreementType | undefined,
    context: PartnerCenterRequestContext,
  ): Promise<AgreementMetadata[]> {
    this.requireAgreementsCloud('getAgreementMetadata', context);
    const query = agreementType ? `?agreementType=${encodeURIComponent(agreementType)}` : '';
    return this.get(context, {
      operation: 'getAgreementMetadata',
      path: `/v1/agreements${query}`,
      schema: this.lists.agreementMetadata,
    });
  }

  /**
   * The Microsoft Customer Agreement's templates (versions, by `versionRank`), cached for a few hours. An answer
   * that lists no MCA template is returned but never cached: the next check asks again.
   */
  async getMcaTemplates(context: PartnerCenterRequestContext): Promise<AgreementMetadata[]> {
    const cached = this.mcaTemplates.get('mca');
    if (cached) return cached;
    const templates = await this.getAgreementMetadata('MicrosoftCustomerAgreement', context);
    if (templates.some((template) => template.agreementType === 'MicrosoftCustomerAgreement'))
      this.mcaTemplates.set('mca', templates);
    return templates;
  }

  private requireAgreementsCloud(operation: string, context: PartnerCenterRequestContext): void {
    if (supportsAgreements(this.cloud)) return;
    throw new PartnerCenterError({ operation, kind: 'notInThisCloud', correlationId: context.correlationId });
  }

  /** Identical GETs of one user under way at once are sent once; each call is retried as the policy allows. */
  private get<T>(context: PartnerCenterRequestContext, call: Call<T>): Promise<T> {
    const key = `${userKey(context)} ${call.path}`;
    return this.inFlight.run(key, () => this.transport.get(context, call)) as Promise<T>;
  }
}

/** The list responses, read with the client's own cap on their length. */
function listSchemas(maxItems: number) {
  return {
    customers: collectionOf(customerSchema, maxItems),
    customerPage: customerPageOf(maxItems),
    agreements: collectionOf(agreementSchema, maxItems),
    agreementMetadata: agreementMetadataListOf(maxItems),
    relationships: collectionOf(partnerRelationshipSchema, maxItems),
  };
}

/**
 * The cache and coalescing key of a user: who they are and which token they hold, hashed whole, so that an
 * entry's size does not depend on ids the client sends.
 */
function userKey(context: PartnerCenterRequestContext): string {
  return createHash('sha256')
    .update(JSON.stringify([context.userKey, context.token]))
    .digest('base64url');
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

/** Customer ids go into the path, so only a well-formed tenant id may ever reach it. */
function customerPath(customerId: string): string {
  if (!isTenantId(customerId)) throw new TypeError('customerId must be a tenant id (GUID)');
  return customerId.toLowerCase();
}

/** A next-page link as Partner Center writes it ("/customers?…" or "/v1/customers?…"), or undefined. */
function customerListPath(uri: string): string | undefined {
  const match = /^(?:\/v1)?(\/customers\?[\w.~%&=+-]*)$/i.exec(uri);
  return match ? `/v1${match[1]}` : undefined;
}

/**
 * The Partner Center calls the commands and the report's jobs make: the client implements it, tests may too.
 * Declared here, below both, so that neither reaches into the other for it.
 */
export type PartnerCenterPort = Pick<
  PartnerCenterClient,
  | 'newRequestContext'
  | 'getRelationshipRequestUrl'
  | 'getCustomer'
  | 'getCustomerAgreements'
  | 'getDirectSignedMcaStatus'
  | 'searchCustomers'
  | 'getMcaTemplates'
  | 'getPartnerRelationships'
>;
