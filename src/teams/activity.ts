import { localizer, type Localizer } from '../i18n/localizer';
import type { ConversationKind } from '../commands/context';

/**
 * What Teams puts in an activity, as the Bot Framework activity protocol carries it: read the same whichever SDK
 * receives it, so these readers take the activity's shape, not a botbuilder type.
 */
export interface TeamsActivity {
  id?: string;
  locale?: string | null;
  conversation?: { id: string; conversationType?: string; tenantId?: string };
  from?: { id?: string; aadObjectId?: string; name?: string };
  recipient?: { id?: string; name?: string };
  channelId?: string;
  serviceUrl?: string;
  text?: unknown;
  value?: unknown;
  entities?: Array<{ type: string; [field: string]: unknown }>;
  channelData?: unknown;
}

export function conversationKind(activity: TeamsActivity): ConversationKind {
  const type = activity.conversation?.conversationType;
  return type === 'channel' || type === 'groupChat' ? type : 'personal';
}

/**
 * In a channel, a reply lands in a thread when the conversation id names the thread's root message
 * ("{channel};messageid={rootId}"). Teams sends it so for messages in a thread; for a new post the post itself
 * is the root. Without this a reply would start a new thread.
 */
export function threadIntoChannelReply(activity: TeamsActivity): void {
  if (conversationKind(activity) !== 'channel' || !activity.conversation || !activity.id) return;
  if (!activity.conversation.id.includes(';messageid=')) {
    activity.conversation.id = `${activity.conversation.id};messageid=${activity.id}`;
  }
}

/** A field of the clientInfo entity Teams adds to each activity. */
function clientInfo(activity: TeamsActivity, field: 'locale' | 'timezone'): string | undefined {
  const value = activity.entities?.find((entity) => entity.type === 'clientInfo')?.[field];
  return typeof value === 'string' ? value : undefined;
}

/** The user's locale: the activity's, else the client's. */
export const userLocale = (activity: TeamsActivity) => activity.locale || clientInfo(activity, 'locale');

/** Answers `activity` as if the user's client said `locale`, wherever it says it. */
export function setUserLocale(activity: TeamsActivity, locale: string): void {
  activity.locale = locale;
  for (const entity of activity.entities ?? []) if (entity.type === 'clientInfo') entity.locale = locale;
}

/** The user's IANA time zone. */
export const userTimeZone = (activity: TeamsActivity) => clientInfo(activity, 'timezone');

/** The user's language and time zone, for a reply that is not a request's (welcome, refusals, failures). */
export const userLocalizer = (activity: TeamsActivity): Localizer =>
  localizer(userLocale(activity), userTimeZone(activity));

/** Who the user is, stably: their Entra object id when Teams gives it, else their channel account id. */
export function userKeyOf(activity: TeamsActivity): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? 'anonymous';
}

/**
 * The user's Entra tenant, lower-cased. Teams sets both channelData.tenant.id and conversation.tenantId; older
 * clients only the first. When both are given they must name the same tenant: an activity whose two disagree (or
 * whose tenant is not text) has no tenant, so the tenant restriction refuses it whichever of the two it would
 * have read.
 */
export function tenantOf(activity: TeamsActivity): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const given = [fromChannelData, activity.conversation?.tenantId as unknown].filter((id) => id != null);
  if (given.length === 0 || !given.every((id) => typeof id === 'string')) return undefined;
  const [first, ...others] = given.map((id) => (id as string).toLowerCase());
  return others.every((other) => other === first) ? first : undefined;
}

/** Teams' deep link to a one-to-one chat with the bot, whose id in Teams is "28:<app id>". */
export const personalChatLink = (botId: string) =>
  `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(botId)}`;
