import type { AdaptiveCard } from '../cards/renderer';

/** A card as a Teams message, as the Bot Framework activity protocol carries it. */
export const messageOf = (card: AdaptiveCard) => ({
  type: 'message' as const,
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
});
