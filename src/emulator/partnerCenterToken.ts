import { verifyLocalToken } from '../localTokens/issuer';
import { error, type EmulatorAnswer } from './replies';

/** Partner Center accepts App+User tokens with MFA only: a token without the claim gets 401 / 900421. */
export function checkToken(header: string | undefined, secret: string): { user: string } | EmulatorAnswer {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  const check = token ? verifyLocalToken(token, secret) : undefined;
  if (check?.ok) return { user: check.claims.oid };
  const unauthorized = (code: string, description: string): EmulatorAnswer => ({
    ...error(401, code, description),
    headers: { 'WWW-Authenticate': 'OAuth realm="https://login.microsoftonline.com/"' },
  });
  if (check?.reason === 'noMfa')
    return unauthorized('900421', 'MFA required: the token was issued without multi-factor authentication.');
  if (check?.reason === 'expired') return unauthorized('401', 'The access token has expired.');
  return unauthorized('401', 'Authorization failed: a valid bearer token is required.');
}
