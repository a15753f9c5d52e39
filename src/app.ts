import { BlobServiceClient } from '@azure/storage-blob';
import { botEndpoint, turnAdapter, type AssembledBot } from './bot/adapter';
import { localeOverride, tenantRestriction, tokenExchangeDeduplication } from './bot/middleware';
import type { BotDependencies } from './bot/request';
import { TeamsBot } from './bot/teamsBot';
import type { SignIn } from './bot/signIn';
import { stateStorage, type StateStorage } from './bot/stateStorage';
import { tokenService } from './bot/signIn';
import { CardRenderer } from './cards/renderer';
import type { Config } from './config';
import { localTokenSource } from './localTokens/source';
import { GraphClient } from './graph/client';
import { canGetGraphTokens } from './bot/signIn';
import type { Logger } from './log';
import { PartnerCenterClient } from './partnerCenter/client';
import { emulatorOptions } from './emulator/fromConfig';
import { startEmulator, type RunningEmulator } from './emulator/server';
import { startHttpServer, type RunningHttpServer } from './server/httpServer';
import { BlobClaimStore } from './storage/blobClaimStore';
import { BLOB_RETRY_OPTIONS } from './storage/blobRetry';
import { MemoryClaimStore, type ClaimStore } from './storage/claimStore';
import { randomBytes, randomUUID } from 'node:crypto';
import { proactiveChannel } from './bot/proactive';
import { reportCards } from './commands/mcaReport';
import { csvPathFor, reportDownloads } from './server/reportDownloads';
import { ReportService } from './jobs/reports';
import type { ReportChannel } from './jobs/reportPorts';
import { MemoryJobStore } from './storage/memoryJobStore';
import { systemClock } from './retry';
import { BlobJobStore } from './storage/blobJobStore';
import packageJson from '../package.json';

const APPLICATION_NAME = `PartnerCenterAssistant/${packageJson.version}`;

export interface RunningApp {
  bot: RunningHttpServer;
  /** Started in local mode when PARTNER_CENTER_BASE_URL is not set. */
  emulator?: RunningEmulator;
  partnerCenterUrl: string;
  /** The MCA reports this instance works on. */
  reports: ReportService;
  /** Stops the bot (letting turns under way finish for up to `graceMs`), then the emulator. */
  close(graceMs?: number): Promise<void>;
}

/** Tests only: parts of their own (a store that fails, a short outbound timeout). */
export interface AppOverrides {
  state?: StateStorage;
  outboundTimeoutMs?: number;
  /** Local mode without its CSV links: the CSV goes through Teams' file consent card, as in Teams mode. */
  noCsvLinks?: boolean;
  /** Where the CSV upload goes instead of the network (a OneDrive double); which URLs it accepts is unchanged. */
  uploadFetch?: typeof fetch;
}

/** Everything the bot is made of; production and the tests build it with `assembleBot` alike. */
export interface BotParts extends BotDependencies {
  /** Dialog state, per user and conversation: memory, or a store every instance shares. */
  storage: StateStorage['storage'];
  /** Where duplicate Teams token exchanges are told apart; shared when several instances run. */
  tokenExchangeClaims: ClaimStore;
  /** Entra tenants whose users may use the bot; absent: any. */
  allowedTenantIds?: readonly string[];
  /** Local mode only: answer in this locale whatever the client says. */
  localUserLocale?: string;
}

/** The bot and its middleware, in order: what CloudAdapter (production) and TestAdapter (tests) run alike. */
export function assembleBot(parts: BotParts): AssembledBot {
  const { signIn, renderer, logger } = parts;
  const middleware: AssembledBot['middleware'] = [];
  if (parts.localUserLocale) middleware.push(localeOverride(parts.localUserLocale));
  if (parts.allowedTenantIds) middleware.push(tenantRestriction(parts.allowedTenantIds, renderer, logger));
  if (signIn.kind === 'teams') {
    middleware.push(tokenExchangeDeduplication(parts.tokenExchangeClaims, signIn, logger));
  }
  const bot = new TeamsBot(parts);
  return { middleware, run: (context) => bot.run(context) };
}

