import type { Activity, TurnContext } from 'botbuilder';
import { createLocalToken } from '../partnerCenter/localToken';

/** A Partner Center token for the user of this turn. */
export type UserTokenSource = (context: TurnContext) => Promise<string>;

/**
 * Local mode: a token the emulator accepts, made for the user of this turn (so caches stay per user as they are
 * with real tokens). No one signs in; `mfa: false` makes tokens the emulator refuses as Partner Center would.
 */
export function localTokenSource(options: { secret: string; mfa: boolean }): UserTokenSource {
  return async (context) =>
    createLocalToken({ secret: options.secret, mfa: options.mfa, userId: userKeyOf(context.activity) });
}

/** Who the user is, stably: their Entra object id when Teams gives it, else their channel account id. */
export function userKeyOf(activity: Partial<Activity>): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? 'anonymous';
}
