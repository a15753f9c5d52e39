import { verifyLocalToken } from '../localTokens/issuer';
import { graphError } from './graphErrors';
import type { EmulatorAnswer } from './replies';

/**
 * Graph takes tokens for its own audience only (a Partner Center token is refused: "Invalid audience"), and asks
 * for MFA with a claims challenge, error="insufficient_claims" in WWW-Authenticate.
 */
export function graphCaller(
  header: string | undefined,
  secret: string,
  now: number,
): { user: string } | EmulatorAnswer {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (!token) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const check = verifyLocalToken(token, secret, now, 'graph');
  if (check.ok) return { user: check.claims.oid };
  if (check.reason === 'noMfa') {
    const claims = Buffer.from('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}').toString(
      'base64',
    );
    return graphError(401, 'InvalidAuthenticationToken', 'Multi-factor authentication is required.', {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${claims}"`,
    });
  }
  const messages = {
    expired: 'Lifetime validation failed, the token is expired.',
    wrongAudience: 'Access token validation failure. Invalid audience.',
    malformed: 'IDX14100: JWT is not well formed.',
    badSignature: 'Access token validation failure. Invalid signature.',
  } as const;
  return graphError(401, 'InvalidAuthenticationToken', messages[check.reason]);
}
