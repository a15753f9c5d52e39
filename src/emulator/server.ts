import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyLocalToken } from '../localTokens/issuer';
import { systemClock, type Clock } from '../retry';
import { isTenantId } from '../checks';
import { AGREEMENT_TYPES } from '../partnerCenter/types';
import { customerBody, customerList } from './customerList';
import type { EmulatorCustomer, EmulatorData } from './data';
import { FaultRules, type EmulatorOperation, type FaultRule } from './faults';
import {
  indirectResellerRefusal,
  indirectWorld,
  relationshipRequest,
  relationships,
  type IndirectWorld,
} from './indirect';
import type { EmulatorPartnerKind } from '../config/emulatorPartnerKinds';
import { generateCustomers, type GeneratedPopulation } from './population';
import { graphFault } from './faultReplies';
import { GdapRelationships, isGraphPath } from './gdapRelationships';
import { datesMovedToToday } from './gdapSeed';
import { graphError } from './graphErrors';
import { graphCaller } from './graphToken';
import { error, graphIds, ok, throttled, writeReply, type Reply } from './replies';
import { SEED_MALFORMED_AGREEMENTS } from './seedSample';
import { closeServer, listen } from './listen';
import { RateLimiter } from './throttle';

/**
 * A Partner Center stand-in over real HTTP, for local mode and tests. It serves the operations the bot uses with
 * Partner Center's conventions: a bearer token with an MFA claim required, MS-RequestId / MS-CorrelationId
 * echoed, errors as {code, description, data, source}, 429 as {statusCode, message} with Retry-After.
 */
export interface EmulatorOptions {
  data: EmulatorData;
  /** The secret local tokens are signed with (see src/localTokens/issuer.ts), and the customer list's continuation tokens. */
  tokenSecret: string;
  /** Added before every answer; the data file's latencyMs when absent. */
  latencyMs?: number;
  /** Latency and throttling go by this clock, so a test can drive them; by default real time. */
  clock?: Clock;
  /** Customers made by generateCustomers(n) (seed 1), listed after the data's own; none when absent or 0. */
  generatedCustomers?: number;
  /** Throttles each user (the token's oid) beyond this rate, as Partner Center does; never when absent or 0. */
  rateLimit?: { requestsPerSecond: number };
  /**
   * Whether the signed-in user is in the partner's Admin Agents group, which Graph's GDAP operations require
   * (true by default). False, or the data file's `gdap.adminAgent: false`, makes creating and locking answer 403
   * and the list answer empty, as Graph does. The settings' PARTNER_CENTER_EMULATOR_ADMIN_AGENT sets it.
   */
  graphAdminAgent?: boolean;
  /** Move the data's GDAP dates from its `gdap.asOf` day to today (local mode's demo); tests keep them as written. */
  gdapDatesFromToday?: boolean;
  /** Which partner the emulator plays (see src/config/emulatorPartnerKinds.ts): a direct-bill partner when absent. */
  partnerKind?: EmulatorPartnerKind;
}

interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** A POST's body, parsed as JSON (or the text when it is not JSON), once it has been read. */
  body?: unknown;
  /** When it arrived, on the emulator's clock: a test reads off it how long a client waited before trying again. */
  at: number;
}

interface OperationStats {
  requests: number;
  /** Answered 429: throttled by rateLimit, or by an injected fault. */
  throttled: number;
}

interface EmulatorStats extends OperationStats {
  /** Requests that reached a known operation (unauthenticated ones and unknown paths are in the totals only). */
  operations: Partial<Record<EmulatorOperation, OperationStats>>;
}

export interface RunningEmulator {
  url: string;
  /** The requests received, oldest first, so tests can check what the client sent (the latest 10,000 at least). */
  requests: RecordedRequest[];
  /** The generated customers, with the state each should get; undefined when none were generated. */
  population?: GeneratedPopulation;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Requests and 429s since the start, in all and per operation. */
  stats(): EmulatorStats;
  close(): Promise<void>;
}

