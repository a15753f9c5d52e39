import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger, type Logger } from '../log';
import { InFlight, TtlCache } from '../cache';
import { supportsAgreements, type PartnerCenterCloud } from './clouds';
import {
  isRetryable,
  kindForStatus,
  parseRetryAfter,
  PartnerCenterError,
  type PartnerCenterErrorDetails,
  type PartnerCenterErrorKind,
} from './errors';
import {
  MAX_LIST_ITEMS,
  parseAgreementCollection,
  parseAgreementMetadataCollection,
  parseCustomer,
  parseCustomerCollection,
  parseDirectSignedStatus,
  parseErrorBody,
  parseRelationshipRequest,
  SchemaError,
} from './schemas';
import { isTenantId } from './tenantId';
import type {
  AgreementCollection,
  AgreementMetadata,
  AgreementTypeFilter,
  Customer,
  CustomerCollection,
  CustomerSearchField,
  KnownAgreementType,
} from './types';

/** Who is asking, for one user request. The client takes a token; it never acquires one. */
export interface PartnerCenterRequestContext {
  token: string;
  /** One per user request, shared by every call it makes, so support can follow it end to end. */
  correlationId: string;
  /** The user's locale, sent as X-Locale so Partner Center's own texts match. */
  locale: string;
  /** Who the user is: caches and coalescing never cross users. */
  userKey: string;
  /** When the user request's time budget runs out (epoch ms): every call and retry ends before it. */
  deadline: number;
}

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
  /** How long a user's invite link is reused; 0 turns the cache off. */
  inviteLinkTtlMs?: number;
  /** A response body longer than this is not read: the call fails as unreadable. 1 MiB by default. */
  maxResponseBytes?: number;
  /** A list response with more items than this fails as unreadable. 1,000 by default. */
  maxListItems?: number;
  logger?: Logger;
  fetch?: typeof fetch;
  /** For tests: the jitter source and the clock. */
  random?: () => number;
  now?: () => number;
}

interface Call<T> {
  operation: string;
  path: string;
  parse: (json: unknown) => T;
  /** A 404 on a customer's path means that customer is not this partner's. */
  customerScoped?: boolean;
}

const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/;
const SEARCH_VALUE_MAX = 256;

export class PartnerCenterClient {
  private readonly baseUrl: string;
  private readonly applicationName: string;
  private readonly cloud: PartnerCenterCloud;
  private readonly callTimeoutMs: number;
  private readonly requestBudgetMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxListItems: number;
  private readonly logger: Logger;
  private readonly fetch: typeof fetch;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly inFlight = new InFlight<unknown>();
  private readonly inviteLinks: TtlCache<string>;

