import type { Answer } from '../commands/reportCommands';

/** The card (or cards) an answer shows, by name, for the log line that says what was answered. */
export function cardsOf(answer: Answer): string | undefined {
  if (!answer) return undefined;
  if ('file' in answer) return 'fileConsent';
  return 'replies' in answer ? answer.replies.map((reply) => reply.card).join(',') : answer.card;
}
