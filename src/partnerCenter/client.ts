import { randomUUID } from 'node:crypto';
import { kindForStatus, parseRetryAfter, PartnerCenterError } from './errors';
import {
  parseAgreementCollection,
  parseCustomer,
  parseErrorBody,
  parseRelationshipRequest,
  SchemaError,
} from './schemas';
import type { AgreementCollection, AgreementTypeFilter, Customer } from './types';
import { isTenantId } from './tenantId';

/** Who is asking, for one user request. The client takes a token; it never acquires one. */
export interface PartnerCenterRequestContext {
  token: string;
  /** One per user request, shared by every call it makes, so support can follow it end to end. */
  correlationId: string;
  /** The user's locale, sent as X-Locale so Partner Center's own texts match. */
  locale: string;
}

export interface PartnerCenterClientOptions {
  baseUrl: string;
  /** Sent as MS-PartnerCenter-Application, so Microsoft can tell our calls apart. */
  applicationName: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/;

export class PartnerCenterClient {
  private readonly baseUrl: string;
  private readonly applicationName: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: PartnerCenterClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.applicationName = options.applicationName;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** The link a customer opens to accept this partner as its reseller. */
  async getRelationshipRequestUrl(context: PartnerCenterRequestContext): Promise<string> {
    const body = await this.get('getRelationshipRequestUrl', '/v1/customers/relationshiprequests', context);
    return this.parse('getRelationshipRequestUrl', body, context, parseRelationshipRequest).url;
  }

  async getCustomer(customerId: string, context: PartnerCenterRequestContext): Promise<Customer> {
    const body = await this.get('getCustomer', `/v1/customers/${customerPath(customerId)}`, context, true);
    return this.parse('getCustomer', body, context, parseCustomer);
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
    const query = new URLSearchParams({ agreementType }).toString();
    const path = `/v1/customers/${customerPath(customerId)}/agreements?${query}`;
    const body = await this.get('getCustomerAgreements', path, context, true);
    return this.parse('getCustomerAgreements', body, context, parseAgreementCollection);
  }

  private async get(
    operation: string,
    path: string,
    context: PartnerCenterRequestContext,
    customerPath = false,
  ): Promise<{ json: unknown; requestId: string }> {
    const requestId = randomUUID();
    const ids = { operation, requestId, correlationId: context.correlationId };
    let response: Response;
    try {
      response = await this.fetch(`${this.baseUrl}${path}`, {
        method: 'GET',
        headers: {
          Authorization: `Bearer ${context.token}`,
          Accept: 'application/json',
          'MS-Contract-Version': 'v1',
          'MS-RequestId': requestId,
          'MS-CorrelationId': context.correlationId,
          'MS-PartnerCenter-Application': this.applicationName,
          'X-Locale': LOCALE.test(context.locale) ? context.locale : 'en-US',
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new PartnerCenterError({ ...ids, kind: timedOut ? 'timeout' : 'network' }, { cause: error });
    }

    const text = await response.text().catch(() => '');
    const json = tryParseJson(text);
    if (!response.ok) {
      const { code, description } = parseErrorBody(json);
      throw new PartnerCenterError({
        ...ids,
        kind: kindForStatus(response.status, code, customerPath),
        status: response.status,
        code,
        description,
        retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
      });
    }
    if (json === undefined) {
      throw new PartnerCenterError({
        ...ids,
        kind: 'unreadable',
        status: response.status,
        description: 'not JSON',
      });
    }
    return { json, requestId };
  }

  private parse<T>(
    operation: string,
    body: { json: unknown; requestId: string },
    context: PartnerCenterRequestContext,
    parser: (json: unknown) => T,
  ): T {
    try {
      return parser(body.json);
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      throw new PartnerCenterError(
        {
          operation,
          kind: 'unreadable',
          requestId: body.requestId,
          correlationId: context.correlationId,
          status: 200,
          description: error.message,
        },
        { cause: error },
      );
    }
  }
}

/** Customer ids go into the path, so only a well-formed tenant id may ever reach it. */
function customerPath(customerId: string): string {
  if (!isTenantId(customerId)) throw new TypeError('customerId must be a tenant id (GUID)');
  return encodeURIComponent(customerId.toLowerCase());
}

function tryParseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
