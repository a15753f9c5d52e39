import { sign, verify } from '../signing';

/**
 * Local mode's stand-in for an Entra token: a JWT signed with a shared secret (HS256), carrying the claims
 * Partner Center looks at. `amr` lists the authentication methods; Partner Center requires "mfa" on App+User
 * calls (enforced since April 2026), so the emulator refuses a token without it, as Partner Center does.
 */
interface LocalTokenClaims {
  aud: string;
  /** The signed-in user; local mode uses the Teams user id. */
  oid: string;
  amr: string[];
  iat: number;
  exp: number;
}

/**
 * The APIs a local token may be for, as Entra names them in `aud`. A token is for one API only: the emulator's
 * Partner Center routes refuse a Graph token and its Graph routes a Partner Center one, as the real services do.
 */
const LOCAL_TOKEN_AUDIENCES = {
  partnerCenter: 'https://api.partnercenter.microsoft.com',
  graph: 'https://graph.microsoft.com',
} as const;
export type LocalTokenAudience = keyof typeof LOCAL_TOKEN_AUDIENCES;

export interface LocalTokenOptions {
  secret: string;
  userId: string;
  mfa: boolean;
  now?: number;
  lifetimeSeconds?: number;
  /** Partner Center's by default. */
  audience?: LocalTokenAudience;
}

export function createLocalToken(options: LocalTokenOptions): string {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const claims: LocalTokenClaims = {
    aud: LOCAL_TOKEN_AUDIENCES[options.audience ?? 'partnerCenter'],
    oid: options.userId,
    amr: options.mfa ? ['pwd', 'mfa'] : ['pwd'],
    iat,
    exp: iat + (options.lifetimeSeconds ?? 3600),
  };
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
  return `${unsigned}.${sign(unsigned, options.secret)}`;
}

export type LocalTokenCheck =
  | { ok: true; claims: LocalTokenClaims }
  | { ok: false; reason: 'malformed' | 'badSignature' | 'expired' | 'wrongAudience' | 'noMfa' };

export function verifyLocalToken(
  token: string,
  secret: string,
  now: number = Date.now(),
  expectedAudience: LocalTokenAudience = 'partnerCenter',
): LocalTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [header, payload, signature] = parts as [string, string, string];
  if (!verify(`${header}.${payload}`, signature, secret)) return { ok: false, reason: 'badSignature' };
  let claims: LocalTokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LocalTokenClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  if (claims.aud !== LOCAL_TOKEN_AUDIENCES[expectedAudience]) return { ok: false, reason: 'wrongAudience' };
  if (!Array.isArray(claims.amr) || !claims.amr.includes('mfa')) return { ok: false, reason: 'noMfa' };
  return { ok: true, claims };
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