/** A long report sends tens of thousands of requests: the record keeps the latest, not all. */
const KEPT_REQUESTS = 10_000;
/** A GDAP create is well under 4 KiB. */
const MAX_GRAPH_BODY_BYTES = 64 * 1024;

interface Route {
  operation: EmulatorOperation;
  customerId?: string;
  answer(): Reply;
}

/** What every request is answered from, built once at the start. */
interface World {
  options: EmulatorOptions;
  faults: FaultRules;
  customers: readonly EmulatorCustomer[];
  /** By lower-case id: a per-customer request must not scan a list of 20,000. */
  byId: Map<string, EmulatorCustomer>;
  limiter?: RateLimiter;
  gdap: GdapRelationships;
  indirect: IndirectWorld;
}

export async function startEmulator(
  options: EmulatorOptions,
  host = '127.0.0.1',
  port = 0,
): Promise<RunningEmulator> {
  const requests: RecordedRequest[] = [];
  const population = options.generatedCustomers
    ? generateCustomers(options.generatedCustomers, 1, options.data.agreementMetadata)
    : undefined;
  const world = worldOf(options, population);
  const stats: EmulatorStats = { requests: 0, throttled: 0, operations: {} };
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
    if (requests.length >= 2 * KEPT_REQUESTS) requests.splice(0, KEPT_REQUESTS);
    const record: RecordedRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: { ...request.headers },
      at: (options.clock ?? systemClock).now(),
    };
    requests.push(record);
    const answer = ({ reply, fault, operation }: Handled, ids?: Record<string, string>) => {
      count(stats, operation, reply.status === 429);
      if (fault?.hang) return; // the socket stays open; close() ends it
      const wait = latencyMs + (fault?.latencyMs ?? 0);
      if (wait <= 0) return writeReply(request, response, reply, ids);
      void sleep(wait).then(() => writeReply(request, response, reply, ids));
    };
    // Graph's paths (/v1.0/…) are served beside Partner Center's (/v1/…), on the same port.
    if (!isGraphPath(record.path)) return answer(handle(request, world));
    void readJsonBody(request).then((body) => {
      if (body.ok) record.body = body.value;
      answer(body.ok ? handleGraph(request, body.value, world) : { reply: body.reply }, graphIds(request));
    });
  });
  await listen(server, host, port);
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${boundPort}`,
    requests,
    population,
    addFault: (rule) => world.faults.add(rule),
    clearFaults: () => world.faults.clear(),
    stats: () => structuredClone(stats),
    close: () => {
      delayed.forEach(clearTimeout);
      return closeServer(server);
    },
  };
}

function worldOf(options: EmulatorOptions, population: GeneratedPopulation | undefined): World {
  const customers = [...options.data.customers, ...(population?.customers ?? [])];
  const byId = new Map<string, EmulatorCustomer>();
  for (const customer of customers) {
    const id = customer.id.toLowerCase();
    if (byId.has(id)) throw new Error(`emulator: customer ${id} appears twice`);
    byId.set(id, customer);
  }
  const rate = options.rateLimit?.requestsPerSecond ?? 0;
  return {
    options,
    faults: new FaultRules([...(options.data.faults ?? []), ...(population?.faults ?? [])]),
    customers,
    byId,
    limiter: rate > 0 ? new RateLimiter(rate, options.clock ?? systemClock) : undefined,
    gdap: new GdapRelationships(
      options.gdapDatesFromToday
        ? datesMovedToToday(options.data.gdap?.relationships ?? [], options.data.gdap?.asOf, options.clock)
        : (options.data.gdap?.relationships ?? []),
      (options.graphAdminAgent ?? true) && (options.data.gdap?.adminAgent ?? true),
      () => (options.clock ?? systemClock).now(),
    ),
    indirect: indirectWorld(options.data, options.partnerKind),
  };
}

function count(stats: EmulatorStats, operation: EmulatorOperation | undefined, was429: boolean): void {
  const add = (counts: OperationStats) => {
    counts.requests += 1;
    if (was429) counts.throttled += 1;
  };
  add(stats);
  if (operation) add((stats.operations[operation] ??= { requests: 0, throttled: 0 }));
}

interface Handled {
  reply: Reply;
  fault?: FaultRule;
  operation?: EmulatorOperation;
}

function handle(request: IncomingMessage, world: World): Handled {
  if (request.method !== 'GET')
    return { reply: error(405, '405', `Method ${request.method} is not supported here.`) };
  const caller = checkToken(request.headers.authorization, world.options.tokenSecret);
  if (!('user' in caller)) return { reply: caller };
  const url = new URL(request.url ?? '/', 'http://emulator');
  const pageToken = request.headers['ms-continuationtoken'];
  const route = routeOf(url, typeof pageToken === 'string' ? pageToken : undefined, world);
  const operation = 'operation' in route ? route.operation : undefined;
  // Throttled before anything else is looked at, as the gateway in front of Partner Center does.
  const retryAfter = world.limiter?.take(caller.user);
  if (retryAfter !== undefined) return { reply: throttled(String(retryAfter)), operation };
  if (!('operation' in route)) return { reply: route };
  const fault = world.faults.take(route.operation, route.customerId);
  if (fault?.status) return { reply: faultReply(fault.status, fault), fault, operation };
  if (fault?.malformed) return { reply: malformed(route), fault, operation };
  if (fault?.oversized) return { reply: oversized(route), fault, operation };
  return { reply: route.answer(), fault, operation };
}

/** A Graph request: its token (for Graph's audience), then throttling and faults as for Partner Center. */
function handleGraph(request: IncomingMessage, body: unknown, world: World): Handled {
  const clock = world.options.clock ?? systemClock;
  const caller = graphCaller(request.headers.authorization, world.options.tokenSecret, clock.now());
  if (!('user' in caller)) return { reply: caller };
  const url = new URL(request.url ?? '/', 'http://emulator');
  const origin = `http://${request.headers.host ?? 'emulator'}`;
  const route = world.gdap.route(request.method ?? '', url, body, origin);
  if (!('operation' in route)) return { reply: route };
  const { operation } = route;
  const retryAfter = world.limiter?.take(caller.user);
  if (retryAfter !== undefined)
    return { reply: graphFault(429, undefined, 'Too many requests.', String(retryAfter)), operation };
  const fault = world.faults.take(operation, undefined);
  if (fault?.status)
    return {
      reply: graphFault(fault.status, fault.code, fault.description, fault.retryAfter),
      fault,
      operation,
    };
  if (fault?.malformed) return { reply: malformed(route), fault, operation };
  if (fault?.oversized) return { reply: oversized(route), fault, operation };
  return { reply: route.answer(), fault, operation };
}

