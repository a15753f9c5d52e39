import { ActivityTypes, type TurnContext } from 'botbuilder';
import { withHeartbeat, type HeartbeatTiming } from '../heartbeat';
import { conversationKind } from '../teams/activity';

/** An instant answer needs no indicator (and each is a call to Teams); Teams hides it after a few seconds. */
export const DEFAULT_TYPING: HeartbeatTiming = { firstAfterMs: 400, everyMs: 3000 };

/** "typing…" while slow work (a Partner Center call) goes on. Teams shows it in personal and group chats only. */
export function whileTyping<T>(
  context: TurnContext,
  work: () => Promise<T>,
  timing: HeartbeatTiming = DEFAULT_TYPING,
): Promise<T> {
  if (conversationKind(context.activity) === 'channel') return work();
  return withHeartbeat(work, () => context.sendActivity({ type: ActivityTypes.Typing }), timing);
}
