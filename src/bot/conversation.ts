import type { Activity } from 'botbuilder';
import { localizer, type Localizer } from '../i18n/localizer';

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

/** A field of the clientInfo entity Teams adds to each activity. */
function clientInfo(activity: Partial<Activity>, field: 'locale' | 'timezone'): string | undefined {
  const value = activity.entities?.find((entity) => entity.type === 'clientInfo')?.[field] as unknown;
  return typeof value === 'string' ? value : undefined;
}

/** The user's locale: the activity's, else the client's. */
export const userLocale = (activity: Partial<Activity>) => activity.locale ?? clientInfo(activity, 'locale');

/** The user's IANA time zone. */
export const userTimeZone = (activity: Partial<Activity>) => clientInfo(activity, 'timezone');

/** The user's language and time zone, for a reply that is not a request's (welcome, refusals, failures). */
export const userLocalizer = (activity: Partial<Activity>): Localizer =>
  localizer(userLocale(activity), userTimeZone(activity));

/** Who the user is, stably: their Entra object id when Teams gives it, else their channel account id. */
export function userKeyOf(activity: Partial<Activity>): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? 'anonymous';
}
