import { randomBytes } from 'node:crypto';
import { botEndpoint, turnAdapter } from './bot/adapter';
import { proactiveChannel } from './bot/proactive';
import { stateStorage, type StateStorage } from './bot/stateStorage';
import { CardRenderer } from './cards/renderer';
import type { Config } from './config';
import { emulatorOptions } from './emulator/fromConfig';
import { startEmulator, type RunningEmulator } from './emulator/server';
import type { ReportService } from './jobs/reports';
import type { Logger } from './log';
import { startHttpServer, type RunningHttpServer } from './server/httpServer';
import { csvPathFor, reportDownloads } from './server/reportDownloads';
import { assembleBot, botParts, signInFor } from './wiring/bot';
import { graphClient, partnerCenterClient } from './wiring/clients';
import { jobStore, reportService } from './wiring/reports';
import { watchService } from './wiring/watches';

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
    const store = jobStore(config);
    const channel = proactiveChannel(adapter, { botAppId: config.bot.id ?? '', renderer, signIn });
    const emulated = emulator !== undefined;
    const reports = reportService(config, {
      store,
      partnerCenter,
      emulated,
      csvUrl: reportCsvUrl,
      channel,
      logger,
    });
    const watches = watchService(config, { store, reports, channel, emulated, csvUrl: reportCsvUrl, logger });
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
      watches,
      reportCsvUrl,
      emulated,
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
    const scanEveryMs = Math.max(1000, config.report.leaseMs / 3);
    reports.startScanning(scanEveryMs);
    watches.startScanning(scanEveryMs);
    return {
      bot,
      emulator,
      partnerCenterUrl,
      reports,
      close: async (graceMs = 0) => {
        // Reports hand their jobs over first: another instance takes them at once.
        await watches.close();
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
