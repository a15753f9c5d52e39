import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { MainDialog } from '../../src/bot/mainDialog';
import { TeamsBot } from '../../src/bot/teamsBot';
import type { UserTokenSource } from '../../src/bot/userToken';
import { CardRenderer } from '../../src/cards/renderer';
import type { PartnerCenterPort } from '../../src/commands/context';
import { createLogger } from '../../src/log';
import type { PartnerCenterCloud } from '../../src/partnerCenter/clouds';

export interface BotUnderTest {
  adapter: TestAdapter;
  logLines: string[];
}

/** The real TeamsBot and MainDialog on botbuilder's TestAdapter, logging into an array. */
export function botOnTestAdapter(
  partnerCenter: PartnerCenterPort,
  tokenSource: UserTokenSource,
  cloud: PartnerCenterCloud = 'public',
): BotUnderTest {
  const logLines: string[] = [];
  const logger = createLogger('debug', (line) => logLines.push(line));
  const renderer = new CardRenderer();
  const dialog = new MainDialog({ partnerCenter, renderer, tokenSource, emulated: true, logger, cloud });
  const bot = new TeamsBot(new ConversationState(new MemoryStorage()), dialog, renderer);
  const adapter = new TestAdapter((context) => bot.run(context));
  return { adapter, logLines };
}

/** The Adaptive Card of a reply, as JSON text, for assertions on what the user sees. */
export function cardText(activity: Partial<Activity>): string {
  const attachment = activity.attachments?.[0];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected an Adaptive Card, got ${JSON.stringify(activity)}`);
  }
  return JSON.stringify(attachment.content);
}
