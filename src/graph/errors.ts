/**
 * What went wrong with a Microsoft Graph call, in terms a user can act on. Each kind gets its own advice in the
 * layers above. Graph's error body: `{ "error": { "code", "message", "innerError": { "request-id", "date",
 * "client-request-id" } } }` (learn.microsoft.com/graph/errors).
 */
export type GraphErrorKind =
  | 'unauthorized' // 401: the token is missing, expired or refused
  | 'mfaRequired' // 401 with a claims challenge (WWW-Authenticate error="insufficient_claims"): sign in again with MFA
  | 'notAdminAgent' // 403: GDAP operations need the signed-in user to be in the partner's Admin Agents group
  | 'invalidRequest' // 400: Graph refused what was sent; graphMessage says why
  | 'duplicateName' // the partner already has a relationship with this displayName (see isDuplicateName)
  | 'notFound' // 404: no such relationship
  | 'throttled' // 429
  | 'unavailable' // 5xx
  | 'network' // no HTTP answer at all
  | 'timeout' // no answer within the time allowed (for a create: it may or may not have been made)
  | 'unreadable' // an answer that is not the documented shape, or a list past its cap
  | 'rejected'; // any other 4xx

export interface GraphErrorDetails {
  kind: GraphErrorKind;
  operation: string;
  correlationId: string;
  status?: number;
  code?: string;
  /** Graph's own message, trimmed: shown for 400s, which say what Graph did not accept. */
  graphMessage?: string;
  /** Graph's request-id of the last attempt, for Microsoft support. */
  requestId?: string;
  /** The client-request-id we sent with the last attempt. */
  clientRequestId?: string;
  retryAfterSeconds?: number;
  /** Our own description of an unreadable answer or a refused link. */
  description?: string;
}

export class GraphError extends Error {
  override name = 'GraphError';
  readonly kind: GraphErrorKind;
  readonly operation: string;
  readonly correlationId: string;
  readonly status?: number;
  readonly code?: string;
  readonly graphMessage?: string;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly retryAfterSeconds?: number;
  readonly description?: string;

  constructor(details: GraphErrorDetails, options?: { cause?: unknown }) {
    super(
      `${details.operation} failed: ${details.kind}` +
        (details.status ? ` (HTTP ${details.status}${details.code ? `, code ${details.code}` : ''})` : ''),
      options,
    );
    this.kind = details.kind;
    this.operation = details.operation;
    this.correlationId = details.correlationId;
    this.status = details.status;
    this.code = details.code;
    this.graphMessage = details.graphMessage;
    this.requestId = details.requestId;
    this.clientRequestId = details.clientRequestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.description = details.description;
  }
}

/**
 * Graph asks for a stronger sign-in with a claims challenge: 401 and `WWW-Authenticate: Bearer …,
 * error="insufficient_claims", claims="…"` (learn.microsoft.com/entra/identity-platform/claims-challenge). Some
 * answers say it in the body only (an AADSTS50076/50079 "multi-factor" message).
 */
function isClaimsChallenge(wwwAuthenticate: string, code: string, message: string): boolean {
  if (/insufficient_claims/i.test(wwwAuthenticate) || /insufficient_claims/i.test(code)) return true;
  return /AADSTS5007[69]|multi-?factor|\bMFA\b/i.test(message);
}

/**
 * Microsoft documents that displayName "must be unique across all delegated admin relationships of the partner",
 * but not the error a duplicate gets. So both shapes are taken: a 409 Conflict (Graph's usual answer for a
 * resource that already exists), and a 400 whose code or message says the name is taken.
 */
function isDuplicateName(status: number, code: string, message: string): boolean {
  const says = /already exists|already in use|already taken|duplicate|must be unique|not unique/i;
  if (status === 409) return true;
  return status === 400 && (says.test(code) || says.test(message));
}

/** `setsName`: the call gives a displayName (a create), so a conflict can only be about it. */
export function graphErrorKind(
  status: number,
  answer: { code?: string; message?: string; wwwAuthenticate?: string | null } = {},
  setsName = false,
): GraphErrorKind {
  const code = answer.code ?? '';
  const message = answer.message ?? '';
  if (status === 401)
    return isClaimsChallenge(answer.wwwAuthenticate ?? '', code, message) ? 'mfaRequired' : 'unauthorized';
  if (status === 403) return 'notAdminAgent';
  if (setsName && isDuplicateName(status, code, message)) return 'duplicateName';
  if (status === 400) return 'invalidRequest';
  if (status === 404) return 'notFound';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'unavailable';
  return 'rejected';
}

/** A GET (or another call safe to repeat) may be tried again after no answer, a server fault, or throttling. */
export function isRetryableRead(error: GraphError): boolean {
  const { kind } = error;
  return kind === 'network' || kind === 'timeout' || kind === 'unavailable' || kind === 'throttled';
}

/**
 * Creating a relationship is not idempotent: Graph keeps no request id to recognise a repeat. It is tried again
 * only when Graph said it did not act: 429, or 503 with Retry-After. Never after a timeout or a lost connection,
 * when it may have been made: a second try would then fail as a duplicate name, or make a second relationship.
 * The user is told to list the relationships before trying again.
 */
export function isRetryableCreate(error: GraphError): boolean {
  if (error.kind === 'throttled') return true;
  return error.status === 503 && error.retryAfterSeconds !== undefined;
}
