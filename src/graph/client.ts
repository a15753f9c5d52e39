import { httpCallOptions } from '../http/callOptions';
import { randomUUID } from 'node:crypto';
import { isGuid } from '../checks';
import type { Logger } from '../log';
import { systemClock, type Clock } from '../clock';
import { durationOfDays } from './durations';
import { GraphError, isRetryableCreate, isRetryableRead } from './errors';
import { adminRelationshipSchema, relationshipPageOf, relationshipRequestSchema } from './schemas';
import { GraphTransport, type GraphRequestContext } from './transport';

export type { GraphRequestContext } from './transport';

export interface GraphClientOptions {
  /** https://graph.microsoft.com, or the emulator's URL in local mode. */
  baseUrl: string;
  /** One HTTP attempt's limit. */
  callTimeoutMs?: number;
  /** A whole user request's limit, retries included. */
  requestBudgetMs?: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** The first retry waits about this long; each later one twice as long, with jitter. */
  retryBaseMs?: number;
  /** A response body longer than this is not read: the call fails as unreadable. 1 MiB by default. */
  maxResponseBytes?: number;
  /** A relationship list longer than this fails as unreadable rather than shown in part. 1,000 by default. */
  maxListItems?: number;
  /** Pages followed through @odata.nextLink before the list fails as unreadable. 20 by default. */
  maxListPages?: number;
  logger?: Logger;
  fetch?: typeof fetch;
  /** For tests: the jitter source, and the clock that deadlines and retry waits run on. */
  random?: () => number;
  clock?: Clock;
}

/** The statuses Graph documents for a delegated admin relationship. */
export const ADMIN_RELATIONSHIP_STATUSES = [
  'activating',
  'active',
  'approvalPending',
  'approved',
  'created',
  'expired',
  'expiring',
  'terminated',
  'terminating',
  'terminationRequested',
] as const;
export type AdminRelationshipStatus = (typeof ADMIN_RELATIONSHIP_STATUSES)[number];

/** A GDAP relationship as the bot uses it: durations in days, the roles as their template ids. */
export interface AdminRelationship {
  id: string;
  displayName: string;
  /** Kept as read: Graph may add statuses. */
  status: AdminRelationshipStatus | 'unknownFutureValue' | (string & {});
  customer?: { tenantId?: string; displayName?: string };
  /** Undefined when Graph wrote a duration this code does not read (see durations.ts). */
  durationDays?: number;
  autoExtendDays?: number;
  roleIds: string[];
  createdDateTime?: string;
  activatedDateTime?: string;
  endDateTime?: string;
  lastModifiedDateTime?: string;
}

export interface NewAdminRelationship {
  /** 1 to 50 characters, unique among the partner's relationships. */
  displayName: string;
  /** 1 to 730. */
  durationDays: number;
  customerTenantId?: string;
  /** Entra built-in role template ids. */
  roleIds: string[];
  /** 180 renews the relationship by six months at its end; Graph refuses it with Global Administrator. */
  autoExtendDays: 0 | 180;
}

const RELATIONSHIPS_PATH = '/v1.0/tenantRelationships/delegatedAdminRelationships';

/** The GDAP operations the bot uses (Microsoft Graph v1.0), over the transport. */
export class GraphClient {
  private readonly baseUrl: URL;
  private readonly requestBudgetMs: number;
  private readonly clock: Clock;
  private readonly transport: GraphTransport;
  private readonly page: ReturnType<typeof relationshipPageOf>;
  private readonly maxListItems: number;
  private readonly maxListPages: number;

  constructor(options: GraphClientOptions) {
    this.baseUrl = new URL(options.baseUrl.replace(/\/+$/, ''));
    this.requestBudgetMs = options.requestBudgetMs ?? 20_000;
    this.clock = options.clock ?? systemClock;
    this.transport = new GraphTransport(httpCallOptions({ ...options, clock: this.clock }));
    this.maxListItems = options.maxListItems ?? 1000;
    this.maxListPages = options.maxListPages ?? 20;
    this.page = relationshipPageOf(this.maxListItems);
  }

  /** A context for one user request: a new correlation id and the request's deadline. */
  newRequestContext(input: {
    token: string;
    userKey: string;
    correlationId?: string;
    /** A shorter budget than the client's, for callers with a deadline of their own. */
    budgetMs?: number;
  }): GraphRequestContext {
    return {
      token: input.token,
      userKey: input.userKey,
      correlationId: input.correlationId ?? randomUUID(),
      deadline: this.clock.now() + Math.min(input.budgetMs ?? this.requestBudgetMs, this.requestBudgetMs),
    };
  }