/** A Graph request's body: 64 KiB at most, JSON when there is one (Graph answers 400 to a body it cannot read). */
async function readJsonBody(
  request: IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; reply: Reply }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_GRAPH_BODY_BYTES) {
      request.resume();
      return { ok: false, reply: graphError(413, 'RequestEntityTooLarge', 'The request body is too large.') };
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reply: graphError(400, 'BadRequest', 'Unable to read JSON request payload.') };
  }
}

/** Partner Center accepts App+User tokens with MFA only: a token without the claim gets 401 / 900421. */
function checkToken(header: string | undefined, secret: string): { user: string } | Reply {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  const check = token ? verifyLocalToken(token, secret) : undefined;
  if (check?.ok) return { user: check.claims.oid };
  const unauthorized = (code: string, description: string): Reply => ({
    ...error(401, code, description),
    headers: { 'WWW-Authenticate': 'OAuth realm="https://login.microsoftonline.com/"' },
  });
  if (check?.reason === 'noMfa')
    return unauthorized('900421', 'MFA required: the token was issued without multi-factor authentication.');
  if (check?.reason === 'expired') return unauthorized('401', 'The access token has expired.');
  return unauthorized('401', 'Authorization failed: a valid bearer token is required.');
}

function routeOf(url: URL, pageToken: string | undefined, world: World): Route | Reply {
  const { data, tokenSecret } = world.options;
  const path = url.pathname.replace(/\/+$/, '');
  const query = url.searchParams;
  if (/^\/v1\/customers\/relationshiprequests$/i.test(path)) {
    return {
      operation: 'relationshipRequest',
      answer: () => relationshipRequest(world.indirect, data.partner.relationshipRequestUrl, query),
    };
  }
  if (/^\/v1\/relationships$/i.test(path)) {
    return {
      operation: 'relationships',
      answer: () => relationships(world.indirect, query.get('relationship_type')),
    };
  }
  // An indirect reseller reads its customers, but not their agreements (see indirectResellerRefusal).
  const refused = !world.indirect.direct;
  if (/^\/v1\/customers$/i.test(path))
    return {
      operation: query.get('filter') === null ? 'customerList' : 'customerSearch',
      answer: () => customerList(world.customers, query, pageToken, tokenSecret),
    };
  if (/^\/v1\/agreements$/i.test(path)) {
    return {
      operation: 'agreementMetadata',
      answer: () =>
        refused ? indirectResellerRefusal() : agreementMetadata(data, query.get('agreementType')),
    };
  }
  const match =
    /^\/v1\/customers\/([^/]+)(?:\/(agreements|directSignedMicrosoftCustomerAgreementStatus))?$/i.exec(path);
  if (!match) return error(404, '404', `No resource at ${path}.`);
  const customerId = decodeURIComponent(match[1] ?? '');
  if (!isTenantId(customerId))
    return error(400, '400', `The customer id "${customerId}" is not a valid GUID.`);
  const customer = world.byId.get(customerId.toLowerCase());
  const known = (answer: (c: EmulatorCustomer) => Reply) => () =>
    customer
      ? answer(customer)
      : error(404, '1000', `Customer ${customerId} was not found for this partner.`);
  const resource = match[2]?.toLowerCase();
  if (resource === 'agreements') {
    return {
      operation: 'agreements',
      customerId,
      answer: known((c) => (refused ? indirectResellerRefusal() : agreements(c, query.get('agreementType')))),
    };
  }
  if (resource) {
    return {
      operation: 'directSignedStatus',
      customerId,
      answer: known((c) =>
        refused ? indirectResellerRefusal() : ok({ isSigned: c.directSignedMca ?? false }),
      ),
    };
  }
  return { operation: 'customer', customerId, answer: known((c) => ok(customerBody(c))) };
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

function agreementMetadata(data: EmulatorData, type: string | null): Reply {
  const all = data.agreementMetadata ?? [];
  const items = type && type !== '*' ? all.filter((item) => item.agreementType === type) : all;
  return ok({ totalCount: items.length, items, attributes: { objectType: 'Collection' } });
}

/** Throttling has its own body shape, {statusCode, message}; every other error is {code, description, data, source}. */
function faultReply(status: number, fault: FaultRule): Reply {
  if (status === 429) return throttled(fault.retryAfter);
  const headers = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : undefined;
  return { ...error(status, fault.code ?? String(status), fault.description ?? 'Injected fault.'), headers };
}

/** The seed page's own sample for agreements; for the others, a body cut short. */
function malformed(route: Pick<Route, 'operation' | 'answer'>): Reply {
  const raw =
    route.operation === 'agreements'
      ? SEED_MALFORMED_AGREEMENTS
      : JSON.stringify(route.answer().body).slice(0, -2);
  return { status: 200, body: undefined, raw };
}

/** The right answer, with a field of 2 MiB beside it. */
function oversized(route: Pick<Route, 'answer'>): Reply {
  const answer = route.answer();
  const body = answer.body as Record<string, unknown>;
  return { ...answer, body: { ...body, padding: 'x'.repeat(2 * 2 ** 20) } };
}
