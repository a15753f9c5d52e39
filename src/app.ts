import { startBotServer, type RunningBotServer } from './bot/httpServer';
import { BlobServiceClient } from '@azure/storage-blob';
import { credentialsFactory } from './bot/credentials';
import { stateStorage } from './bot/stateStorage';
import type { SignIn } from './bot/mainDialog';
import { localTokenSource } from './localTokens/source';
import { tokenService } from './bot/tokenService';
import { CardRenderer } from './cards/renderer';
import type { Config } from './config';
import type { Logger } from './log';
import { PartnerCenterClient } from './partnerCenter/client';
import { loadEmulatorData } from './partnerCenter/emulator/data';
import { startEmulator, type RunningEmulator } from './partnerCenter/emulator/server';
import { BlobClaimStore } from './storage/blobClaimStore';
import { BLOB_RETRY_OPTIONS } from './storage/blobRetry';
import { MemoryClaimStore, type ClaimStore } from './storage/claimStore';
import packageJson from '../package.json';

export const APPLICATION_NAME = `PartnerCenterAssistant/${packageJson.version}`;

export interface RunningApp {
  bot: RunningBotServer;
  /** Started in local mode when PARTNER_CENTER_BASE_URL is not set. */
  emulator?: RunningEmulator;
  partnerCenterUrl: string;
  /** Stops the bot (letting turns under way finish for up to `graceMs`), then the emulator. */
  close(graceMs?: number): Promise<void>;
}

/** Builds everything from the configuration and starts it: the emulator (local mode), then the bot. */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  let emulator: RunningEmulator | undefined;
  if (!config.partnerCenter.baseUrl) {
    emulator = await startEmulator(
      { data: loadEmulatorData(config.emulator.dataFile), tokenSecret: config.localToken.secret },
      config.emulator.host,
      config.emulator.port,
    );
  }
  const partnerCenterUrl = config.partnerCenter.baseUrl ?? (emulator as RunningEmulator).url;
  if (config.mode === 'teams' && !config.allowedTenantIds) {
    logger.warn(
      'the bot serves users of every Entra tenant that installs it: set ALLOWED_TENANT_IDS (or BOT_TENANT_ID) to your own',
    );
  }

  try {
    const bot = await startBotServer({
      host: config.host,
      port: config.port,
      authentication: {
        ...config.botFramework,
        MicrosoftAppId: config.bot.id ?? '',
        MicrosoftAppPassword: config.bot.password ?? '',
        MicrosoftAppType: config.bot.type,
        MicrosoftAppTenantId: config.bot.tenantId ?? '',
      },
      credentialsFactory: credentialsFactory(config),
      tokenExchangeClaims: claimStore(config),
      state: stateStorage(config),
      allowedTenantIds: config.allowedTenantIds,
      maxBodyBytes: config.maxRequestBodyBytes,
      answerDeadlineMs: config.answerDeadlineMs,
      partnerCenter: new PartnerCenterClient({
        baseUrl: partnerCenterUrl,
        applicationName: APPLICATION_NAME,
        cloud: config.partnerCenter.cloud,
        callTimeoutMs: config.partnerCenter.callTimeoutMs,
        requestBudgetMs: config.partnerCenter.requestBudgetMs,
        maxAttempts: config.partnerCenter.maxAttempts,
        retryBaseMs: config.partnerCenter.retryBaseMs,
        inviteLinkTtlMs: config.partnerCenter.inviteLinkTtlMs,
        logger,
      }),
      cloud: config.partnerCenter.cloud,
      maskContactDetails: config.maskContactDetails,
      localUserLocale: config.localUserLocale,
      renderer: new CardRenderer(),
      signIn: signInFor(config),
      emulated: emulator !== undefined,
      logger,
    });
    return {
      bot,
      emulator,
      partnerCenterUrl,
      close: async (graceMs = 0) => {
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

function signInFor(config: Config): SignIn {
  if (config.mode === 'local') return { kind: 'local', tokenFor: localTokenSource(config.localToken) };
  const connectionName = config.oauthConnectionName ?? '';
  return { kind: 'teams', connectionName, tokens: tokenService(connectionName) };
}

/** Shared by every instance when storage is configured; otherwise this process's memory. */
function claimStore(config: Config): ClaimStore {
  if (!config.storage) return new MemoryClaimStore();
  const container = BlobServiceClient.fromConnectionString(config.storage.connectionString, {
    retryOptions: BLOB_RETRY_OPTIONS,
  }).getContainerClient(config.storage.container);
  return new BlobClaimStore(container);
}