  /**
   * Creates a relationship in status `created` (POST …/delegatedAdminRelationships, 201). Not retried after a
   * timeout or a lost connection (see isRetryableCreate): the caller should list the relationships first.
   */
  async createAdminRelationship(
    input: NewAdminRelationship,
    context: GraphRequestContext,
  ): Promise<AdminRelationship> {
    return this.transport.send(context, {
      operation: 'createAdminRelationship',
      method: 'POST',
      url: this.url(RELATIONSHIPS_PATH),
      body: {
        displayName: input.displayName,
        duration: durationOfDays(input.durationDays),
        ...(input.customerTenantId === undefined
          ? {}
          : { customer: { tenantId: tenantId(input.customerTenantId) } }),
        accessDetails: { unifiedRoles: input.roleIds.map((roleDefinitionId) => ({ roleDefinitionId })) },
        autoExtendDuration: input.autoExtendDays === 180 ? 'P180D' : 'PT0S',
      },
      schema: adminRelationshipSchema,
      setsName: true,
      retryable: isRetryableCreate,
    });
  }

  /**
   * Locks a `created` relationship for the customer's approval (status becomes approvalPending). Retried like a
   * read: a repeat after a lock that did land is refused with a 400, never a second lock.
   */
  async lockForApproval(id: string, context: GraphRequestContext): Promise<void> {
    await this.transport.send(context, {
      operation: 'lockForApproval',
      method: 'POST',
      url: this.url(`${RELATIONSHIPS_PATH}/${relationshipId(id)}/requests`),
      body: { action: 'lockForApproval' },
      schema: relationshipRequestSchema,
      retryable: isRetryableRead,
    });
  }

  /**
   * Every relationship of the partner, or of one customer. Pages are followed through @odata.nextLink only into
   * the same origin and path as the first request: the link comes from the answer, and the user's token must not
   * go anywhere else. A list past maxListPages or maxListItems fails as unreadable rather than shown in part.
   */
  async listAdminRelationships(
    context: GraphRequestContext,
    filter: { customerTenantId?: string } = {},
  ): Promise<AdminRelationship[]> {
    const operation = 'listAdminRelationships';
    let url: URL | undefined = this.url(RELATIONSHIPS_PATH);
    if (filter.customerTenantId !== undefined)
      url.searchParams.set('$filter', `customer/tenantId eq '${tenantId(filter.customerTenantId)}'`);
    const items: AdminRelationship[] = [];
    for (let pages = 0; url; pages++) {
      const refuse = (description: string) =>
        new GraphError({ kind: 'unreadable', operation, correlationId: context.correlationId, description });
      if (pages >= this.maxListPages) throw refuse(`more than ${this.maxListPages} pages`);
      const page: { items: AdminRelationship[]; nextLink?: string } = await this.transport.send(context, {
        operation,
        method: 'GET',
        url,
        schema: this.page,
        retryable: isRetryableRead,
      });
      items.push(...page.items);
      if (items.length > this.maxListItems) throw refuse(`more than ${this.maxListItems} relationships`);
      url = page.nextLink === undefined ? undefined : this.nextPage(page.nextLink);
      if (page.nextLink !== undefined && !url)
        throw refuse('@odata.nextLink leads outside the relationship list');
    }
    return items;
  }

  private url(path: string): URL {
    return new URL(`${this.baseUrl.pathname.replace(/\/+$/, '')}${path}`, this.baseUrl);
  }

  /** The next page's URL when it is on the same origin and the same path as the list; else undefined. */
  private nextPage(link: string): URL | undefined {
    if (!URL.canParse(link)) return undefined;
    const next = new URL(link);
    const list = this.url(RELATIONSHIPS_PATH);
    const same =
      next.origin === list.origin &&
      next.pathname === list.pathname &&
      next.username === '' &&
      next.password === '' &&
      next.hash === '';
    return same ? next : undefined;
  }
}

/** Tenant ids go into a body or a $filter: only a well-formed GUID may. */
function tenantId(text: string): string {
  if (!isGuid(text)) throw new TypeError('a customer tenant id is a GUID');
  return text.toLowerCase();
}

/** Relationship ids go into the path: Graph's are `{guid}-{guid}`; anything with a character outside that is refused. */
function relationshipId(id: string): string {
  if (!/^[0-9a-zA-Z-]{1,100}$/.test(id))
    throw new TypeError('a relationship id is letters, digits and dashes');
  return id;
}
