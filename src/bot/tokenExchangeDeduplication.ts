import { createHash } from 'node:crypto';
import {
  ActivityTypes,
  tokenExchangeOperationName,
  type Activity,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from '../log';
import type { ClaimStore } from '../storage/claimStore';
import type { TokenService } from './tokenService';

interface TokenExchangeRequest {
  id?: string;
  token?: string;
}

/**
 * Teams sends one signin/tokenExchange invoke per open client (desktop, web, mobile). Each is exchanged with the
 * token service first, so a failure is answered 412 and Teams falls back to its sign-in card; then only the first
 * to claim the exchange id goes on to the dialog, the others get 200 and stop. Replaces botbuilder's
 * TeamsSSOTokenExchangeMiddleware, whose storage write fails on BlobsStorage and leaves sign-in hanging.
 */
export class TokenExchangeDeduplication implements Middleware {
  constructor(
    private readonly claims: ClaimStore,
    private readonly tokens: TokenService,
    private readonly connectionName: string,
    private readonly logger: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type !== ActivityTypes.Invoke || activity.name !== tokenExchangeOperationName) return next();
    const request = (activity.value ?? {}) as TokenExchangeRequest;
    if (!request.id || !request.token) {
      return this.respond(context, 400, request, 'The token exchange request has no id or token.');
    }

    let exchanged = false;
    try {
      exchanged = (await this.tokens.exchange(context, request.token)) !== undefined;
    } catch (error) {
      this.logger.warn('token exchange failed', { error: (error as Error).name, exchangeId: request.id });
    }
    if (!exchanged) {
      return this.respond(
        context,
        412,
        request,
        'The bot is unable to exchange token. Proceed with regular login.',
      );
    }

    let first = true;
    try {
      first = await this.claims.claim(claimKey(activity, request.id));
    } catch (error) {
      // Better to risk handling an exchange twice than to leave the user's sign-in hanging.
      this.logger.warn('token exchange claim store failed: continuing', { error: (error as Error).name });
    }
    if (!first) {
      this.logger.debug('duplicate token exchange dropped', { exchangeId: request.id });
      return this.respond(context, 200, request);
    }
    await next();
  }

  private async respond(
    context: TurnContext,
    status: number,
    request: TokenExchangeRequest,
    failureDetail?: string,
  ) {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: { status, body: { id: request.id, connectionName: this.connectionName, failureDetail } },
    });
  }
}

/**
 * One claim per exchange of one user: everyone in a group chat sees the exchange id, and one user's exchange
 * must not shadow another's. Hashed, so that ids the client sends cannot make a long key.
 */
function claimKey(activity: Activity, exchangeId: string): string {
  const { channelId, conversation, from } = activity;
  const parts = [channelId, conversation?.id, from?.id, from?.aadObjectId, exchangeId];
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
