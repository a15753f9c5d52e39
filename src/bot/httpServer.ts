import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  PrivateConversationState,
  MemoryStorage,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import restify from 'restify';
import type { CardRenderer } from '../cards/renderer';
import { errorReply } from '../commands/errorReply';
import { localizer } from '../i18n/localizer';
import type { ClaimStore } from '../storage/claimStore';
import { botFrameworkAuthentication } from './authentication';
import { userLocale } from './conversation';
import { localeOverride } from './localeOverride';
import { describe, MainDialog, type MainDialogDependencies } from './mainDialog';
import { TeamsBot } from './teamsBot';
import { TokenExchangeDeduplication } from './tokenExchangeDeduplication';

export interface BotServerOptions extends MainDialogDependencies {
  host: string;
  port: number;
  /** Bot Framework credentials and endpoints; an empty app id turns inbound authentication off (local mode). */
  authentication: ConfigurationBotFrameworkAuthenticationOptions;
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Where duplicate Teams token exchanges are told apart; shared when several instances run. */
  tokenExchangeClaims: ClaimStore;
  /** Local mode only: answer in this locale whatever the client says. */
  localUserLocale?: string;
}

export interface RunningBotServer {
  /** http://host:port, with /api/messages the messaging endpoint. */
  url: string;
  close(): Promise<void>;
}

/** restify + CloudAdapter at POST /api/messages, serving the Teams bot. */
export async function startBotServer(options: BotServerOptions): Promise<RunningBotServer> {
  const { logger, renderer, signIn } = options;
  const adapter = new CloudAdapter(
    botFrameworkAuthentication(options.authentication, options.credentialsFactory),
  );
  if (options.localUserLocale) adapter.use(localeOverride(options.localUserLocale));
  if (signIn.kind === 'teams') {
    adapter.use(
      new TokenExchangeDeduplication(
        options.tokenExchangeClaims,
        signIn.tokens,
        signIn.connectionName,
        logger,
      ),
    );
  }
  adapter.onTurnError = async (context, error) => {
    const correlationId = randomUUID();
    logger.error('turn failed', {
      correlationId,
      activityType: context.activity.type,
      error: describe(error),
    });
    if (context.activity.type !== ActivityTypes.Message) return;
    await sendErrorCard(context, renderer, correlationId).catch((sendError: unknown) =>
      logger.error('could not send the error card', { correlationId, error: describe(sendError) }),
    );
  };

  // Dialog state per user and conversation: in a group chat each user's questions and sign-in stay their own.
  const dialogState = new PrivateConversationState(new MemoryStorage());
  const bot = new TeamsBot(dialogState, new MainDialog(options), renderer, options);

  const server = restify.createServer({ name: 'partner-center-assistant' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      }),
  };
}

async function sendErrorCard(
  context: TurnContext,
  renderer: CardRenderer,
  correlationId: string,
): Promise<void> {
  const card = renderer.render(
    errorReply(undefined, localizer(userLocale(context.activity)), { correlationId }),
  );
  await context.sendActivity({ type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] });
}
