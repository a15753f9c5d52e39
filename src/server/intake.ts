import type { IncomingMessage } from 'node:http';

export interface IntakeRules {
  /** Bytes actually read from the wire; a body that grows past this is refused while it arrives. */
  maxBodyBytes: number;
  /** How long the whole body may take to arrive. */
  bodyTimeoutMs: number;
  /** Teams mode: a request must carry a Bearer token that looks like a JWT, or nothing else is done. */
  requireBearer: boolean;
  /** Local mode: the Host values the bot answers to (this machine's names for it); absent: any. */
  allowedHosts?: ReadonlySet<string>;
  /**
   * Teams mode: the only channel served. Web Chat and Direct Line clients choose their own channel data, the
   * tenant the tenant restriction reads included.
   */
  channelId?: string;
}

export type Intake =
  | { ok: true; activity: Record<string, unknown>; authorization: string }
  | { ok: false; status: number; reason: string; unreadBody: boolean };

/** A compact JWT: three base64url parts. Anything else is not worth botbuilder's time (or its stack traces). */
const BEARER_JWT = /^Bearer [\w-]+\.[\w-]+\.[\w-]*$/;
/** Far above any real token; the header is refused before the pattern is tried on it. */
const MAX_AUTHORIZATION_LENGTH = 16 * 1024;

/**
 * Decides about a request to the messaging endpoint before anything parses it: the Host (local mode), the
 * Authorization header's shape (Teams mode), JSON only, no content encoding, then the body read with a byte
 * limit and a deadline. A compressed body is never inflated, a form never parsed, nothing written to disk.
 */
export async function readActivity(request: IncomingMessage, rules: IntakeRules): Promise<Intake> {
  const refuse = (status: number, reason: string, unreadBody = true): Intake => ({
    ok: false,
    status,
    reason,
    unreadBody,
  });
  // A client that resets mid-body must not become an unhandled 'error' event, which ends the process.
  request.on('error', () => undefined);
  const { headers } = request;
  if (!isAllowedHost(request, rules)) return refuse(421, 'unexpected Host');
  const authorization = headers.authorization ?? '';
  if (
    rules.requireBearer &&
    (authorization.length > MAX_AUTHORIZATION_LENGTH || !BEARER_JWT.test(authorization))
  ) {
    return refuse(401, 'missing or malformed Authorization');
  }
  if (!isJson(headers['content-type'])) return refuse(415, 'expected Content-Type: application/json');
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') return refuse(415, 'expected no Content-Encoding');
  const declared = Number(headers['content-length'] ?? 0);
  if (declared > rules.maxBodyBytes) return refuse(413, 'body too large');

  const body = await readBody(request, rules.maxBodyBytes, rules.bodyTimeoutMs);
  if (body === 'too large') return refuse(413, 'body too large');
  if (body === 'too slow') return refuse(408, 'body too slow');
  if (body === 'aborted') return refuse(400, 'body aborted', false);

  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return refuse(400, 'expected a JSON object', false);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return refuse(400, 'expected a JSON object', false);
  }
  const { type } = parsed as { type?: unknown };
  if (typeof type !== 'string' || type.length === 0) {
    return refuse(400, 'expected an activity, with a type', false);
  }
  if (rules.channelId && (parsed as { channelId?: unknown }).channelId !== rules.channelId) {
    return refuse(403, 'channel not served', false);
  }
  return { ok: true, activity: parsed as Record<string, unknown>, authorization };
}

/**
 * Local mode: whether the request names one of this machine's names for the bot as its Host. A web page that
 * rebinds its own name to 127.0.0.1 makes the user's browser send that name: refused (421) wherever the bot
 * answers without authentication, the messaging endpoint and the CSV downloads alike.
 */
export function isAllowedHost(request: IncomingMessage, rules: Pick<IntakeRules, 'allowedHosts'>): boolean {
  return !rules.allowedHosts || rules.allowedHosts.has((request.headers.host ?? '').toLowerCase());
}

/** application/json, with at most a UTF-8 charset: JSON has no other encoding on the wire. */
function isJson(contentType: string | undefined): boolean {
  const [mediaType = '', ...parameters] = (contentType ?? '').slice(0, 200).split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') return true;
    return /^"?utf-8"?$/i.test(value.trim());
  });
}

async function readBody(
  request: IncomingMessage,
  maxBytes: number,
  timeoutMs: number,
): Promise<Buffer | 'too large' | 'too slow' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: Buffer | 'too large' | 'too slow' | 'aborted') => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (typeof outcome === 'string') request.pause();
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish('too large');
      else chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onError = () => finish('aborted');
    const onClose = () => {
      if (!request.complete) finish('aborted');
    };
    const timer = setTimeout(() => finish('too slow'), timeoutMs);
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
