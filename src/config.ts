import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { isLogLevel, type LogLevel } from './log';
import { CLOUD_BASE_URLS, PARTNER_CENTER_CLOUDS, type PartnerCenterCloud } from './partnerCenter/clouds';

export type Mode = 'local' | 'teams';
export type BotType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface Config {
  appEnv: string;
  /** Local mode runs everything on this machine; Teams mode is the bot alone behind Azure Bot Service. */
  mode: Mode;
  host: string;
  port: number;
  bot: { id?: string; password?: string; type: BotType; tenantId?: string };
  oauthConnectionName?: string;
  /**
   * Bot Framework endpoints, by the names ConfigurationBotFrameworkAuthentication reads (ChannelService,
   * OAuthUrl, ToChannelFromBotLoginUrl, …): sovereign clouds, or a local double of the services in tests.
   */
  botFramework: Record<string, string>;
  /** Azure Blob storage shared by instances; absent: memory. */
  storage?: { connectionString: string; container: string };
  partnerCenter: {
    cloud: PartnerCenterCloud;
    /** Undefined in local mode when the built-in emulator is to be started and used. */
    baseUrl?: string;
    callTimeoutMs: number;
    requestBudgetMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    inviteLinkTtlMs: number;
  };
  /** Local mode's tokens: signed with this secret, which the emulator checks. Never a real credential. */
  localToken: { secret: string; mfa: boolean };
  emulator: { host: string; port: number; dataFile?: string };
  playground: { start: boolean; port: number };
  /** Mask contact emails and phone numbers on cards in group chats and channels. */
  maskContactDetails: boolean;
  /** Local mode only: the locale to answer in (the Agents Playground always says en-US). */
  localUserLocale?: string;
  /** On SIGTERM, how long turns under way may take to finish before the process stops anyway. */
  shutdownGraceMs: number;
  /** Entra tenants whose users may use the bot (lower case); absent: any tenant. */
  allowedTenantIds?: string[];
  /** Request bodies larger than this are refused (413). */
  maxRequestBodyBytes: number;
  /** The messaging endpoint answers within this; a longer turn goes on and replies when it is done. */
  answerDeadlineMs: number;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const PUBLIC_PARTNER_CENTER_URL = CLOUD_BASE_URLS.public;
const DEFAULT_LOCAL_TOKEN_SECRET = 'local-emulator-secret';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BOT_TYPES: readonly BotType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];

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
  const problems: string[] = [];

  const appEnv = nonEmpty(processEnv.APP_ENV) ?? 'local';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(appEnv)) {
    throw new ConfigError(
      `APP_ENV: expected a lower-case environment name such as local or dev, got "${appEnv}"`,
    );
  }
  const envFile = path.join(envDir, `.env.${appEnv}`);
  if (nonEmpty(processEnv.APP_ENV) && appEnv !== 'local' && !existsSync(envFile)) {
    throw new ConfigError(
      `APP_ENV: expected an environment with a settings file, but ${envFile} does not exist`,
    );
  }
  const settings = readSettings(envDir, appEnv, processEnv);
  const get = (name: string): string | undefined => nonEmpty(settings[name]);

  // 0: a port the system chooses (the log says which), for tests and parallel runs.
  const port = readInteger(get, 'PORT', 3978, 0, 65535, problems);
  const botId = readGuid(get, 'BOT_ID', problems);
  const botTenantId = readGuid(get, 'BOT_TENANT_ID', problems);
  const botTypeText = get('BOT_TYPE') ?? 'MultiTenant';
  const botType = BOT_TYPES.find((t) => t.toLowerCase() === botTypeText.toLowerCase());
  if (!botType) problems.push(`BOT_TYPE: expected one of ${BOT_TYPES.join(', ')}, got "${botTypeText}"`);
  const mode: Mode = get('BOT_ID') === undefined ? 'local' : 'teams';
  const botPassword = get('SECRET_BOT_PASSWORD');
  const oauthConnectionName = get('OAUTH_CONNECTION_NAME');

  if (mode === 'local' && get('BOT_TYPE') && botType !== 'MultiTenant') {
    // A Teams-mode template (env/.env.dev) with BOT_ID still empty: say which setting, not botbuilder's words.
    problems.push(
      `BOT_ID: expected the bot's app id (a GUID), since BOT_TYPE is ${botTypeText}; leave BOT_TYPE unset to run locally`,
    );
  }
  if (mode === 'teams') {
    if (botType !== 'UserAssignedMSI' && !botPassword) {
      problems.push(
        `SECRET_BOT_PASSWORD: expected the bot's client secret, since BOT_ID is set and BOT_TYPE is ${botTypeText}`,
      );
    }
    if ((botType === 'SingleTenant' || botType === 'UserAssignedMSI') && !get('BOT_TENANT_ID')) {
      problems.push(
        `BOT_TENANT_ID: expected the bot's Entra tenant id (a GUID), since BOT_TYPE is ${botTypeText}`,
      );
    }
    if (!oauthConnectionName) {
      problems.push(
        'OAUTH_CONNECTION_NAME: expected the name of the Azure Bot OAuth connection that grants Partner Center access, since BOT_ID is set',
      );
    }
  }

  const allowedTenantIds =
    readGuidList(get, 'ALLOWED_TENANT_IDS', problems) ??
    (mode === 'teams' && botTenantId ? [botTenantId] : undefined);

  const baseUrl = readPartnerCenterUrl(get('PARTNER_CENTER_BASE_URL'), problems);
  const botFramework = readBotFrameworkSettings(get, problems);
  const storage = readStorage(get, problems);
  const logLevelText = get('LOG_LEVEL') ?? 'info';
  if (!isLogLevel(logLevelText)) {
    problems.push(`LOG_LEVEL: expected one of debug, info, warn, error, silent, got "${logLevelText}"`);
  }
  const startPlayground = readBoolean(get, 'START_PLAYGROUND', true, problems);
  const playgroundPort = readInteger(get, 'PLAYGROUND_PORT', 56150, 1, 65535, problems);
  const emulatorPort = readInteger(get, 'PARTNER_CENTER_EMULATOR_PORT', 0, 0, 65535, problems);
  const cloudText = get('PARTNER_CENTER_CLOUD') ?? 'public';
  const cloud = PARTNER_CENTER_CLOUDS.find((c) => c === cloudText.toLowerCase());
  if (!cloud)
    problems.push(
      `PARTNER_CENTER_CLOUD: expected one of ${PARTNER_CENTER_CLOUDS.join(', ')}, got "${cloudText}"`,
    );
  const callTimeoutMs = readInteger(get, 'PARTNER_CENTER_CALL_TIMEOUT_MS', 10_000, 100, 120_000, problems);
  const requestBudgetMs = readInteger(
    get,
    'PARTNER_CENTER_REQUEST_BUDGET_MS',
    20_000,
    100,
    300_000,
    problems,
  );
  const maxAttempts = readInteger(get, 'PARTNER_CENTER_MAX_ATTEMPTS', 3, 1, 10, problems);
  const retryBaseMs = readInteger(get, 'PARTNER_CENTER_RETRY_BASE_MS', 500, 0, 60_000, problems);
  const inviteLinkTtlSeconds = readInteger(get, 'INVITE_LINK_CACHE_TTL_SECONDS', 600, 0, 86_400, problems);
  const localTokenMfa = readBoolean(get, 'LOCAL_TOKEN_MFA', true, problems);
  const maskContactDetails = readBoolean(get, 'MASK_CONTACT_DETAILS', true, problems);
  const shutdownGraceMs = readInteger(get, 'SHUTDOWN_GRACE_MS', 25_000, 0, 600_000, problems);
  // An activity from Teams is a few kilobytes; the default leaves room for long pasted text and card data.
  const maxRequestBodyBytes = readInteger(
    get,
    'MAX_REQUEST_BODY_BYTES',
    256 * 1024,
    1024,
    10 * 2 ** 20,
    problems,
  );
  // Bot Framework waits 15 s for the messaging endpoint's answer; Teams may send the message again after that.
  const answerDeadlineMs = readInteger(get, 'ANSWER_DEADLINE_MS', 10_000, 100, 14_000, problems);
  const localUserLocale = get('LOCAL_USER_LOCALE');
  if (localUserLocale && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(localUserLocale)) {
    problems.push(
      `LOCAL_USER_LOCALE: expected a language tag such as fr-FR or en-GB, got "${localUserLocale}"`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems.join('; '));

  return {
    appEnv,
    mode,
    host: mode === 'local' ? '127.0.0.1' : (get('HOST') ?? '0.0.0.0'),
    port,
    bot: { id: botId, password: botPassword, type: botType ?? 'MultiTenant', tenantId: botTenantId },
    oauthConnectionName,
    botFramework,
    storage,
    partnerCenter: {
      cloud: cloud ?? 'public',
      baseUrl: baseUrl ?? (mode === 'teams' ? CLOUD_BASE_URLS[cloud ?? 'public'] : undefined),
      callTimeoutMs,
      requestBudgetMs,
      maxAttempts,
      retryBaseMs,
      inviteLinkTtlMs: inviteLinkTtlSeconds * 1000,
    },
    localToken: { secret: get('LOCAL_TOKEN_SECRET') ?? DEFAULT_LOCAL_TOKEN_SECRET, mfa: localTokenMfa },
    emulator: { host: '127.0.0.1', port: emulatorPort, dataFile: get('PARTNER_CENTER_EMULATOR_DATA') },
    playground: { start: mode === 'local' && startPlayground, port: playgroundPort },
    maskContactDetails,
    shutdownGraceMs,
    allowedTenantIds,
    maxRequestBodyBytes,
    answerDeadlineMs,
    localUserLocale: mode === 'local' ? localUserLocale : undefined,
    logLevel: isLogLevel(logLevelText) ? logLevelText : 'info',
  };
}

