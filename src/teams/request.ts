import { randomUUID } from 'node:crypto';
import type { CommandServices, RequestContext } from '../commands/context';
import { localizer } from '../i18n/localizer';
import type { Logger } from '../log';
import { readMessage } from '../commands/runCommand';
import type { Recognized } from '../recognizer/recognizer';
import {
  conversationKind,
  tenantOf,
  userKeyOf,
  userLocale,
  userTimeZone,
  type TeamsActivity,
} from './activity';

/** A request as first read, kept in dialog state while the user answers or signs in. */
export interface PendingRequest {
  recognized: Recognized;
  correlationId: string;
  locale?: string;
  timeZone?: string;
}

/** A message read as a request: what it asks, with its own correlation id, the user's language and zone. */
export function newRequest(activity: TeamsActivity, recognized?: Recognized): PendingRequest {
  return { recognized: recognized ?? readMessage(activity), ...requestBasics(activity) };
}

function requestBasics(activity: TeamsActivity): Omit<PendingRequest, 'recognized'> {
  return { correlationId: randomUUID(), locale: userLocale(activity), timeZone: userTimeZone(activity) };
}

/** What the commands are given for a request: its language, its logger, who asks and where. */
export function commandRequest(
  activity: TeamsActivity,
  deps: { services: CommandServices; maskContactDetails: boolean; logger: Logger },
  request: Omit<PendingRequest, 'recognized'> = requestBasics(activity),
): RequestContext {
  const kind = conversationKind(activity);
  return {
    services: deps.services,
    correlationId: request.correlationId,
    l10n: localizer(request.locale, request.timeZone),
    userKey: userKeyOf(activity),
    maskContacts: deps.maskContactDetails && kind !== 'personal',
    logger: deps.logger.child({ correlationId: request.correlationId }),
    today: deps.services.today(),
    conversation: {
      kind,
      id: channelOf(activity.conversation?.id ?? ''),
      reference: conversationReferenceOf(activity),
      postReference: postReferenceOf(activity),
      userId: activity.from?.id ?? '',
      userName: activity.from?.name,
      tenantId: tenantOf(activity),
      timeZone: request.timeZone,
    },
  };
}

/**
 * The request once the user's tokens are at hand: its Partner Center and Graph calls, made once and shared by every
 * call its command makes. `budgetMs`: less than the clients' own time budget, for a caller that waits less.
 */
export function withTokens(
  request: RequestContext,
  tokens: { partnerCenter?: string; graph?: string },
  budgetMs?: number,
): RequestContext {
  const { services, correlationId, userKey } = request;
  const locale = request.l10n.locale;
  return {
    ...request,
    partnerCenter: tokens.partnerCenter
      ? {
          client: services.partnerCenter,
          request: services.partnerCenter.newRequestContext({
            token: tokens.partnerCenter,
            correlationId,
            locale,
            userKey,
            budgetMs,
          }),
        }
      : undefined,
    graph: tokens.graph
      ? {
          client: services.graph,
          request: services.graph.newRequestContext({
            token: tokens.graph,
            correlationId,
            userKey,
            budgetMs,
          }),
        }
      : undefined,
  };
}

/**
 * Where to answer later (a job's messages): the conversation reference of the Bot Framework protocol, made from
 * the activity as botbuilder's TurnContext.getConversationReference makes it. In a channel, the conversation id
 * names the thread, so later messages land in it.
 */
function conversationReferenceOf(activity: TeamsActivity) {
  const { id, from, recipient, conversation, channelId, locale, serviceUrl } = activity;
  return { activityId: id, user: from, bot: recipient, conversation, channelId, locale, serviceUrl };
}

/** A channel's id from a thread's ("{channel};messageid={rootId}"); any other conversation's, as it is. */
const channelOf = (conversationId: string) => conversationId.split(';messageid=')[0]!;

/**
 * Where a post of the bot's own goes: in a channel, a new post (the channel's id, no thread), so that each lands
 * where the channel sees it rather than under an old thread; elsewhere, the conversation.
 */
function postReferenceOf(activity: TeamsActivity) {
  const { activityId: _reply, ...reference } = conversationReferenceOf(activity);
  const { conversation } = activity;
  return conversation
    ? { ...reference, conversation: { ...conversation, id: channelOf(conversation.id) } }
    : reference;
}
