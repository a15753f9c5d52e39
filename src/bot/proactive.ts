import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { CardRenderer, Reply } from '../cards/renderer';
import { ConversationGone, type ReportChannel } from '../jobs/reportPorts';
import type { ReportOwner } from '../jobs/reportRecord';
import { sendingAgainOn412 } from '../teams/connectorRetry';
import { messageOf } from '../teams/messages';
import type { SignIn } from './signIn';

/**
 * A job's way to its user after the turn: messages posted and updated in the conversation it was asked in (a
 * channel's thread included: the reference keeps the thread's id), or as a new post of a channel (a watch's), and
 * the user's token from the token service.
 */
export function proactiveChannel(
  adapter: CloudAdapter,
  options: { botAppId: string; renderer: CardRenderer; signIn: SignIn },
): ReportChannel {
  const { botAppId, renderer, signIn } = options;
  // The adapter's turn error handler would take a failure inside the continuation and log it as a failed turn:
  // the job that asked must see it instead (a post refused, the token service down), so it is carried out here.
  const inConversation = async <T>(owner: ReportOwner, logic: (context: TurnContext) => Promise<T>) => {
    let outcome: { value?: T; failure?: unknown } = {};
    const reference = owner.conversation as Partial<ConversationReference>;
    await adapter.continueConversationAsync(botAppId, reference, async (context) => {
      try {
        outcome = { value: await logic(context) };
      } catch (failure) {
        outcome = { failure: failure ?? new Error('the continuation failed') };
      }
    });
    if ('failure' in outcome) throw outcome.failure;
    return outcome.value;
  };
  const message = (reply: Reply) => messageOf(renderer.render(reply));
  /**
   * A new post of a channel, as TeamsInfo.sendMessageToTeamsChannel makes one: a conversation created in the
   * channel with the message as its root (a reply needs a thread's root to answer).
   */
  const newChannelPost = async (reference: Partial<ConversationReference>, reply: Reply) => {
    let activityId: string | undefined;
    const parameters = {
      isGroup: true,
      bot: reference.bot,
      tenantId: reference.conversation?.tenantId,
      channelData: { channel: { id: reference.conversation!.id } },
      activity: message(reply),
    } as Parameters<CloudAdapter['createConversationAsync']>[4];
    await sendingAgainOn412(() =>
      adapter.createConversationAsync(
        botAppId,
        reference.channelId ?? 'msteams',
        reference.serviceUrl ?? '',
        // None: the connector's own (its factory's default scope), as a continuation has.
        undefined as unknown as string,
        parameters,
        async (context) => void (activityId = context.activity.id),
      ),
    );
    return activityId;
  };
  return {
    post: (owner, reply) => {
      const reference = owner.conversation as Partial<ConversationReference>;
      const posting = isChannelItself(reference)
        ? newChannelPost(reference, reply)
        : inConversation(
            owner,
            async (context) => (await sendingAgainOn412(() => context.sendActivity(message(reply))))?.id,
          );
      return posting.catch((error: unknown) => {
        throw goneOr(error);
      });
    },
    update: (owner, activityId, reply) =>
      inConversation(owner, (context) =>
        sendingAgainOn412(() => context.updateActivity({ ...message(reply), id: activityId })),
      ).then(() => undefined),
    token: async (owner) => {
      if (signIn.kind === 'local') return signIn.tokenFor(owner.userKey);
      // The continuation's activity is from the reference's user: the token service answers for them.
      return inConversation(owner, async (context) => (await signIn.tokens.get(context))?.token);
    },
  };
}

/**
 * The connector's 403 (the bot is not in the conversation any more: removed from the team or chat) and 404 (the
 * conversation is gone) as ConversationGone; any other failure as it is.
 */
function goneOr(error: unknown): unknown {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return status === 403 || status === 404 ? new ConversationGone(`the connector answered ${status}`) : error;
}

/** A channel's own reference (a watch's), not a thread's: "{channel}" without ";messageid=". */
function isChannelItself(reference: Partial<ConversationReference>): boolean {
  const conversation = reference.conversation;
  return conversation?.conversationType === 'channel' && !conversation.id.includes(';messageid=');
}