/** env/.env.<appEnv>, then its .user twin, then the process environment: the later wins. */
export function readSettings(
  envDir: string,
  appEnv: string,
  processEnv: NodeJS.ProcessEnv,
): Record<string, string | undefined> {
  const envFile = path.join(envDir, `.env.${appEnv}`);
  return { ...readEnvFile(envFile), ...readEnvFile(`${envFile}.user`), ...processEnv };
}

function readEnvFile(file: string): Record<string, string> {
  return existsSync(file) ? parseDotenv(readFileSync(file)) : {};
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

type Getter = (name: string) => string | undefined;

function readInteger(
  get: Getter,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const text = get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    problems.push(`${name}: expected a whole number from ${min} to ${max}, got "${text}"`);
    return fallback;
  }
  return value;
}

function readGuid(get: Getter, name: string, problems: string[]): string | undefined {
  const text = get(name);
  if (text === undefined) return undefined;
  if (!GUID.test(text)) {
    problems.push(`${name}: expected a GUID such as 00000000-0000-0000-0000-000000000000, got "${text}"`);
    return undefined;
  }
  return text.toLowerCase();
}

function readGuidList(get: Getter, name: string, problems: string[]): string[] | undefined {
  const text = get(name);
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const wrong = items.filter((item) => !GUID.test(item));
  if (items.length === 0 || wrong.length > 0) {
    problems.push(
      `${name}: expected tenant ids (GUIDs) separated by commas, got "${wrong.join(', ') || text}"`,
    );
    return undefined;
  }
  return items.map((item) => item.toLowerCase());
}