/** The one wiring: from the configuration, the emulator (local mode), then the bot and its HTTP server. */
export async function startApp(
  config: Config,
  logger: Logger,
  overrides: AppOverrides = {},
): Promise<RunningApp> {
  const state = overrides.state ?? stateStorage(config);
  let emulator: RunningEmulator | undefined;
  if (!config.partnerCenter.baseUrl) {
    emulator = await startEmulator(emulatorOptions(config), config.emulator.host, config.emulator.port);
  }
  const partnerCenterUrl = config.partnerCenter.baseUrl ?? (emulator as RunningEmulator).url;
  if (config.mode === 'teams' && !config.allowedTenantIds) {
    logger.warn(
      'the bot serves users of every Entra tenant that installs it: set ALLOWED_TENANT_IDS (or BOT_TENANT_ID) to your own',
    );
  }
  try {
    // Built once, each part before what uses it: the clients, the adapter and the proactive channel, the job
    // service, then the bot; the CSV links name the bot's own address, which exists once it listens, before any
    // turn can ask for one.
    const renderer = new CardRenderer();
    const signIn = signInFor(config);
    const partnerCenter = partnerCenterClient(config, partnerCenterUrl, logger);
    const adapter = turnAdapter(config, overrides.outboundTimeoutMs);
    const listening = { url: '' };
    const downloadsKey = config.mode === 'local' && !overrides.noCsvLinks ? randomBytes(32) : undefined;
    const pathFor = downloadsKey ? csvPathFor(downloadsKey) : undefined;
    const reportCsvUrl = pathFor
      ? (userKey: string, jobId: string) => `${listening.url}${pathFor(userKey, jobId)}`
      : undefined;
    const reports = reportService(config, {
      partnerCenter,
      emulated: emulator !== undefined,
      csvUrl: reportCsvUrl,
      channel: proactiveChannel(adapter, { botAppId: config.bot.id ?? '', renderer, signIn }),
      logger,
    });
    // Signed with a secret of this start's own: LOCAL_TOKEN_SECRET is public by default (the emulator's), and a
    // link must not outlive the process that made it.
    const downloads = downloadsKey
      ? reportDownloads((userKey, jobId) => reports.csvFile(userKey, jobId), downloadsKey)
      : undefined;
    const parts = botParts(config, {
      partnerCenter,
      graph: graphClient(config, partnerCenterUrl, logger),
      signIn,
      renderer,
      reports,
      reportCsvUrl,
      emulated: emulator !== undefined,
      state,
      logger,
      uploadFetch: overrides.uploadFetch ?? fetch,
    });
    const endpoint = botEndpoint(assembleBot(parts), { adapter, renderer, logger });
    const bot = await startHttpServer({
      host: config.host,
      port: config.port,
      endpoint,
      downloads,
      inboundAuthentication: Boolean(config.bot.id),
      maxBodyBytes: config.maxRequestBodyBytes,
      bodyTimeoutMs: config.requestBodyTimeoutMs,
      answerDeadlineMs: config.answerDeadlineMs,
      storage: state,
      logger,
    });
    listening.url = bot.url;
    reports.startScanning(Math.max(1000, config.report.leaseMs / 3));
    return {
      bot,
      emulator,
      partnerCenterUrl,
      reports,
      close: async (graceMs = 0) => {
        // Reports hand their jobs over first: another instance takes them at once.
        await reports.close();
        const abandoned = await bot.close(graceMs);
        if (abandoned > 0) logger.warn(`stopped with ${abandoned} turns still under way`);
        await emulator?.close();
      },
    };
  } catch (error) {
    await emulator?.close();
    throw error;
  }
}

function botParts(
  config: Config,
  built: {
    partnerCenter: PartnerCenterClient;
    graph: GraphClient;
    signIn: SignIn;
    renderer: CardRenderer;
    reports: ReportService;
    reportCsvUrl?: (userKey: string, jobId: string) => string;
    emulated: boolean;
    state: StateStorage;
    logger: Logger;
    uploadFetch: typeof fetch;
  },
): BotParts {
  const { logger, signIn } = built;
  return {
    services: {
      partnerCenter: built.partnerCenter,
      graph: built.graph,
      graphSignIn: canGetGraphTokens(signIn),
      gdap: config.gdap,
      confirmations: confirmationStore(config),
      cloud: config.partnerCenter.cloud,
      emulated: built.emulated,
      signIn: config.mode,
      mcaCurrentSince: config.partnerCenter.mcaCurrentSince,
      today: () => new Date(),
      uploadFetch: built.uploadFetch,
      reports: built.reports,
      reportCsvUrl: built.reportCsvUrl,
    },
    signIn,
    renderer: built.renderer,
    storage: built.state.storage,
    tokenExchangeClaims: claimStore(config),
    maskContactDetails: config.maskContactDetails,
    logger,
    allowedTenantIds: config.allowedTenantIds,
    localUserLocale: config.localUserLocale,
  };
}

