import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ActivityTypes,
  CardFactory,
  Channels,
  CloudAdapter,
  DeliveryModes,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type ServiceClientCredentialsFactory } from 'botframework-connector';
import restify from 'restify';
import type { CardRenderer } from '../cards/renderer';
import { errorReply } from '../commands/errorReply';
import { within } from '../deadline';
import { localizer } from '../i18n/localizer';
import type { ClaimStore } from '../storage/claimStore';
import { botFrameworkAuthentication } from './authentication';
import { readActivity, type IntakeRules } from './intake';
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
  /**
   * The messaging endpoint answers within this even when the turn takes longer (Bot Framework gives up on a
   * request after 15 s, and Teams may send the message again): a message's replies go through the connector
   * anyway, so the turn goes on and answers when it is done.
   */
  answerDeadlineMs: number;
  /** Each HTTP attempt to the connector and the token service; botbuilder's default is none. */
  outboundTimeoutMs?: number;
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
  const adapter = new TurnAdapter(
    botFrameworkAuthentication(options.authentication, options.credentialsFactory, options.outboundTimeoutMs),
  );
  const inboundAuthentication = Boolean(options.authentication.MicrosoftAppId);
  const intakeRules: IntakeRules = {
    maxBodyBytes: options.maxBodyBytes,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    requireBearer: inboundAuthentication,
    channelId: inboundAuthentication ? Channels.Msteams : undefined,
    // Without authentication only this machine may talk to the bot: a web page that makes its browser post
    // here under another host name (DNS rebinding) is refused. Nothing passes until the port is known.
    allowedHosts: inboundAuthentication ? undefined : new Set<string>(),
  };
  // First of all middleware: from here on the request is authenticated and may be answered before its turn ends.
  const turnsStarted = new WeakSet<Partial<Activity>>();
  adapter.use(async (context, next) => {
    turnsStarted.add(context.activity);
    await next();
  });
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

  const turnsUnderWay = new Set<Promise<unknown>>();
  let stopping = false;
  let readiness: { at: number; problem?: string } | undefined;
  const notReady = async (): Promise<string | undefined> => {
    if (stopping) return 'shutting down';
    if (!readiness || Date.now() - readiness.at > READINESS_CACHE_MS) {
      const problem = await within(options.state.probe(), READINESS_TIMEOUT_MS, () => {
        throw new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`);
      }).then(
        () => undefined,
        (error: unknown) => `${options.state.kind} storage does not answer: ${describe(error)}`,
      );
      readiness = { at: Date.now(), problem };
    }
    return readiness.problem;
  };

  const server = restify.createServer({ name: 'partner-center-assistant' });
  // No body parser: the intake reads the body itself (restify's would inflate gzip without a limit, write
  // multipart uploads to disk, and crash the process on a corrupt gzip stream).
  server.post('/api/messages', async (req, res) => {
    if (stopping) {
      // Behind a load balancer, another instance takes it; Bot Framework retries 503s.
      res.header('Retry-After', '1');
      res.header('Connection', 'close');
      res.send(503, { error: 'shutting down' });
      return;
    }
    const intake = await readActivity(req, intakeRules);
    if (!intake.ok) {
      logger.debug('request refused', { status: intake.status, reason: intake.reason });
      // The body was not read: close the connection rather than read what may be megabytes to throw away.
      if (intake.unreadBody) res.header('Connection', 'close');
      res.send(intake.status, { error: intake.reason });
      return;
    }
    const activity = activityFromBody(intake.activity);
    const turn = adapter
      .processRequest(intake.authorization, activity, (context) => bot.run(context))
      .then(
        (invokeResponse): InvokeResponse => invokeResponse ?? { status: 200 },
        (error: unknown): InvokeResponse => {
          // botbuilder says 401 for a bad token, and 500 when it could not check one (its key metadata).
          if (error instanceof AuthenticationError && error.statusCode === 401) {
            logger.debug('request refused', { status: 401, reason: 'not authenticated' });
            return { status: 401, body: { error: 'not authenticated' } };
          }
          const correlationId = randomUUID();
          logger.error('request failed', { correlationId, error: describe(error) });
          return { status: 500, body: { error: 'internal error', correlationId } };
        },
      );
    turnsUnderWay.add(turn);
    void turn.finally(() => turnsUnderWay.delete(turn));

    const answered = await within<InvokeResponse | undefined>(
      turn,
      options.answerDeadlineMs,
      () => undefined,
    );
    if (answered) {
      res.send(answered.status, answered.body);
    } else if (turnsStarted.has(activity) && answersLater(activity)) {
      logger.info('turn still under way: request answered, the reply follows', {
        activityType: activity.type,
      });
      res.send(200);
    } else {
      const late = await turn;
      res.send(late.status, late.body);
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
  if (intakeRules.allowedHosts) intakeRules.allowedHosts = localHostNames(options.host, port);
  return {
    url: `http://${options.host}:${port}`,
    close: async (graceMs = 0) => {
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (turnsUnderWay.size > 0 && Date.now() < deadline) await sleep(50);
      const abandoned = turnsUnderWay.size;
      server.server.closeAllConnections();
      await closed;
      return abandoned;
    },
  };
}

/** How long a request body may take to arrive: an activity is a few kilobytes. */
const BODY_TIMEOUT_MS = 10_000;

/**
 * CloudAdapter.process answers errors with their text and prints their stack; processActivity, protected, runs
 * the turn alone and lets the server answer.
 */
class TurnAdapter extends CloudAdapter {
  processRequest(
    authorization: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

/**
 * Dates travel as strings; botbuilder's activities hold them as Dates and keep the text. What CloudAdapter.process
 * does with botbuilder's validateAndFixActivity, which the package does not export.
 */
function activityFromBody(body: Record<string, unknown>): Activity {
  const activity = { ...body };
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

/**
 * Whether the request may be answered before the turn ends: a message's replies are posted to the connector,
 * not returned in the response. An invoke's answer is the response itself, and so are expectReplies replies.
 */
function answersLater(activity: Activity): boolean {
  return activity.type !== ActivityTypes.Invoke && activity.deliveryMode !== DeliveryModes.ExpectReplies;
}

function localHostNames(host: string, port: number): ReadonlySet<string> {
  return new Set([host, '127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${port}`.toLowerCase()));
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