function readBoolean(get: Getter, name: string, fallback: boolean, problems: string[]): boolean {
  const text = get(name);
  if (text === undefined) return fallback;
  if (/^(true|1|yes|on)$/i.test(text)) return true;
  if (/^(false|0|no|off)$/i.test(text)) return false;
  problems.push(`${name}: expected true or false, got "${text}"`);
  return fallback;
}

/** Partner Center is called over https; plain http is accepted only for an emulator on this machine. */
function readPartnerCenterUrl(text: string | undefined, problems: string[]): string | undefined {
  if (text === undefined) return undefined;
  const expected = 'PARTNER_CENTER_BASE_URL: expected an https URL (http only for localhost or 127.0.0.1)';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`${expected}, got "${withoutSecrets(text)}"`);
    return undefined;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && local);
  if (!allowed || url.search || url.hash || url.username || url.password) {
    problems.push(`${expected}, with no query or credentials, got "${withoutSecrets(text)}"`);
    return undefined;
  }
  return url.href.replace(/\/+$/, '');
}

/** The settings botbuilder's ConfigurationBotFrameworkAuthentication understands, under its own names. */
export const BOT_FRAMEWORK_SETTINGS = [
  'ChannelService',
  'OAuthUrl',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'CallerId',
  'ValidateAuthority',
] as const;

