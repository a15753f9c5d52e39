import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { Logger } from '../log';

/** The user's delegated Partner Center token for this turn, or undefined when there is none. Never stored. */
export type UserTokenSource = (context: TurnContext) => Promise<string | undefined>;

/** Local mode: the token the emulator accepts. No user is signed in and none needs to be. */
export function localTokenSource(token: string): UserTokenSource {
  return async () => token;
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
