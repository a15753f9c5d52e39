import { ActivityTypes, type TurnContext } from 'botbuilder';
import { conversationKind } from './conversation';

export interface TypingTiming {
  /** No indicator for work done sooner: an instant answer needs none, and each one is a call to Teams. */
  firstAfterMs: number;
  /** Teams hides the indicator after a few seconds; renewed this often while the work goes on. */
  everyMs: number;
}

export const DEFAULT_TYPING: TypingTiming = { firstAfterMs: 400, everyMs: 3000 };

/**
 * Shows "typing…" while slow work (a Partner Center call) goes on, without delaying it: the work starts at once
 * and the indicator is sent only if it is still running after `firstAfterMs`. Teams shows it in personal and group
 * chats; channels get none. An indicator already on its way is waited for, so it never lands after the answer.
 */
export async function whileTyping<T>(
  context: TurnContext,
  work: () => Promise<T>,
  timing: TypingTiming = DEFAULT_TYPING,
): Promise<T> {
  if (conversationKind(context.activity) === 'channel') return work();
  let sending: Promise<unknown> = Promise.resolve();
  const typing = () => {
    sending = context.sendActivity({ type: ActivityTypes.Typing }).catch(() => undefined);
  };
  let renewal: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    typing();
    renewal = setInterval(typing, timing.everyMs);
  }, timing.firstAfterMs);
  try {
    return await work();
  } finally {
    clearTimeout(first);
    clearInterval(renewal);
    await sending;
  }
}