const BOT_FRAMEWORK_URLS: ReadonlySet<string> = new Set([
  'ChannelService',
  'OAuthUrl',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToChannelFromBotLoginUrl',
]);

function readBotFrameworkSettings(get: Getter, problems: string[]): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of BOT_FRAMEWORK_SETTINGS) {
    const value = get(name);
    if (value === undefined) continue;
    if (BOT_FRAMEWORK_URLS.has(name) && !isSecureUrl(value)) {
      problems.push(
        `${name}: expected an https URL (http only for localhost or 127.0.0.1), got "${withoutSecrets(value)}"`,
      );
    } else if (name === 'ValidateAuthority' && !/^(true|false)$/i.test(value)) {
      problems.push(`${name}: expected true or false, got "${value}"`);
    } else {
      settings[name] = value;
    }
  }
  return settings;
}

/**
 * A URL setting as it can be shown in an error message, which ends up in deployment logs: a user name and
 * password become ***, and so do a query and a fragment (they may hold a signature). Text a parser reads no
 * host from loses everything up to its last @, where another parser might see credentials.
 */
function withoutSecrets(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url?.host) {
    const at = text.lastIndexOf('@');
    if (at < 0) return text;
    const scheme = /^[a-z][a-z0-9+.-]*:[\\/]*/i.exec(text)?.[0] ?? '';
    return `${scheme}***:***@${text.slice(at + 1)}`;
  }
  if (!url.username && !url.password && !url.search && !url.hash) return text;
  if (url.username || url.password) {
    url.username = '***';
    url.password = '***';
  }
  if (url.search) url.search = '***';
  if (url.hash) url.hash = '***';
  return url.href;
}

function isSecureUrl(text: string): boolean {
  try {
    const url = new URL(text);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
    return url.protocol === 'https:' || (url.protocol === 'http:' && local);
  } catch {
    return false;
  }
}

function readStorage(get: Getter, problems: string[]): Config['storage'] {
  const connectionString = get('STORAGE_CONNECTION_STRING');
  const container = get('STORAGE_CONTAINER');
  if (!connectionString && !container) return undefined;
  if (!connectionString) {
    problems.push(
      'STORAGE_CONNECTION_STRING: expected the storage account connection string, since STORAGE_CONTAINER is set',
    );
    return undefined;
  }
  if (!container || !/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/.test(container)) {
    // The two settings swapped would put the account key in the message: a container name has no = or ;.
    const shown = /[=;]/.test(container ?? '') ? 'a connection string (not shown)' : `"${container ?? ''}"`;
    problems.push(
      `STORAGE_CONTAINER: expected a blob container name (3-63 lower-case letters, digits and single hyphens), got ${shown}`,
    );
    return undefined;
  }
  return { connectionString, container };
}

/** `--env <name>` or `--env=<name>` on a command line: the environment to use, as APP_ENV. */
export function envArgument(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  const at = args.indexOf('--env');
  return at >= 0 ? args[at + 1] : args.find((arg) => arg.startsWith('--env='))?.slice('--env='.length);
}
