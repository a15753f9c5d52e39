import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { CardRenderer, Reply } from '../cards/renderer';
import { errorReply } from '../commands/errorReply';
import type { Localizer } from '../i18n/localizer';
import { describe, type Logger } from '../log';

/** A reply as a Teams message with its Adaptive Card. A card that cannot be rendered becomes the error card. */
export function messageOf(
  reply: Reply,
  renderer: CardRenderer,
  fallback?: { l10n: Localizer; correlationId: string; logger: Logger },
): Partial<Activity> {
  let card;
  try {
    card = renderer.render(reply);
  } catch (error) {
    if (!fallback) throw error;
    fallback.logger.error('card rendering failed', { card: reply.card, error: describe(error) });
    card = renderer.render(errorReply(error, fallback.l10n, { correlationId: fallback.correlationId }));
  }
  return { type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] };
}
