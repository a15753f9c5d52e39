export { parseRetryAfter } from '../http/body';

/**
 * What went wrong, in the terms a user can act on. Each kind has its own advice in src/i18n.
 * Codes: https://learn.microsoft.com/partner-center/developer/error-codes
 */
export type PartnerCenterErrorKind =
  | 'unauthorized' // 401: the token is missing, expired or refused
  | 'mfaRequired' // 401, code 900421 (or 10001): App+User calls need MFA (enforced since April 2026)
  | 'forbidden' // 403: the user lacks the Admin agent or Sales agent role
  | 'noRelationship' // 403 with code 20002: the partner has no relationship with that customer
  | 'indirectReseller' // 403 that names indirect resellers: the operation needs a direct-bill partner
  | 'customerNotFound' // 404 with code 1000 or 60003 (or any 404 on a customer path)
  | 'throttled' // 429
  | 'unavailable' // 5xx
  | 'network' // no HTTP answer at all
  | 'timeout' // no answer within the time allowed
  | 'unreadable' // an answer that is not the documented shape
  | 'notInThisCloud' // the operation does not exist in the configured cloud; no call was made
  | 'rejected'; // any other 4xx

export interface PartnerCenterErrorDetails {
  kind: PartnerCenterErrorKind;
  correlationId: string;
  /** The MS-RequestId of the last attempt; none when no call was made. */
  requestId?: string;
  status?: number;
  code?: string;
  description?: string;
  retryAfterSeconds?: number;
  operation: string;
}

export class PartnerCenterError extends Error {
  override name = 'PartnerCenterError';
  readonly kind: PartnerCenterErrorKind;
  readonly correlationId: string;
  readonly requestId?: string;
  readonly status?: number;
  readonly code?: string;
  readonly description?: string;
  readonly retryAfterSeconds?: number;
  readonly operation: string;

  constructor(details: PartnerCenterErrorDetails, options?: { cause?: unknown }) {
    super(
      `${details.operation} failed: ${details.kind}` +
        (details.status ? ` (HTTP ${details.status}${details.code ? `, code ${details.code}` : ''})` : ''),
      options,
    );
    this.kind = details.kind;
    this.correlationId = details.correlationId;
    this.requestId = details.requestId;
    this.status = details.status;
    this.code = details.code;
    this.description = details.description;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.operation = details.operation;
  }
}

/**
 * A token without MFA: 401 with code 900421 since April 2026; earlier answers said "MFA required. (10001)", as a JSON
 * code or in a plain-text body. Only the start of a body is read: the code comes first when it comes at all.
 */
function isMfaRefusal(code: string | undefined, body: string): boolean {
  if (code === '900421' || code === '10001') return true;
  return /\b(?:900421|10001)\b|MFA required/i.test(body.slice(0, 2000));
}

/**
 * Indirect resellers are refused operations that need a direct enrollment (agreements, the invite link). No code
 * is documented for it: the description says so ("indirect reseller", "IndirectReseller").
 */
function isIndirectRefusal(body: string): boolean {
  return /indirect ?reseller/i.test(body.slice(0, 2000));
}

export function kindForStatus(
  status: number,
  code: string | undefined,
  customerPath: boolean,
  body = '',
): PartnerCenterErrorKind {
  if (status === 401) return isMfaRefusal(code, body) ? 'mfaRequired' : 'unauthorized';
  if (status === 403)
    return code === '20002' ? 'noRelationship' : isIndirectRefusal(body) ? 'indirectReseller' : 'forbidden';
  if (status === 404 && (code === '1000' || code === '60003' || customerPath)) return 'customerNotFound';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'unavailable';
  return 'rejected';
}

/** Worth another attempt: no answer, a server fault, or throttling. Other 4xx would fail the same way again. */
export function isRetryable(kind: PartnerCenterErrorKind): boolean {
  return kind === 'network' || kind === 'timeout' || kind === 'unavailable' || kind === 'throttled';
}
