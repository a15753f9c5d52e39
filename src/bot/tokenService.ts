import type { CloudAdapter, TokenResponse, TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';

/**
 * The Bot Framework token service, for the user of a turn, through the UserTokenClient CloudAdapter puts in the
 * turn state. The bot never keeps a token: it asks here each time.
 */
export interface TokenService {
  get(context: TurnContext, magicCode?: string): Promise<TokenResponse | undefined>;
  exchange(context: TurnContext, token: string): Promise<TokenResponse | undefined>;
  signOut(context: TurnContext): Promise<void>;
  /** Where the user signs in when Teams cannot do it silently (message extensions' auth response). */
  signInLink(context: TurnContext): Promise<string | undefined>;
}

export function tokenService(connectionName: string): TokenService {
  const client = (context: TurnContext) => {
    const found = context.turnState.get<UserTokenClient | undefined>(
      (context.adapter as CloudAdapter).UserTokenClientKey,
    );
    if (!found) throw new Error('no token service in this turn');
    return found;
  };
  const userId = (context: TurnContext) => context.activity.from?.id ?? '';
  const tokenOrNothing = (response: TokenResponse | undefined) => (response?.token ? response : undefined);

  return {
    get: async (context, magicCode) =>
      tokenOrNothing(
        await client(context).getUserToken(
          userId(context),
          connectionName,
          context.activity.channelId,
          magicCode ?? '',
        ),
      ),
    exchange: async (context, token) =>
      tokenOrNothing(
        await client(context).exchangeToken(userId(context), connectionName, context.activity.channelId, {
          token,
        }),
      ),
    signOut: (context) =>
      client(context).signOutUser(userId(context), connectionName, context.activity.channelId),
    signInLink: async (context) =>
      (await client(context).getSignInResource(connectionName, context.activity, '')).signInLink,
  };
}
