import { ttlCache } from '../cache';
import { createLocalToken, type LocalTokenAudience } from './issuer';

/** A token for a user (for Partner Center, or for Graph), known by a stable key (their Entra object id, or their Teams id). */
export type UserTokenSource = (userKey: string) => Promise<string>;

/** Local tokens live an hour; one is handed out again until this close to its end, as the token service does. */
const LOCAL_TOKEN_LIFETIME_SECONDS = 3600;
const LOCAL_TOKEN_REUSE_MS = (LOCAL_TOKEN_LIFETIME_SECONDS - 300) * 1000;

/**
 * Local mode: a token the emulator accepts, made for the user (so caches stay per user as they are with real
 * tokens). No one signs in; `mfa: false` makes tokens the emulator refuses as Partner Center would. Like the Bot
 * Framework token service, it gives a user the same token until it nears expiry, so what is cached per token (the
 * invite link) behaves locally as it does in Teams.
 */
export function localTokenSource(options: {
  secret: string;
  mfa: boolean;
  /** The API the tokens are for: Partner Center's by default, or Graph's (a source per API, as with real tokens). */
  audience?: LocalTokenAudience;
  now?: () => number;
}): UserTokenSource {
  const now = options.now ?? Date.now;
  const issued = ttlCache<string>(LOCAL_TOKEN_REUSE_MS, 10_000, now);
  return async (userKey) => {
    let token = issued.get(userKey);
    if (!token) {
      token = createLocalToken({
        secret: options.secret,
        mfa: options.mfa,
        userId: userKey,
        now: now(),
        lifetimeSeconds: LOCAL_TOKEN_LIFETIME_SECONDS,
        audience: options.audience,
      });
      issued.set(userKey, token);
    }
    return token;
  };
}
