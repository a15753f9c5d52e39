import { ActivityTypes, type TurnContext } from 'botbuilder';
import { conversationKind } from './conversation';

/**
 * Shows "typing…" while Partner Center works, renewed every few seconds for slow calls. Teams shows it in
 * personal and group chats; channels get none.
 */
export async function whileTyping<T>(
  context: TurnContext,
  work: () => Promise<T>,
  everyMs = 3000,
): Promise<T> {
  if (conversationKind(context.activity) === 'channel') return work();
  const typing = () => context.sendActivity({ type: ActivityTypes.Typing }).catch(() => undefined);
  await typing();
  const timer = setInterval(() => void typing(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
