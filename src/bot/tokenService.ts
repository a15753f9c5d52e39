import type { CloudAdapter, TokenResponse, TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';

/**
 * The Bot Framework token service, for the user of a turn. CloudAdapter puts a UserTokenClient in the turn
 * state; botbuilder's TestAdapter implements the same operations itself. The bot never keeps a token: it asks
 * here each time.
 */
export interface TokenService {
  get(context: TurnContext, magicCode?: string): Promise<TokenResponse | undefined>;
  exchange(context: TurnContext, token: string): Promise<TokenResponse | undefined>;
  signOut(context: TurnContext): Promise<void>;
  /** Where the user signs in when Teams cannot do it silently (message extensions' auth response). */
  signInLink(context: TurnContext): Promise<string | undefined>;
}

interface AdapterTokenMethods {
  getUserToken(
    context: TurnContext,
    connectionName: string,
    magicCode?: string,
  ): Promise<TokenResponse | undefined>;
  exchangeToken(
    context: TurnContext,
    connectionName: string,
    userId: string,
    request: { token: string },
  ): Promise<TokenResponse | undefined>;
  signOutUser(context: TurnContext, connectionName: string, userId?: string): Promise<void>;
  getSignInResource(
    context: TurnContext,
    connectionName: string,
    userId?: string,
  ): Promise<{ signInLink?: string }>;
}

export function tokenService(connectionName: string): TokenService {
  const client = (context: TurnContext) =>
    context.turnState.get<UserTokenClient | undefined>((context.adapter as CloudAdapter).UserTokenClientKey);
  const adapter = (context: TurnContext) => context.adapter as unknown as AdapterTokenMethods;
  const userId = (context: TurnContext) => context.activity.from?.id ?? '';

  return {
    async get(context, magicCode) {
      const tokens = client(context);
      const response = tokens
        ? await tokens.getUserToken(
            userId(context),
            connectionName,
            context.activity.channelId,
            magicCode ?? '',
          )
        : await adapter(context).getUserToken(context, connectionName, magicCode);
      return response?.token ? response : undefined;
    },
    async exchange(context, token) {
      const tokens = client(context);
      const response = tokens
        ? await tokens.exchangeToken(userId(context), connectionName, context.activity.channelId, { token })
        : await adapter(context).exchangeToken(context, connectionName, userId(context), { token });
      return response?.token ? response : undefined;
    },
    async signOut(context) {
      const tokens = client(context);
      if (tokens) await tokens.signOutUser(userId(context), connectionName, context.activity.channelId);
      else await adapter(context).signOutUser(context, connectionName, userId(context));
    },
    async signInLink(context) {
      const tokens = client(context);
      const resource = tokens
        ? await tokens.getSignInResource(connectionName, context.activity, '')
        : await adapter(context).getSignInResource(context, connectionName, userId(context));
      return resource?.signInLink;
    },
  };
}
