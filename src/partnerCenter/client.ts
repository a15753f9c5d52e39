import { httpCallOptions } from '../http/callOptions';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../log';
import { systemClock, type Clock } from '../clock';
import { AgreementCalls } from './agreementCalls';
import type { PartnerCenterCloud } from './clouds';
import { CustomerCalls } from './customerCalls';
import { CoalescedGets } from './perUser';
import { RelationshipCalls } from './relationshipCalls';
import { MAX_LIST_ITEMS } from './schemas';
import { PartnerCenterTransport, type PartnerCenterRequestContext } from './transport';
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

/**
 * The Partner Center operations the bot uses, over one transport: each group of calls (customers, agreements,
 * relationships) holds its paths, schemas and caches; this class builds them once and is what the rest imports.
 */
export class PartnerCenterClient {
  private readonly requestBudgetMs: number;
  private readonly clock: Clock;
  private readonly customers: CustomerCalls;
  private readonly agreements: AgreementCalls;
  private readonly relationships: RelationshipCalls;

  constructor(options: PartnerCenterClientOptions) {
    this.requestBudgetMs = options.requestBudgetMs ?? 20_000;
    this.clock = options.clock ?? systemClock;
    const gets = new CoalescedGets(
      new PartnerCenterTransport({
        ...httpCallOptions({ ...options, clock: this.clock }),
        baseUrl: options.baseUrl.replace(/\/+$/, ''),
        applicationName: options.applicationName,
      }),
    );
    const maxListItems = options.maxListItems ?? MAX_LIST_ITEMS;
    this.customers = new CustomerCalls(gets, maxListItems);
    this.agreements = new AgreementCalls(gets, options.cloud ?? 'public', this.clock, maxListItems);
    this.relationships = new RelationshipCalls(
      gets,
      options.inviteLinkTtlMs ?? 600_000,
      this.clock,
      maxListItems,
    );
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

  // Each operation is documented where it is written (customerCalls.ts, agreementCalls.ts, relationshipCalls.ts).

  getRelationshipRequestUrl(
    context: PartnerCenterRequestContext,
    target?: RelationshipRequestTarget,
  ): Promise<string> {
    return this.relationships.getRelationshipRequestUrl(context, target);
  }

  getPartnerRelationships(
    type: PartnerRelationshipType,
    context: PartnerCenterRequestContext,
  ): Promise<PartnerRelationship[]> {
    return this.relationships.getPartnerRelationships(type, context);
  }

  getCustomer(customerId: string, context: PartnerCenterRequestContext): Promise<Customer> {
    return this.customers.getCustomer(customerId, context);
  }

  searchCustomers(
    field: CustomerSearchField,
    value: string,
    context: PartnerCenterRequestContext,
    size?: number,
  ): Promise<CustomerCollection> {
    return this.customers.searchCustomers(field, value, context, size);
  }

  listCustomers(
    context: PartnerCenterRequestContext,
    page?: CustomerPageLink,
    size?: number,
  ): Promise<CustomerPage> {
    return this.customers.listCustomers(context, page, size);
  }

  getCustomerAgreements(
    customerId: string,
    agreementType: AgreementTypeFilter,
    context: PartnerCenterRequestContext,
  ): Promise<AgreementCollection> {
    return this.agreements.getCustomerAgreements(customerId, agreementType, context);
  }

  getDirectSignedMcaStatus(customerId: string, context: PartnerCenterRequestContext): Promise<boolean> {
    return this.agreements.getDirectSignedMcaStatus(customerId, context);
  }

  getAgreementMetadata(
    agreementType: KnownAgreementType | undefined,
    context: PartnerCenterRequestContext,
  ): Promise<AgreementMetadata[]> {
    return this.agreements.getAgreementMetadata(agreementType, context);
  }

  getMcaTemplates(context: PartnerCenterRequestContext): Promise<AgreementMetadata[]> {
    return this.agreements.getMcaTemplates(context);
  }
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
