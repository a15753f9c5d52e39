import path from 'node:path';
import { readBotFrameworkSettings } from './config/botFrameworkSettings';
import { readBotIdentity } from './config/botIdentity';
import { childProcessEnv } from './config/childProcessEnv';
import { appEnvOf, readSettings } from './config/envFiles';
import { SettingReader } from './config/reader';
import * as setting from './config/schemas';
import { ConfigError, type Config } from './config/types';
import { DEFAULT_ROLE_SET } from './gdap/roles';
import { CLOUD_BASE_URLS, GRAPH_BASE_URLS, PARTNER_CENTER_CLOUDS } from './partnerCenter/clouds';
import { EMULATOR_PARTNER_KINDS } from './config/emulatorPartnerKinds';
import { shortestGapMs } from './schedule';

export { envArgument, readSettings } from './config/envFiles';
export { ConfigError, type Config } from './config/types';

const DEFAULT_LOCAL_TOKEN_SECRET = 'local-emulator-secret';

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Folder holding .env.<APP_ENV> files; the project's env/ by default. */
  envDir?: string;
}

/**
 * Reads env/.env.<APP_ENV>, then its git-ignored .user twin, then the process environment (which wins).
 * Every bad value is reported, each naming its setting and what is expected, in one line.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const processEnv = options.env ?? process.env;
  const envDir = options.envDir ?? path.resolve(__dirname, '..', 'env');
  const appEnv = appEnvOf(processEnv, envDir);
  const settings = new SettingReader(readSettings(envDir, appEnv, processEnv));
  const read = settings.read.bind(settings);

  // 0: a port the system chooses (the log says which), for tests and parallel runs.
  const port = read('PORT', setting.wholeNumber(0, 65535).default(3978));
  const envFile = path.join(path.basename(envDir), `.env.${appEnv}`);
  const { mode, bot, oauthConnectionName } = readBotIdentity(settings, appEnv, envFile);
  const allowedTenantIds =
    read('ALLOWED_TENANT_IDS', setting.tenantIds.optional()) ??
    (mode === 'teams' && bot.tenantId ? [bot.tenantId] : undefined);
  const baseUrl = read('PARTNER_CENTER_BASE_URL', setting.baseUrl.optional());
  const botFramework = readBotFrameworkSettings(settings);
  const storage = readStorage(settings);
  const logLevel = read('LOG_LEVEL', setting.logLevel.default('info'));
  const logFormat = read('LOG_FORMAT', setting.oneOf(['json', 'pretty'] as const).optional());
  const startPlayground = read('START_PLAYGROUND', setting.flag.default(true));
  const playgroundPort = read('PLAYGROUND_PORT', setting.wholeNumber(1, 65535).default(56150));
  const emulatorPort = read('PARTNER_CENTER_EMULATOR_PORT', setting.wholeNumber(0, 65535).default(0));
  const emulatorCustomers = read(
    'PARTNER_CENTER_EMULATOR_CUSTOMERS',
    setting.wholeNumber(0, 100_000).default(0),
  );
  const emulatorRateLimit = read(
    'PARTNER_CENTER_EMULATOR_RATE_LIMIT',
    setting.wholeNumber(0, 100_000).default(0),
  );
  // Which partner the local emulator plays: direct-bill, an indirect reseller, an indirect provider or both.
  const emulatorPartnerKind = read(
    'PARTNER_CENTER_EMULATOR_PARTNER_KIND',
    setting.oneOf(EMULATOR_PARTNER_KINDS).default('direct'),
  );
  const cloud = read('PARTNER_CENTER_CLOUD', setting.oneOf(PARTNER_CENTER_CLOUDS).default('public'));
  const callTimeoutMs = read(
    'PARTNER_CENTER_CALL_TIMEOUT_MS',
    setting.wholeNumber(100, 120_000).default(10_000),
  );
  const requestBudgetMs = read(
    'PARTNER_CENTER_REQUEST_BUDGET_MS',
    setting.wholeNumber(100, 300_000).default(20_000),
  );
  const maxAttempts = read('PARTNER_CENTER_MAX_ATTEMPTS', setting.wholeNumber(1, 10).default(3));
  const retryBaseMs = read('PARTNER_CENTER_RETRY_BASE_MS', setting.wholeNumber(0, 60_000).default(500));
  const inviteLinkTtlSeconds = read(
    'INVITE_LINK_CACHE_TTL_SECONDS',
    setting.wholeNumber(0, 86_400).default(600),
  );
  const graphBaseUrl = read('MICROSOFT_GRAPH_BASE_URL', setting.baseUrl.optional());
  const gdapRoles = read('GDAP_ROLES', setting.gdapRoles) ?? DEFAULT_ROLE_SET;
  // Graph takes P1D to P2Y; two years is what partners ask for, so that customers approve rarely.
  const gdapDurationDays = read('GDAP_DURATION_DAYS', setting.wholeNumber(1, 730).default(730));
  const emulatorAdminAgent = read('PARTNER_CENTER_EMULATOR_ADMIN_AGENT', setting.flag.default(true));
  const localTokenMfa = read('LOCAL_TOKEN_MFA', setting.flag.default(true));
  // Acceptances before the updated MCA (1 April 2023) must be renewed: enforced since 7 October 2025.
  const mcaCurrentSince = read('MCA_CURRENT_SINCE', setting.isoDay.default('2023-04-01'));
  const maskContactDetails = read('MASK_CONTACT_DETAILS', setting.flag.default(true));
  const shutdownGraceMs = read('SHUTDOWN_GRACE_MS', setting.wholeNumber(0, 600_000).default(25_000));
  // An activity from Teams is a few kilobytes; the default leaves room for long pasted text and card data.
  const maxRequestBodyBytes = read(
    'MAX_REQUEST_BODY_BYTES',
    setting.wholeNumber(1024, 10 * 2 ** 20).default(256 * 1024),
  );
  // An activity arrives in milliseconds; a body still trickling in after this holds a socket for nothing (408).
  const requestBodyTimeoutMs = read(
    'REQUEST_BODY_TIMEOUT_MS',
    setting.wholeNumber(100, 60_000).default(10_000),
  );
  // Bot Framework waits 15 s for the messaging endpoint's answer; Teams may send the message again after that.
  const answerDeadlineMs = read('ANSWER_DEADLINE_MS', setting.wholeNumber(100, 14_000).default(10_000));
  const localUserLocale = read('LOCAL_USER_LOCALE', setting.languageTag.optional());
  const report = {
    maxRatePerSecond: read('REPORT_MAX_REQUESTS_PER_SECOND', setting.wholeNumber(1, 10_000).default(50)),
    maxConcurrency: read('REPORT_MAX_CONCURRENCY', setting.wholeNumber(1, 64).default(8)),
    leaseMs: read('REPORT_LEASE_SECONDS', setting.wholeNumber(15, 60).default(60)) * 1000,
    retentionMs: read('REPORT_RETENTION_HOURS', setting.wholeNumber(1, 168).default(6)) * 3_600_000,
  };
  // Both in each subscriber's own Teams time zone: Monday 09:00 is theirs, wherever the bot runs.
  const watch = {
    digestSchedule: read('MCA_WATCH_SCHEDULE', setting.cronPattern.default('0 9 * * 1')),
    checkSchedule: read('MCA_WATCH_CHECK_SCHEDULE', setting.cronPattern.default('0 9 * * 1-5')),
  };
  // Each run checks every customer on the partner's Partner Center budget: in Teams, an hour apart at least (a
  // local try may run them seconds apart, on the emulator).
  if (mode === 'teams') {
    for (const [name, pattern] of [
      ['MCA_WATCH_SCHEDULE', watch.digestSchedule],
      ['MCA_WATCH_CHECK_SCHEDULE', watch.checkSchedule],
    ] as const) {
      if (shortestGapMs(pattern) < 3_600_000)
        settings.problem(`${name}: runs every customer's check more often than once an hour ("${pattern}")`);
    }
  }

  if (settings.problems.length > 0) throw new ConfigError(settings.problems.join('; '));

  return {
    mode,
    host: mode === 'local' ? '127.0.0.1' : (settings.text('HOST') ?? '0.0.0.0'),
    port,
    bot,
    oauthConnectionName,
    botFramework,
    storage,
    partnerCenter: {
      cloud,
      baseUrl: baseUrl ?? (mode === 'teams' ? CLOUD_BASE_URLS[cloud] : undefined),
      callTimeoutMs,
      requestBudgetMs,
      maxAttempts,
      retryBaseMs,
      inviteLinkTtlMs: inviteLinkTtlSeconds * 1000,
      mcaCurrentSince,
    },
    graph: {
      // Locally, the server that answers Partner Center answers Graph too (the emulator, or a test's double).
      baseUrl: graphBaseUrl ?? (mode === 'teams' ? GRAPH_BASE_URLS[cloud] : baseUrl),
      oauthConnectionName: mode === 'teams' ? settings.text('GRAPH_OAUTH_CONNECTION_NAME') : undefined,
    },
    gdap: { roles: gdapRoles, durationDays: gdapDurationDays },
    localToken: {
      secret: settings.text('LOCAL_TOKEN_SECRET') ?? DEFAULT_LOCAL_TOKEN_SECRET,
      mfa: localTokenMfa,
    },
    emulator: {
      host: '127.0.0.1',
      port: emulatorPort,
      dataFile: settings.text('PARTNER_CENTER_EMULATOR_DATA'),
      generatedCustomers: emulatorCustomers,
      rateLimitPerSecond: emulatorRateLimit,
      adminAgent: emulatorAdminAgent,
      partnerKind: emulatorPartnerKind,
    },
    // From the environment this process was given, not from the settings files.
    playground: {
      start: mode === 'local' && startPlayground,
      port: playgroundPort,
      env: childProcessEnv(processEnv),
    },
    maskContactDetails,
    report,
    watch,
    shutdownGraceMs,
    allowedTenantIds,
    maxRequestBodyBytes,
    requestBodyTimeoutMs,
    answerDeadlineMs,
    localUserLocale: mode === 'local' ? localUserLocale : undefined,
    logLevel,
    logFormat: logFormat ?? (mode === 'teams' ? 'json' : 'pretty'),
  };
}

/** Both storage settings, or neither (memory). */
function readStorage(settings: SettingReader): Config['storage'] {
  const connectionString = settings.text('STORAGE_CONNECTION_STRING');
  const container = settings.text('STORAGE_CONTAINER');
  if (!connectionString && !container) return undefined;
  if (!connectionString) {
    settings.problem(
      'STORAGE_CONNECTION_STRING: expected the storage account connection string, since STORAGE_CONTAINER is set',
    );
    return undefined;
  }
  const name = settings.read('STORAGE_CONTAINER', setting.containerName.optional(), container ?? '');
  return name === undefined ? undefined : { connectionString, container: name };
}
