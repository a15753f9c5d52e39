import type { CloudAdapter, TokenResponse, TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { UserTokenSource } from '../localTokens/source';
import { describe, type Logger } from '../log';
import { userKeyOf } from '../teams/activity';

/** Whose token: Partner Center's, or Microsoft Graph's (GDAP). */
export type TokenResource = 'partnerCenter' | 'graph';

/** An Azure Bot OAuth connection, and the token service's calls for it. */
export interface Connection {
  connectionName: string;
  tokens: TokenService;
}

/** How the bot gets the user's Partner Center and Graph tokens. */
export type SignIn =
  /** Local mode: stand-in tokens the emulator accepts, no sign-in step. */
  | { kind: 'local'; tokenFor: UserTokenSource; graphTokenFor: UserTokenSource }
  /**
   * Teams mode: the Azure Bot OAuth connection, with Teams single sign-on where Teams offers it; a second one for
   * Graph when GRAPH_OAUTH_CONNECTION_NAME is set.
   */
  | { kind: 'teams'; connectionName: string; tokens: TokenService; graph?: Connection };

/** The connection that gives a resource's tokens in Teams mode; undefined when there is none. */
export function connectionFor(signIn: SignIn, resource: TokenResource): Connection | undefined {
  if (signIn.kind !== 'teams') return undefined;
  return resource === 'graph' ? signIn.graph : signIn;
}

/** Whether a Graph token can be had at all. */
export function canGetGraphTokens(signIn: SignIn): boolean {
  return signIn.kind === 'local' || signIn.graph !== undefined;
}

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

export function tokenService(connection: string): TokenService {
  const call = <T>(
    context: TurnContext,
    use: (client: UserTokenClient, user: string, channel: string) => T,
  ) => {
    const key = (context.adapter as CloudAdapter).UserTokenClientKey;
    const client = context.turnState.get<UserTokenClient | undefined>(key);
    if (!client) throw new Error('no token service in this turn');
    return use(client, context.activity.from?.id ?? '', context.activity.channelId);
  };
  const tokenOrNothing = (response: TokenResponse | undefined) => (response?.token ? response : undefined);
  return {
    get: async (context, magicCode) =>
      tokenOrNothing(
        await call(context, (c, user, channel) => c.getUserToken(user, connection, channel, magicCode ?? '')),
      ),
    exchange: async (context, token) =>
      tokenOrNothing(
        await call(context, (c, user, channel) => c.exchangeToken(user, connection, channel, { token })),
      ),
    signOut: (context) => call(context, (c, user, channel) => c.signOutUser(user, connection, channel)),
    signInLink: async (context) =>
      (await call(context, (c) => c.getSignInResource(connection, context.activity, ''))).signInLink,
  };
}

/**
 * The user's token without asking them anything: local mode's stand-in, or the token service's when they have
 * signed in. A failing token service reads as "not signed in" (the user is offered sign-in), but is logged.
 */
export async function silentToken(
  context: TurnContext,
  signIn: SignIn,
  logger: Logger,
  magicCode?: string,
  resource: TokenResource = 'partnerCenter',
): Promise<string | undefined> {
  if (signIn.kind === 'local') {
    const source = resource === 'graph' ? signIn.graphTokenFor : signIn.tokenFor;
    return source(userKeyOf(context.activity));
  }
  const connection = connectionFor(signIn, resource);
  if (!connection) return undefined;
  const response = await connection.tokens.get(context, magicCode).catch((error: unknown) => {
    logger.warn('token service failed: asking the user to sign in', { error: describe(error) });
    return undefined;
  });
  return response?.token;
}