function partnerCenterClient(config: Config, baseUrl: string, logger: Logger): PartnerCenterClient {
  return new PartnerCenterClient({
    baseUrl,
    applicationName: APPLICATION_NAME,
    cloud: config.partnerCenter.cloud,
    callTimeoutMs: config.partnerCenter.callTimeoutMs,
    requestBudgetMs: config.partnerCenter.requestBudgetMs,
    maxAttempts: config.partnerCenter.maxAttempts,
    retryBaseMs: config.partnerCenter.retryBaseMs,
    inviteLinkTtlMs: config.partnerCenter.inviteLinkTtlMs,
    logger,
  });
}

/** Locally the server that answers Partner Center answers Graph too. */
function graphClient(config: Config, partnerCenterUrl: string, logger: Logger): GraphClient {
  return new GraphClient({
    baseUrl: config.graph.baseUrl ?? partnerCenterUrl,
    callTimeoutMs: config.partnerCenter.callTimeoutMs,
    requestBudgetMs: config.partnerCenter.requestBudgetMs,
    maxAttempts: config.partnerCenter.maxAttempts,
    retryBaseMs: config.partnerCenter.retryBaseMs,
    logger,
  });
}

/** The MCA reports, their state in the shared store when there is one, worked on by any instance. */
function reportService(
  config: Config,
  options: {
    partnerCenter: PartnerCenterClient;
    emulated: boolean;
    csvUrl?: (userKey: string, jobId: string) => string;
    channel: ReportChannel;
    logger: Logger;
  },
): ReportService {
  return new ReportService({
    store: config.storage ? new BlobJobStore(blobContainer(config.storage)) : new MemoryJobStore(),
    partnerCenter: options.partnerCenter,
    channel: options.channel,
    cards: reportCards({
      emulated: options.emulated,
      csvUrl: (userKey, jobId) => options.csvUrl?.(userKey, jobId),
      currentSince: config.partnerCenter.mcaCurrentSince,
    }),
    settings: {
      maxRatePerSecond: config.report.maxRatePerSecond,
      maxConcurrency: config.report.maxConcurrency,
      leaseMs: config.report.leaseMs,
      checkpointMs: Math.min(3000, config.report.leaseMs / 4),
      progressEveryMs: 3000,
      pageSize: 500,
      mcaCurrentSince: config.partnerCenter.mcaCurrentSince,
    },
    retentionMs: config.report.retentionMs,
    clock: systemClock,
    logger: options.logger,
    instanceId: randomUUID(),
    today: () => new Date(),
  });
}

function blobContainer(storage: NonNullable<Config['storage']>) {
  return BlobServiceClient.fromConnectionString(storage.connectionString, {
    retryOptions: BLOB_RETRY_OPTIONS,
  }).getContainerClient(storage.container);
}

function signInFor(config: Config): SignIn {
  if (config.mode === 'local') {
    return {
      kind: 'local',
      tokenFor: localTokenSource(config.localToken),
      graphTokenFor: localTokenSource({ ...config.localToken, audience: 'graph' }),
    };
  }
  const connectionName = config.oauthConnectionName ?? '';
  const graphConnection = config.graph.oauthConnectionName;
  return {
    kind: 'teams',
    connectionName,
    tokens: tokenService(connectionName),
    graph: graphConnection
      ? { connectionName: graphConnection, tokens: tokenService(graphConnection) }
      : undefined,
  };
}

/** GDAP confirmations already acted on: a day in memory; in the shared store when there is one. */
function confirmationStore(config: Config): ClaimStore {
  if (!config.storage) return new MemoryClaimStore(24 * 3_600_000);
  return new BlobClaimStore(blobContainer(config.storage), 'gdap-confirmations/');
}

/** Shared by every instance when storage is configured; otherwise this process's memory. */
function claimStore(config: Config): ClaimStore {
  if (!config.storage) return new MemoryClaimStore();
  return new BlobClaimStore(blobContainer(config.storage));
}
