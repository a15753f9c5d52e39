import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import type { AdaptiveCard } from '../cards/renderer';

/** A card as a Teams message. */
export const messageOf = (card: AdaptiveCard): Partial<Activity> => ({
  type: ActivityTypes.Message,
  attachments: [CardFactory.adaptiveCard(card)],
});
