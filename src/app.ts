import { BlobServiceClient } from '@azure/storage-blob';
import { botEndpoint, type AssembledBot } from './bot/adapter';
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
import { reportDownloads } from './jobs/reportDownloads';
import { ReportService } from './jobs/reports';
import type { ReportChannel } from './jobs/reportPorts';
import { MemoryJobStore } from './storage/jobStore';
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
    const parts = botParts(config, {
      partnerCenterUrl,
      emulated: emulator !== undefined,
      state,
      logger,
      uploadFetch: overrides.uploadFetch ?? fetch,
    });
    const endpoint = botEndpoint(assembleBot(parts), {
      config,
      renderer: parts.renderer,
      logger,
      outboundTimeoutMs: overrides.outboundTimeoutMs,
    });
    const reports = reportService(config, parts, {
      channel: proactiveChannel(endpoint.adapter, {
        botAppId: config.bot.id ?? '',
        renderer: parts.renderer,
        signIn: parts.signIn,
      }),
      logger,
    });
    // Signed with a secret of this start's own: LOCAL_TOKEN_SECRET is public by default (the emulator's), and a
    // link must not outlive the process that made it.
    const downloads =
      config.mode === 'local' && !overrides.noCsvLinks
        ? reportDownloads(reports, randomBytes(32))
        : undefined;
    parts.services.reports = reports;
    const bot = await startHttpServer({
      host: config.host,
      port: config.port,
      endpoint,
      downloads: downloads?.serve,
      inboundAuthentication: Boolean(config.bot.id),
      maxBodyBytes: config.maxRequestBodyBytes,
      bodyTimeoutMs: config.requestBodyTimeoutMs,
      answerDeadlineMs: config.answerDeadlineMs,
      storage: state,
      logger,
    });
    if (downloads)
      parts.services.reportCsvUrl = (userKey, jobId) => `${bot.url}${downloads.pathFor(userKey, jobId)}`;
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
  started: {
    partnerCenterUrl: string;
    emulated: boolean;
    state: StateStorage;
    logger: Logger;
    uploadFetch: typeof fetch;
  },
): BotParts {
  const { logger } = started;
  const partnerCenter = new PartnerCenterClient({
    baseUrl: started.partnerCenterUrl,
    applicationName: APPLICATION_NAME,
    cloud: config.partnerCenter.cloud,
    callTimeoutMs: config.partnerCenter.callTimeoutMs,
    requestBudgetMs: config.partnerCenter.requestBudgetMs,
    maxAttempts: config.partnerCenter.maxAttempts,
    retryBaseMs: config.partnerCenter.retryBaseMs,
    inviteLinkTtlMs: config.partnerCenter.inviteLinkTtlMs,
    logger,
  });
  const graph = new GraphClient({
    baseUrl: config.graph.baseUrl ?? started.partnerCenterUrl,
    callTimeoutMs: config.partnerCenter.callTimeoutMs,
    requestBudgetMs: config.partnerCenter.requestBudgetMs,
    maxAttempts: config.partnerCenter.maxAttempts,
    retryBaseMs: config.partnerCenter.retryBaseMs,
    logger,
  });
  const signIn = signInFor(config);
  return {
    services: {
      partnerCenter,
      graph,
      graphSignIn: canGetGraphTokens(signIn),
      gdap: config.gdap,
      confirmations: confirmationStore(config),
      cloud: config.partnerCenter.cloud,
      emulated: started.emulated,
      signIn: config.mode,
      mcaCurrentSince: config.partnerCenter.mcaCurrentSince,
      today: () => new Date(),
      uploadFetch: started.uploadFetch,
    },
    signIn,
    renderer: new CardRenderer(),
    storage: started.state.storage,
    tokenExchangeClaims: claimStore(config),
    maskContactDetails: config.maskContactDetails,
    logger,
    allowedTenantIds: config.allowedTenantIds,
    localUserLocale: config.localUserLocale,
  };
}

/** The MCA reports, their state in the shared store when there is one, worked on by any instance. */
function reportService(
  config: Config,
  parts: BotParts,
  options: { channel: ReportChannel; logger: Logger },
): ReportService {
  const partnerCenter = parts.services.partnerCenter as PartnerCenterClient;
  return new ReportService({
    store: config.storage ? new BlobJobStore(blobContainer(config.storage)) : new MemoryJobStore(),
    partnerCenter,
    channel: options.channel,
    cards: reportCards({
      emulated: parts.services.emulated,
      csvUrl: (userKey, jobId) => parts.services.reportCsvUrl?.(userKey, jobId),
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
    today: parts.services.today,
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
