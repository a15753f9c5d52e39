import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import { createLocalToken } from '../partnerCenter/localToken';
import type { UserTokenClient } from 'botframework-connector';
import type { Logger } from '../log';

/** The user's delegated Partner Center token for this turn, or undefined when there is none. Never stored. */
export type UserTokenSource = (context: TurnContext) => Promise<string | undefined>;

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

/**
 * Teams mode: ask the Bot Framework token service for the token of the user's earlier sign-in, silently.
 * Sign-in itself (OAuthPrompt, Teams SSO) comes in the SSO dialog; without a token nothing calls Partner Center.
 */
export function botTokenServiceSource(connectionName: string, logger: Logger): UserTokenSource {
  return async (context) => {
    const client = context.turnState.get<UserTokenClient | undefined>(
      (context.adapter as CloudAdapter).UserTokenClientKey,
    );
    const userId = context.activity.from?.id;
    if (!client || !userId) return undefined;
    try {
      const response = await client.getUserToken(userId, connectionName, context.activity.channelId, '');
      return response?.token || undefined;
    } catch (error) {
      logger.warn('token service did not answer', { error: (error as Error).name });
      return undefined;
    }
  };
}
