import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyLocalToken } from '../../localTokens/issuer';
import type { Clock } from '../../retry';
import { isTenantId } from '../tenantId';
import { AGREEMENT_TYPES } from '../types';
import type { EmulatorCustomer, EmulatorData } from './data';
import { FaultRules, type EmulatorOperation, type FaultRule } from './faults';
import { SEED_MALFORMED_AGREEMENTS } from './seedSample';

/**
 * A Partner Center stand-in over real HTTP, for local mode and tests. It serves the operations the bot uses with
 * Partner Center's conventions: a bearer token with an MFA claim required, MS-RequestId / MS-CorrelationId
 * echoed, errors as {code, description, data, source}, 429 as {statusCode, message} with Retry-After.
 */
export interface EmulatorOptions {
  data: EmulatorData;
  /** The secret local tokens are signed with (see localToken.ts). */
  tokenSecret: string;
  /** Added before every answer; the data file's latencyMs when absent. */
  latencyMs?: number;
  /** Latency is waited on this clock, so a test can record it; by default real time, each wait ended by close(). */
  clock?: Clock;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface RunningEmulator {
  url: string;
  /** Every request received, oldest first, so tests can check what the client sent. */
  requests: RecordedRequest[];
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const ERROR_SOURCE = 'PartnerCenterEmulator';
const SEARCH_FIELDS = ['CompanyName', 'Domain', 'IndirectReseller', 'IndirectCloudSolutionProvider'];

interface Route {
  operation: EmulatorOperation;
  customerId?: string;
  answer(): Reply;
}

interface Reply {
  status: number;
  /** A JSON value, or raw text for a malformed body. */
  body: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export async function startEmulator(
  options: EmulatorOptions,
  host = '127.0.0.1',
  port = 0,
): Promise<RunningEmulator> {
  const requests: RecordedRequest[] = [];
  const faults = new FaultRules(options.data.faults);
  const delayed = new Set<NodeJS.Timeout>();
  const latencyMs = options.latencyMs ?? options.data.latencyMs ?? 0;
  const sleep = (ms: number): Promise<void> => {
    if (options.clock) return options.clock.sleep(ms);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        delayed.delete(timer);
        resolve();
      }, ms);
      delayed.add(timer);
    });
  };

  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '', headers: { ...request.headers } });
    const { reply, fault } = handle(request, options, faults);
    if (fault?.hang) return; // the socket stays open; close() ends it
    const wait = latencyMs + (fault?.latencyMs ?? 0);
    if (wait <= 0) return writeReply(request, response, reply);
    void sleep(wait).then(() => writeReply(request, response, reply));
  });
  await listen(server, host, port);
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${boundPort}`,
    requests,
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    close: () => {
      delayed.forEach(clearTimeout);
      return closeServer(server);
    },
  };
}

function handle(
  request: IncomingMessage,
  options: EmulatorOptions,
  faults: FaultRules,
): { reply: Reply; fault?: FaultRule } {
  if (request.method !== 'GET')
    return { reply: error(405, '405', `Method ${request.method} is not supported here.`) };
  const unauthorized = checkToken(request.headers.authorization, options.tokenSecret);
  if (unauthorized) return { reply: unauthorized };
  const url = new URL(request.url ?? '/', 'http://emulator');
  const route = routeOf(url, options.data);
  if (!('operation' in route)) return { reply: route };
  const fault = faults.take(route.operation, route.customerId);
  if (fault?.status) return { reply: faultReply(fault.status, fault), fault };
  if (fault?.malformed) return { reply: malformed(route), fault };
  return { reply: route.answer(), fault };
}

/** Partner Center accepts App+User tokens with MFA only: a token without the claim gets 401 / 900421. */
function checkToken(header: string | undefined, secret: string): Reply | undefined {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  const check = token ? verifyLocalToken(token, secret) : undefined;
  if (check?.ok) return undefined;
  const unauthorized = (code: string, description: string): Reply => ({
    ...error(401, code, description),
    headers: { 'WWW-Authenticate': 'OAuth realm="https://login.microsoftonline.com/"' },
  });
  if (check?.reason === 'noMfa')
    return unauthorized('900421', 'MFA required: the token was issued without multi-factor authentication.');
  if (check?.reason === 'expired') return unauthorized('401', 'The access token has expired.');
  return unauthorized('401', 'Authorization failed: a valid bearer token is required.');
}

function routeOf(url: URL, data: EmulatorData): Route | Reply {
  const path = url.pathname.replace(/\/+$/, '');
  const query = url.searchParams;
  if (/^\/v1\/customers\/relationshiprequests$/i.test(path)) {
    return {
      operation: 'relationshipRequest',
      answer: () =>
        ok({ url: data.partner.relationshipRequestUrl, attributes: { objectType: 'RelationshipRequest' } }),
    };
  }
  if (/^\/v1\/customers$/i.test(path))
    return { operation: 'customerSearch', answer: () => customerSearch(data, query) };
  if (/^\/v1\/agreements$/i.test(path)) {
    return {
      operation: 'agreementMetadata',
      answer: () => agreementMetadata(data, query.get('agreementType')),
    };
  }
  const match =
    /^\/v1\/customers\/([^/]+)(?:\/(agreements|directSignedMicrosoftCustomerAgreementStatus))?$/i.exec(path);
  if (!match) return error(404, '404', `No resource at ${path}.`);
  const customerId = decodeURIComponent(match[1] ?? '');
  if (!isTenantId(customerId))
    return error(400, '400', `The customer id "${customerId}" is not a valid GUID.`);
  const customer = data.customers.find((c) => c.id.toLowerCase() === customerId.toLowerCase());
  const known = (answer: (c: EmulatorCustomer) => Reply) => () =>
    customer
      ? answer(customer)
      : error(404, '1000', `Customer ${customerId} was not found for this partner.`);
  const resource = match[2]?.toLowerCase();
  if (resource === 'agreements') {
    return {
      operation: 'agreements',
      customerId,
      answer: known((c) => agreements(c, query.get('agreementType'))),
    };
  }
  if (resource) {
    return {
      operation: 'directSignedStatus',
      customerId,
      answer: known((c) => ok({ isSigned: c.directSignedMca ?? false })),
    };
  }
  return { operation: 'customer', customerId, answer: known(customerResource) };
}

/** An omitted type means MicrosoftCloudAgreement, for backward compatibility, as the API documents. */
function agreements(customer: EmulatorCustomer, requestedType: string | null): Reply {
  const type = requestedType ?? 'MicrosoftCloudAgreement';
  if (type !== '*' && !(AGREEMENT_TYPES as readonly string[]).includes(type)) {
    return error(400, '400', `agreementType "${type}" is not supported.`);
  }
  const items = customer.agreements.filter((item) => type === '*' || item.type === type);
  return ok({ totalCount: items.length, items });
}

/** Filter: URL-encoded JSON {Field, Value, Operator}; starts_with is the only operator, the value's case is ignored. */
function customerSearch(data: EmulatorData, query: URLSearchParams): Reply {
  const size = Number(query.get('size') ?? '0');
  if (!Number.isInteger(size) || size < 0) return error(400, '400', 'size must be a whole number.');
  let matches = data.customers;
  const filterText = query.get('filter');
  if (filterText !== null) {
    let filter: { Field?: unknown; Value?: unknown; Operator?: unknown };
    try {
      filter = JSON.parse(filterText) as typeof filter;
    } catch {
      return error(400, '400', 'The filter is not valid JSON.');
    }
    if (filter.Operator !== 'starts_with')
      return error(400, '400', 'The only supported operator is starts_with.');
    if (typeof filter.Value !== 'string') return error(400, '400', 'The filter needs a string Value.');
    const value = filter.Value.toLowerCase();
    const field = (c: EmulatorCustomer): string | undefined => {
      if (filter.Field === 'CompanyName') return c.companyName;
      if (filter.Field === 'Domain') return c.domain;
      return undefined; // IndirectReseller, IndirectCloudSolutionProvider: no indirect partners here
    };
    if (!SEARCH_FIELDS.includes(String(filter.Field)))
      return error(400, '400', `Unknown search field ${String(filter.Field)}.`);
    matches = data.customers.filter((c) => field(c)?.toLowerCase().startsWith(value));
  }
  const items = (size > 0 ? matches.slice(0, size) : matches).map((c) => customerResource(c).body);
  return ok({ totalCount: items.length, items, attributes: { objectType: 'Collection' } });
}

function agreementMetadata(data: EmulatorData, type: string | null): Reply {
  const all = data.agreementMetadata ?? [];
  const items = type && type !== '*' ? all.filter((item) => item.agreementType === type) : all;
  return ok({ totalCount: items.length, items, attributes: { objectType: 'Collection' } });
}

function customerResource(customer: EmulatorCustomer): Reply {
  return ok({
    id: customer.id,
    companyProfile: {
      tenantId: customer.id,
      domain: customer.domain,
      companyName: customer.companyName,
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    relationshipToPartner: 'reseller',
    attributes: { objectType: 'Customer' },
  });
}

/** Throttling has its own body shape, {statusCode, message}; every other error is {code, description, data, source}. */
function faultReply(status: number, fault: FaultRule): Reply {
  const headers = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : undefined;
  if (status === 429) {
    const message = `Rate limit is exceeded. Try again in ${fault.retryAfter ?? 'a few'} seconds.`;
    return { status, body: { statusCode: 429, message }, headers };
  }
  return { ...error(status, fault.code ?? String(status), fault.description ?? 'Injected fault.'), headers };
}

/** The seed page's own sample for agreements; for the others, a body cut short. */
function malformed(route: Route): Reply {
  const raw =
    route.operation === 'agreements'
      ? SEED_MALFORMED_AGREEMENTS
      : JSON.stringify(route.answer().body).slice(0, -2);
  return { status: 200, body: undefined, raw };
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function error(status: number, code: string, description: string): Reply {
  return { status, body: { code, description, data: [], source: ERROR_SOURCE } };
}

function writeReply(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  const body = reply.raw ?? JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'MS-RequestId': headerValue(request, 'ms-requestid') ?? randomUUID(),
    'MS-CorrelationId': headerValue(request, 'ms-correlationid') ?? randomUUID(),
    ...reply.headers,
  });
  response.end(body);
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && /^[0-9a-fA-F-]{1,64}$/.test(value) ? value : undefined;
}

export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
