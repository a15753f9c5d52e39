import { randomUUID } from 'node:crypto';
import { TurnContext } from 'botbuilder';
import type { CardRenderer } from '../cards/renderer';
import type { CommandServices, RequestContext } from '../commands/context';
import { localizer } from '../i18n/localizer';
import { describe, type Logger } from '../log';
import { recognizeMessage, type Recognized } from '../recognizer/recognizer';
import { conversationKind, userKeyOf, userLocale, userTimeZone } from '../teams/activity';
import type { SignIn } from './signIn';

/** What the bot's handlers are given. */
export interface BotDependencies {
  services: CommandServices;
  signIn: SignIn;
  renderer: CardRenderer;
  /** Mask contact emails and phone numbers in group chats and channels (the default). */
  maskContactDetails: boolean;
  logger: Logger;
}

/** A request as first read, kept in dialog state while the user answers or signs in. */
export interface PendingRequest {
  recognized: Recognized;
  correlationId: string;
  locale?: string;
  timeZone?: string;
}

export function newRequest(context: TurnContext, recognized?: Recognized): PendingRequest {
  return { recognized: recognized ?? recognizeMessage(context.activity), ...requestBasics(context) };
}

/** A request's own correlation id, and the user's language and time zone. */
function requestBasics(context: TurnContext): Omit<PendingRequest, 'recognized'> {
  const { activity } = context;
  return { correlationId: randomUUID(), locale: userLocale(activity), timeZone: userTimeZone(activity) };
}

/** What the commands are given for a request: its language, its logger, who asks and where. */
export function requestContext(
  context: TurnContext,
  deps: BotDependencies,
  request: Omit<PendingRequest, 'recognized'> = requestBasics(context),
): RequestContext {
  const { signIn, services } = deps;
  const logger = deps.logger.child({ correlationId: request.correlationId });
  return {
    services,
    correlationId: request.correlationId,
    l10n: localizer(request.locale, request.timeZone),
    userKey: userKeyOf(context.activity),
    maskContacts: deps.maskContactDetails && conversationKind(context.activity) !== 'personal',
    logger,
    conversation: {
      kind: conversationKind(context.activity),
      reference: TurnContext.getConversationReference(context.activity),
      userId: context.activity.from?.id ?? '',
      timeZone: request.timeZone,
    },
    forgetToken:
      signIn.kind === 'teams'
        ? () =>
            signIn.tokens.signOut(context).catch((error: unknown) => {
              logger.warn('could not drop a refused token', { error: describe(error) });
            })
        : undefined,
  };
}
