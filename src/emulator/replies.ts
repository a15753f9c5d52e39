import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the emulator answers with, before it is written. */
export interface EmulatorAnswer {
  status: number;
  /** A JSON value, or raw text for a malformed body. */
  body: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

const ERROR_SOURCE = 'PartnerCenterEmulator';

export function ok(body: unknown): EmulatorAnswer {
  return { status: 200, body };
}

/** Partner Center's error body: {code, description, data, source}. */
export function error(status: number, code: string, description: string): EmulatorAnswer {
  return { status, body: { code, description, data: [], source: ERROR_SOURCE } };
}

/** Throttling has its own body shape, {statusCode, message}, and says when to come back in Retry-After. */
export function throttled(retryAfter: string | undefined): EmulatorAnswer {
  const message = `Rate limit is exceeded. Try again in ${retryAfter ?? 'a few'} seconds.`;
  const headers = retryAfter ? { 'Retry-After': retryAfter } : undefined;
  return { status: 429, body: { statusCode: 429, message }, headers };
}

/** Partner Center echoes MS-RequestId and MS-CorrelationId (or makes them up). */
function partnerCenterIds(request: IncomingMessage): Record<string, string> {
  return {
    'MS-RequestId': headerValue(request, 'ms-requestid') ?? randomUUID(),
    'MS-CorrelationId': headerValue(request, 'ms-correlationid') ?? randomUUID(),
  };
}

/** Graph gives each request its request-id, and echoes client-request-id when asked (return-client-request-id). */
export function graphIds(request: IncomingMessage): Record<string, string> {
  const clientRequestId = headerValue(request, 'client-request-id');
  const echo = clientRequestId !== undefined && request.headers['return-client-request-id'] === 'true';
  return { 'request-id': randomUUID(), ...(echo ? { 'client-request-id': clientRequestId } : {}) };
}

export function writeReply(
  request: IncomingMessage,
  response: ServerResponse,
  reply: EmulatorAnswer,
  ids: Record<string, string> = partnerCenterIds(request),
): void {
  const body = reply.raw ?? JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...ids,
    ...reply.headers,
  });
  response.end(body);
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && /^[0-9a-fA-F-]{1,64}$/.test(value) ? value : undefined;
}
