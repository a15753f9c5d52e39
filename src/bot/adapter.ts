import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CloudAdapter,
  DeliveryModes,
  type Activity,
  type InvokeResponse,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import { AuthenticationError } from 'botframework-connector';
import type { CardRenderer } from '../cards/renderer';
import { errorReply } from '../commands/errorReply';
import type { Config } from '../config';
import { describe, type Logger } from '../log';
import type { HttpAnswer, TurnEndpoint } from './turnEndpoint';
import { botFrameworkAuthentication } from './authentication';
import { userLocalizer } from '../teams/activity';
import { messageOf } from '../teams/messages';

/** A bot ready to run turns: its middleware, in order, then its turn logic. */
export type AssembledBot = { middleware: Middleware[]; run(context: TurnContext): Promise<void> };

/**
 * The Bot Framework adapter, built before the bot: jobs send through it too (the proactive channel), and the bot
 * they serve is built after them.
 */
export function turnAdapter(
  config: Pick<Config, 'bot' | 'botFramework'>,
  /** Each HTTP attempt to the connector and the token service; botbuilder's default is none. */
  outboundTimeoutMs?: number,
): TurnAdapter {
  return new TurnAdapter(botFrameworkAuthentication(config, outboundTimeoutMs));
}

/**
 * CloudAdapter in front of the bot: authenticates each request, runs its turn, and says what to answer. A turn
 * that fails gets the error card (messages) and a log line with the reference the card shows.
 */
export function botEndpoint(
  bot: AssembledBot,
  options: {
    /** The adapter the proactive channel sends through too (see turnAdapter). */
    adapter: TurnAdapter;
    renderer: CardRenderer;
    logger: Logger;
  },
): TurnEndpoint & { adapter: CloudAdapter } {
  const { adapter, renderer, logger } = options;
  // First of all middleware: from here on the request is authenticated and may be answered before its turn ends.
  const turnsStarted = new WeakSet<Partial<Activity>>();
  adapter.use(async (context, next) => {
    turnsStarted.add(context.activity);
    await next();
  });
  for (const middleware of bot.middleware) adapter.use(middleware);
  adapter.onTurnError = async (context, error) => {
    const correlationId = randomUUID();
    logger.error('turn failed', {
      correlationId,
      activityType: context.activity.type,
      error: describe(error),
    });
    if (context.activity.type !== ActivityTypes.Message) return;
    try {
      const reply = errorReply(undefined, userLocalizer(context.activity), { correlationId });
      await context.sendActivity(messageOf(renderer.render(reply)));
    } catch (sendError) {
      logger.error('could not send the error card', { correlationId, error: describe(sendError) });
    }
  };

  return {
    adapter,
    process(authorization, body) {
      // What CloudAdapter.process does first (test/bot/adapter.test.ts guards the import): activities hold Dates,
      // not strings. The intake has checked what it would refuse (an object with a type).
      const activity = validateAndFixActivity(body as unknown as Activity);
      const answer = adapter
        .processRequest(authorization, activity, (context) => bot.run(context))
        .then(
          (invokeResponse): HttpAnswer => invokeResponse ?? { status: 200 },
          (error: unknown): HttpAnswer => {
            // Only authentication rejects here (onTurnError takes the turn's errors): botbuilder says 401 for a bad
            // token, 500 when it could not check one, and lets jsonwebtoken's errors (forged, malformed) through.
            if ((error instanceof AuthenticationError && error.statusCode === 401) || isTokenError(error)) {
              logger.debug('request refused', { status: 401, reason: 'not authenticated' });
              return { status: 401, body: { error: 'not authenticated' } };
            }
            const correlationId = randomUUID();
            logger.error('request failed', { correlationId, error: describe(error) });
            return { status: 500, body: { error: 'internal error', correlationId } };
          },
        );
      return {
        answer,
        mayAnswerEarly: () =>
          turnsStarted.has(activity) &&
          activity.type !== ActivityTypes.Invoke &&
          activity.deliveryMode !== DeliveryModes.ExpectReplies,
      };
    },
  };
}

const TOKEN_ERRORS = new Set<unknown>(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);
const isTokenError = (error: unknown) => TOKEN_ERRORS.has((error as { name?: unknown } | undefined)?.name);

/**
 * CloudAdapter.process answers errors with their text and prints their stack; processActivity, protected, runs
 * the turn alone and lets the server answer.
 */
export class TurnAdapter extends CloudAdapter {
  processRequest(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}
