import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
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
import { OptimisticConversationState } from './optimisticState';
import type { StateStorage } from './stateStorage';
import { TeamsBot } from './teamsBot';
import { tenantRestriction } from './tenantRestriction';
import { TokenExchangeDeduplication } from './tokenExchangeDeduplication';

export interface BotServerOptions extends MainDialogDependencies {
  host: string;
  port: number;
  /** Bot Framework credentials and endpoints; an empty app id turns inbound authentication off (local mode). */
  authentication: ConfigurationBotFrameworkAuthenticationOptions;
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Where duplicate Teams token exchanges are told apart; shared when several instances run. */
  tokenExchangeClaims: ClaimStore;
  /** Conversation state: memory, or a store every instance shares. */
  state: StateStorage;
  /** Local mode only: answer in this locale whatever the client says. */
  localUserLocale?: string;
  /** Entra tenants whose users may use the bot; absent: any. */
  allowedTenantIds?: readonly string[];
  /** Larger request bodies are refused with 413. */
  maxBodyBytes: number;
}

export interface RunningBotServer {
  /** http://host:port, with /api/messages the messaging endpoint. */
  url: string;
  /**
   * Stops taking requests (new ones get 503, readiness turns 503), lets the turns under way finish for up to
   * `graceMs`, then closes. Resolves with how many turns were still running when it gave up waiting.
   */
  close(graceMs?: number): Promise<number>;
}

/** Readiness is asked often by load balancers; the store is asked at most this often, and waited for this long. */
const READINESS_CACHE_MS = 5000;
const READINESS_TIMEOUT_MS = 3000;

/** restify + CloudAdapter at POST /api/messages, serving the Teams bot; GET /healthz and /readyz for operators. */
export async function startBotServer(options: BotServerOptions): Promise<RunningBotServer> {
  const { logger, renderer, signIn } = options;
  const adapter = new CloudAdapter(
    botFrameworkAuthentication(options.authentication, options.credentialsFactory),
  );
  if (options.localUserLocale) adapter.use(localeOverride(options.localUserLocale));
  if (options.allowedTenantIds) adapter.use(tenantRestriction(options.allowedTenantIds, renderer, logger));
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
  const bot = new TeamsBot({
    ...options,
    dialogStateStore: new OptimisticConversationState(options.state.storage),
    dialog: new MainDialog(options),
  });

  let inFlight = 0;
  let stopping = false;
  let readiness: { at: number; problem?: string } | undefined;
  const notReady = async (): Promise<string | undefined> => {
    if (stopping) return 'shutting down';
    if (!readiness || Date.now() - readiness.at > READINESS_CACHE_MS) {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)),
          READINESS_TIMEOUT_MS,
        ).unref(),
      );
      const problem = await Promise.race([options.state.probe(), timeout]).then(
        () => undefined,
        (error: unknown) => `${options.state.kind} storage does not answer: ${describe(error)}`,
      );
      readiness = { at: Date.now(), problem };
    }
    return readiness.problem;
  };

  const server = restify.createServer({ name: 'partner-center-assistant' });
  // A body over the limit is refused (413) while it is read, before anything is parsed.
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: options.maxBodyBytes }));
  server.post('/api/messages', async (req, res) => {
    const problem = notAnActivity(req.header('content-type'), req.body);
    if (problem) {
      res.send(400, { error: problem });
      return;
    }
    if (stopping) {
      // Behind a load balancer, another instance takes it; Bot Framework retries 503s.
      res.header('Retry-After', '1');
      res.send(503, { error: 'shutting down' });
      return;
    }
    inFlight += 1;
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } finally {
      inFlight -= 1;
    }
  });
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'alive' });
  });
  server.get('/readyz', async (_req, res) => {
    const problem = await notReady();
    if (problem) res.send(503, { status: 'not ready', reason: problem });
    else res.send(200, { status: 'ready', storage: options.state.kind });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: async (graceMs = 0) => {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const abandoned = inFlight;
      server.server.closeAllConnections();
      await closed;
      return abandoned;
    },
  };
}

/**
 * Why a request to the messaging endpoint is not something botbuilder should see: it would answer those with
 * its internal error text (or a 500). Only the shape is checked here; botbuilder validates the rest.
 */
function notAnActivity(contentType: string | undefined, body: unknown): string | undefined {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? ''))
    return 'expected Content-Type: application/json';
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected a JSON object';
  const { type } = body as { type?: unknown };
  if (typeof type !== 'string' || type.length === 0) return 'expected an activity, with a type';
  return undefined;
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
