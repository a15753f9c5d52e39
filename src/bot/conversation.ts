import type { Activity } from 'botbuilder';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export function conversationKind(activity: Partial<Activity>): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat') return 'groupChat';
  return 'personal';
}

/**
 * In a channel, a reply lands in a thread when the conversation id names the thread's root message
 * ("{channel};messageid={rootId}"). Teams sends it so for messages in a thread; for a new post the post itself
 * is the root. Without this a reply would start a new thread.
 */
export function threadIntoChannelReply(activity: Partial<Activity>): void {
  if (conversationKind(activity) !== 'channel' || !activity.conversation || !activity.id) return;
  if (!activity.conversation.id.includes(';messageid=')) {
    activity.conversation.id = `${activity.conversation.id};messageid=${activity.id}`;
  }
}

/** The user's locale: the activity's, else the one Teams puts in the clientInfo entity. */
export function userLocale(activity: Partial<Activity>): string | undefined {
  if (activity.locale) return activity.locale;
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo') as
    { locale?: unknown } | undefined;
  return typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined;
}

/** The user's IANA time zone, from the clientInfo entity Teams adds to each activity. */
export function userTimeZone(activity: Partial<Activity>): string | undefined {
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo') as
    { timezone?: unknown } | undefined;
  return typeof clientInfo?.timezone === 'string' ? clientInfo.timezone : undefined;
}

/** Who the user is, stably: their Entra object id when Teams gives it, else their channel account id. */
export function userKeyOf(activity: Partial<Activity>): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? 'anonymous';
}
