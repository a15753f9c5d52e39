import { ActivityTypes, INVOKE_RESPONSE_KEY, tokenExchangeOperationName, type Middleware } from 'botbuilder';
import type { CardRenderer } from '../cards/renderer';
import { otherTenant } from '../commands/notices';
import type { Logger } from '../log';
import { claimKey, type ClaimStore } from '../storage/claimStore';
import { setUserLocale, tenantOf, userLocalizer } from '../teams/activity';
import { messageOf } from '../teams/messages';
import type { TokenService } from './signIn';

// What runs ahead of the bot's turn, in the order assembleBot (src/app.ts) puts it.

/**
 * Local mode only: answer as if the user's Teams locale were `locale`. The Agents Playground reports en-US
 * whatever its configuration, so without this nobody could try the bot in French on their machine.
 */
export const localeOverride = (locale: string): Middleware => ({
  onTurn: async (context, next) => {
    setUserLocale(context.activity, locale);
    await next();
  },
});

/**
 * Only users of the allowed tenants get anything from the bot: anyone else is told so politely, and nothing runs
 * (no sign-in, no Partner Center call, no state). An activity without a tenant cannot be checked: refused too.
 */
export function tenantRestriction(
  allowed: readonly string[],
  renderer: CardRenderer,
  logger: Logger,
): Middleware {
  const tenants = new Set(allowed.map((id) => id.toLowerCase()));
  return {
    async onTurn(context, next) {
      const { activity } = context;
      const tenant = tenantOf(activity);
      if (tenant && tenants.has(tenant)) return next();
      logger.warn('activity from a tenant that is not allowed: refused', {
        tenant: tenant ?? 'none',
        activityType: activity.type,
      });
      if (activity.type === ActivityTypes.Message) {
        await context.sendActivity(messageOf(renderer.render(otherTenant(userLocalizer(activity)))));
      } else if (activity.type === ActivityTypes.Invoke) {
        const value = { status: 403, body: undefined };
        context.turnState.set(INVOKE_RESPONSE_KEY, { type: ActivityTypes.InvokeResponse, value });
      }
    },
  };
}

/**
 * Teams sends one signin/tokenExchange invoke per open client (desktop, web, mobile). Each is exchanged first, so a
 * failure is answered 412 and Teams falls back to its sign-in card; then only the first to claim the exchange id
 * goes on to the dialog, the others get 200. Replaces botbuilder's TeamsSSOTokenExchangeMiddleware, whose storage
 * write fails on BlobsStorage and leaves sign-in hanging.
 */
export function tokenExchangeDeduplication(
  claims: ClaimStore,
  signIn: {
    connectionName: string;
    tokens: TokenService;
    graph?: { connectionName: string; tokens: TokenService };
  },
  logger: Logger,
): Middleware {
  return {
    async onTurn(context, next) {
      const { activity } = context;
      if (activity.type !== ActivityTypes.Invoke || activity.name !== tokenExchangeOperationName)
        return next();
      const { id, token, connectionName } = (activity.value ?? {}) as {
        id?: string;
        token?: string;
        connectionName?: string;
      };
      // Teams names the connection its prompt was for: Graph's prompt is exchanged on Graph's connection. One the
      // bot has no prompt for is not exchanged on Partner Center's instead (that would sign the user in to it).
      const named = [signIn, ...(signIn.graph ? [signIn.graph] : [])].find(
        (c) => c.connectionName === connectionName,
      );
      const connection = named ?? signIn;
      const respond = async (status: number, failureDetail?: string) => {
        const body = {
          id,
          connectionName: named ? connection.connectionName : connectionName,
          failureDetail,
        };
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
      };
      if (!id || !token) return respond(400, 'The token exchange request has no id or token.');
      if (connectionName !== undefined && !named)
        return respond(400, 'The token exchange request names a connection this bot does not use.');
      const exchanged = await connection.tokens.exchange(context, token).catch((error: unknown) => {
        logger.warn('token exchange failed', { error: (error as Error).name, exchangeId: id });
      });
      if (!exchanged) return respond(412, 'The bot is unable to exchange token. Proceed with regular login.');
      // One claim per exchange of one user: everyone in a group chat sees the exchange id.
      const { channelId, conversation, from } = activity;
      const key = claimKey(channelId, conversation?.id, from?.id, from?.aadObjectId, id);
      const first = await claims.claim(key).catch((error: unknown) => {
        // Better to risk handling an exchange twice than to leave the user's sign-in hanging.
        logger.warn('token exchange claim store failed: continuing', { error: (error as Error).name });
        return true;
      });
      if (first) return next();
      logger.debug('duplicate token exchange dropped', { exchangeId: id });
      return respond(200);
    },
  };
}
