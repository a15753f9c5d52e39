import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AGREEMENT_TYPES } from '../types';
import { isTenantId } from '../tenantId';
import type { EmulatorCustomer, EmulatorData } from './data';

/**
 * A Partner Center stand-in over real HTTP, for local mode and tests. It implements the two documented operations
 * (plus the customer lookup the agreements card uses) with Partner Center's conventions: bearer token required,
 * MS-RequestId / MS-CorrelationId echoed, errors as {code, description, data, source}.
 */
export interface EmulatorOptions {
  data: EmulatorData;
  /** The only bearer token accepted. */
  acceptedToken: string;
  /** Added before each answer, to make latency visible in local runs and benchmarks. */
  latencyMs?: number;
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
  close(): Promise<void>;
}

const CUSTOMER_PATH = /^\/v1\/customers\/([^/]+)(\/agreements)?$/i;
const ERROR_SOURCE = 'PartnerCenterEmulator';

export async function startEmulator(
  options: EmulatorOptions,
  host = '127.0.0.1',
  port = 0,
): Promise<RunningEmulator> {
  const requests: RecordedRequest[] = [];
  const delayed = new Set<NodeJS.Timeout>();
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? '', path: request.url ?? '', headers: { ...request.headers } });
    const reply = answer(request, options);
    if (!options.latencyMs) return writeReply(request, response, reply);
    const timer = setTimeout(() => {
      delayed.delete(timer);
      writeReply(request, response, reply);
    }, options.latencyMs);
    delayed.add(timer);
  });
  await listen(server, host, port);
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${boundPort}`,
    requests,
    close: () => {
      delayed.forEach(clearTimeout);
      return closeServer(server);
    },
  };
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function answer(request: IncomingMessage, options: EmulatorOptions): Reply {
  const url = new URL(request.url ?? '/', 'http://emulator');
  if (request.method !== 'GET') return error(405, '405', `Method ${request.method} is not supported here.`);
  if (request.headers.authorization !== `Bearer ${options.acceptedToken}`) {
    return {
      ...error(401, '401', 'Authorization failed: a valid bearer token is required.'),
      headers: { 'WWW-Authenticate': 'OAuth realm="https://login.microsoftonline.com/"' },
    };
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (/^\/v1\/customers\/relationshiprequests$/i.test(path)) {
    return {
      status: 200,
      body: {
        url: options.data.partner.relationshipRequestUrl,
        attributes: { objectType: 'RelationshipRequest' },
      },
    };
  }
  const match = CUSTOMER_PATH.exec(path);
  if (!match) return error(404, '404', `No resource at ${path}.`);
  const customerId = decodeURIComponent(match[1] ?? '');
  if (!isTenantId(customerId))
    return error(400, '400', `The customer id "${customerId}" is not a valid GUID.`);
  const customer = options.data.customers.find((c) => c.id.toLowerCase() === customerId.toLowerCase());
  if (!customer) return error(404, '1000', `Customer ${customerId} was not found for this partner.`);
  return match[2] ? agreements(customer, url.searchParams.get('agreementType')) : customerResource(customer);
}

/** An omitted type means MicrosoftCloudAgreement, for backward compatibility, as the API documents. */
function agreements(customer: EmulatorCustomer, requestedType: string | null): Reply {
  const type = requestedType ?? 'MicrosoftCloudAgreement';
  if (type !== '*' && !(AGREEMENT_TYPES as readonly string[]).includes(type)) {
    return error(400, '400', `agreementType "${type}" is not supported.`);
  }
  const items = customer.agreements.filter((item) => type === '*' || item.type === type);
  return { status: 200, body: { totalCount: items.length, items } };
}

function customerResource(customer: EmulatorCustomer): Reply {
  return {
    status: 200,
    body: {
      id: customer.id,
      companyProfile: {
        tenantId: customer.id,
        domain: customer.domain,
        companyName: customer.companyName,
        attributes: { objectType: 'CustomerCompanyProfile' },
      },
      relationshipToPartner: 'reseller',
      attributes: { objectType: 'Customer' },
    },
  };
}

function error(status: number, code: string, description: string): Reply {
  return { status, body: { code, description, data: [], source: ERROR_SOURCE } };
}

function writeReply(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  const body = JSON.stringify(reply.body);
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
