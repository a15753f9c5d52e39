import type { Middleware, Storage } from 'botbuilder';
import type { CardRenderer } from '../cards/renderer';
import type { CommandServices } from '../commands/context';
import type { Logger } from '../log';
import type { ClaimStore } from '../storage/claimStore';
import type { AssembledBot } from './adapter';
import { localeOverride } from './localeOverride';
import { MainDialog } from './mainDialog';
import { OptimisticConversationState } from './optimisticState';
import type { SignIn } from './signIn';
import { TeamsBot } from './teamsBot';
import { tenantRestriction } from './tenantRestriction';
import { TokenExchangeDeduplication } from './tokenExchangeDeduplication';

/** Everything the bot is made of; production (src/app.ts) and the tests build it here alike. */
export interface BotParts {
  services: CommandServices;
  signIn: SignIn;
  renderer: CardRenderer;
  /** Dialog state, per user and conversation: memory, or a store every instance shares. */
  storage: Storage;
  /** Where duplicate Teams token exchanges are told apart; shared when several instances run. */
  tokenExchangeClaims: ClaimStore;
  /** Mask contact emails and phone numbers in group chats and channels. */
  maskContactDetails: boolean;
  logger: Logger;
  /** Entra tenants whose users may use the bot; absent: any. */
  allowedTenantIds?: readonly string[];
  /** Local mode only: answer in this locale whatever the client says. */
  localUserLocale?: string;
}

export function assembleBot(parts: BotParts): AssembledBot {
  const { services, signIn, renderer, logger } = parts;
  const middleware: Middleware[] = [];
  if (parts.localUserLocale) middleware.push(localeOverride(parts.localUserLocale));
  if (parts.allowedTenantIds) middleware.push(tenantRestriction(parts.allowedTenantIds, renderer, logger));
  if (signIn.kind === 'teams') {
    middleware.push(
      new TokenExchangeDeduplication(parts.tokenExchangeClaims, signIn.tokens, signIn.connectionName, logger),
    );
  }
  const bot = new TeamsBot({
    dialogStateStore: new OptimisticConversationState(parts.storage),
    dialog: new MainDialog({
      services,
      signIn,
      renderer,
      maskContactDetails: parts.maskContactDetails,
      logger,
    }),
    messageExtension: { services, signIn, renderer, logger },
    renderer,
    logger,
  });
  return { middleware, run: (context) => bot.run(context) };
}