  constructor(options: PartnerCenterClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.applicationName = options.applicationName;
    this.cloud = options.cloud ?? 'public';
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
    this.requestBudgetMs = options.requestBudgetMs ?? 20_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.retryBaseMs = options.retryBaseMs ?? 500;
    // A page of customers or agreements is a few hundred kilobytes at most.
    this.maxResponseBytes = options.maxResponseBytes ?? 2 ** 20;
    this.maxListItems = options.maxListItems ?? MAX_LIST_ITEMS;
    this.logger = options.logger ?? silentLogger;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.inviteLinks = new TtlCache(options.inviteLinkTtlMs ?? 600_000, 10_000, this.now);
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
      deadline: this.now() + Math.min(budgetMs ?? this.requestBudgetMs, this.requestBudgetMs),
    };
  }

  /** The link a customer opens to accept this partner as its reseller; reused per user for a while. */
  async getRelationshipRequestUrl(context: PartnerCenterRequestContext): Promise<string> {
    const key = userKey(context);
    const cached = this.inviteLinks.get(key);
    if (cached) return cached;
    const { url } = await this.get(context, {
      operation: 'getRelationshipRequestUrl',
      path: '/v1/customers/relationshiprequests',
      parse: parseRelationshipRequest,
    });
    this.inviteLinks.set(key, url);
    return url;
  }

  async getCustomer(customerId: string, context: PartnerCenterRequestContext): Promise<Customer> {
    return this.get(context, {
      operation: 'getCustomer',
      path: `/v1/customers/${customerPath(customerId)}`,
      parse: parseCustomer,
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
      parse: (json) => parseCustomerCollection(json, this.maxListItems),
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
      parse: (json) => parseAgreementCollection(json, this.maxListItems),
      customerScoped: true,
    });
  }

  /** Whether the customer accepted the MCA itself: such acceptances are not in the agreements list. */
  async getDirectSignedMcaStatus(customerId: string, context: PartnerCenterRequestContext): Promise<boolean> {
    this.requireAgreementsCloud('getDirectSignedMcaStatus', context);
    const { isSigned } = await this.get(context, {
      operation: 'getDirectSignedMcaStatus',
      path: `/v1/customers/${customerPath(customerId)}/directSignedMicrosoftCustomerAgreementStatus`,
      parse: parseDirectSignedStatus,
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
      parse: (json) => parseAgreementMetadataCollection(json, this.maxListItems),
    });
  }

  private requireAgreementsCloud(operation: string, context: PartnerCenterRequestContext): void {
    if (supportsAgreements(this.cloud)) return;
    throw new PartnerCenterError({ operation, kind: 'notInThisCloud', correlationId: context.correlationId });
  }

  /** Identical GETs of one user under way at once are sent once; each call is retried as the policy allows. */
  private get<T>(context: PartnerCenterRequestContext, call: Call<T>): Promise<T> {
    const key = `${userKey(context)} ${call.path}`;
    return this.inFlight.run(key, () => this.withRetries(context, call)) as Promise<T>;
  }

  private async withRetries<T>(context: PartnerCenterRequestContext, call: Call<T>): Promise<T> {
    let requestId = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const remaining = context.deadline - this.now();
      if (remaining <= 0) {
        throw new PartnerCenterError({
          ...ids(call, context, requestId),
          kind: 'timeout',
          description: 'time budget used up',
        });
      }
      try {
        return await this.attempt(context, call, requestId, attempt, Math.min(this.callTimeoutMs, remaining));
      } catch (error) {
        if (!(error instanceof PartnerCenterError) || !isRetryable(error.kind) || attempt >= this.maxAttempts)
          throw error;
        const waitMs =
          error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : this.backoffMs(attempt);
        // A wait that would outlast the budget is not taken: the user hears now, with when to try again.
        if (this.now() + waitMs >= context.deadline) throw error;
        await sleep(waitMs);
        // The same MS-RequestId only when the last attempt got no answer in time: Partner Center may have
        // acted on it, and the id is what makes the retry idempotent. After any answer, a new id.
        if (error.kind !== 'timeout') requestId = randomUUID();
      }
    }
  }

  private backoffMs(attempt: number): number {
    return Math.round(this.retryBaseMs * 2 ** (attempt - 1) * (0.5 + this.random()));
  }

  private async attempt<T>(
    context: PartnerCenterRequestContext,
    call: Call<T>,
    requestId: string,
    attempt: number,
    timeoutMs: number,
  ): Promise<T> {
    const started = this.now();
    const base = ids(call, context, requestId);
    let status: number | undefined;
    const fail = (
      kind: PartnerCenterErrorKind,
      extra: Partial<PartnerCenterErrorDetails> = {},
      cause?: unknown,
    ) => new PartnerCenterError({ ...base, kind, status, ...extra }, { cause });
    try {
      let text: string | undefined;
      let response: Response;
      try {
        response = await this.fetch(`${this.baseUrl}${call.path}`, {
          method: 'GET',
          headers: this.headers(context, requestId),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        text = await readText(response, this.maxResponseBytes);
      } catch (error) {
        throw fail(isTimeout(error) ? 'timeout' : 'network', {}, error);
      }
      // An error answer is known by its status: an oversized body only loses its code and description.
      if (text === undefined && response.ok) {
        throw fail('unreadable', { description: `body over ${this.maxResponseBytes} bytes` });
      }
      const json = parseJson(text ?? '');
      if (!response.ok) {
        const { code, description } = parseErrorBody(json);
        throw fail(kindForStatus(response.status, code, call.customerScoped ?? false), {
          code,
          description,
          retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), this.now()),
        });
      }
      if (json === undefined) throw fail('unreadable', { description: 'not JSON' });
      try {
        const result = call.parse(json);
        this.logCall(call, context, requestId, attempt, started, status, 'ok');
        return result;
      } catch (error) {
        if (error instanceof SchemaError) throw fail('unreadable', { description: error.message }, error);
        throw error;
      }
    } catch (error) {
      const outcome = error instanceof PartnerCenterError ? error.kind : 'error';
      const code = error instanceof PartnerCenterError ? error.code : undefined;
      this.logCall(call, context, requestId, attempt, started, status, outcome, code);
      throw error;
    }
  }

  private headers(context: PartnerCenterRequestContext, requestId: string): Record<string, string> {
    return {
      Authorization: `Bearer ${context.token}`,
      Accept: 'application/json',
      'MS-Contract-Version': 'v1',
      'MS-RequestId': requestId,
      'MS-CorrelationId': context.correlationId,
      'MS-PartnerCenter-Application': this.applicationName,
      'X-Locale': LOCALE.test(context.locale) ? context.locale : 'en-US',
    };
  }

  /** One line per HTTP attempt: ids and outcome only, never the token, the URL's query or any body. */
  private logCall(
    call: Call<unknown>,
    context: PartnerCenterRequestContext,
    requestId: string,
    attempt: number,
    started: number,
    status: number | undefined,
    outcome: string,
    code?: string,
  ): void {
    const fields = {
      operation: call.operation,
      status,
      code,
      attempt,
      ms: this.now() - started,
      outcome,
      requestId,
      correlationId: context.correlationId,
    };
    if (outcome === 'ok') this.logger.info('partner center call', fields);
    else this.logger.warn('partner center call', fields);
  }
}

function ids(call: Call<unknown>, context: PartnerCenterRequestContext, requestId: string) {
  return { operation: call.operation, requestId, correlationId: context.correlationId };
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
 * The body as text, or undefined past `maxBytes`: read chunk by chunk and given up on at the cap, so a huge
 * answer never sits in memory whole, nor holds the event loop while it is parsed. A Content-Length over the
 * cap is refused before any byte is read.
 */
async function readText(response: Response, maxBytes: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const tooLong = async () => {
    // Cancelling closes the connection: the rest of the body is never downloaded.
    await reader.cancel().catch(() => undefined);
    return undefined;
  };
  if (Number(response.headers.get('content-length')) > maxBytes) return tooLong();
  const decoder = new TextDecoder();
  let bytes = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > maxBytes) return tooLong();
    text += decoder.decode(value, { stream: true });
  }
}

/** Customer ids go into the path, so only a well-formed tenant id may ever reach it. */
function customerPath(customerId: string): string {
  if (!isTenantId(customerId)) throw new TypeError('customerId must be a tenant id (GUID)');
  return customerId.toLowerCase();
}

/** By name, not class: fetch rejects with a DOMException, which is not an Error of every realm. */
function isTimeout(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
