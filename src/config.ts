import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { isLogLevel, type LogLevel } from './log';

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
  partnerCenter: {
    /** Undefined in local mode when the built-in emulator is to be started and used. */
    baseUrl?: string;
    /** The bearer token that local mode sends and the emulator accepts. Never a real token. */
    localToken: string;
  };
  emulator: { host: string; port: number; dataFile?: string };
  playground: { start: boolean; port: number };
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const PUBLIC_PARTNER_CENTER_URL = 'https://api.partnercenter.microsoft.com';
const DEFAULT_LOCAL_TOKEN = 'local-emulator-token';
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
  const settings: Record<string, string | undefined> = {
    ...readEnvFile(envFile),
    ...readEnvFile(`${envFile}.user`),
    ...processEnv,
  };
  const get = (name: string): string | undefined => nonEmpty(settings[name]);

  const port = readPort(get, 'PORT', 3978, problems);
  const botId = readGuid(get, 'BOT_ID', problems);
  const botTenantId = readGuid(get, 'BOT_TENANT_ID', problems);
  const botTypeText = get('BOT_TYPE') ?? 'MultiTenant';
  const botType = BOT_TYPES.find((t) => t.toLowerCase() === botTypeText.toLowerCase());
  if (!botType) problems.push(`BOT_TYPE: expected one of ${BOT_TYPES.join(', ')}, got "${botTypeText}"`);
  const mode: Mode = get('BOT_ID') === undefined ? 'local' : 'teams';
  const botPassword = get('SECRET_BOT_PASSWORD');
  const oauthConnectionName = get('OAUTH_CONNECTION_NAME');

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

  const baseUrl = readPartnerCenterUrl(get('PARTNER_CENTER_BASE_URL'), problems);
  const logLevelText = get('LOG_LEVEL') ?? 'info';
  if (!isLogLevel(logLevelText)) {
    problems.push(`LOG_LEVEL: expected one of debug, info, warn, error, silent, got "${logLevelText}"`);
  }
  const startPlayground = readBoolean(get, 'START_PLAYGROUND', true, problems);
  const playgroundPort = readPort(get, 'PLAYGROUND_PORT', 56150, problems);
  const emulatorPort = readPort(get, 'PARTNER_CENTER_EMULATOR_PORT', 0, problems, true);

  if (problems.length > 0) throw new ConfigError(problems.join('; '));

  return {
    appEnv,
    mode,
    host: mode === 'local' ? '127.0.0.1' : (get('HOST') ?? '0.0.0.0'),
    port,
    bot: { id: botId, password: botPassword, type: botType ?? 'MultiTenant', tenantId: botTenantId },
    oauthConnectionName,
    partnerCenter: {
      baseUrl: baseUrl ?? (mode === 'teams' ? PUBLIC_PARTNER_CENTER_URL : undefined),
      localToken: get('LOCAL_PARTNER_CENTER_TOKEN') ?? DEFAULT_LOCAL_TOKEN,
    },
    emulator: { host: '127.0.0.1', port: emulatorPort, dataFile: get('PARTNER_CENTER_EMULATOR_DATA') },
    playground: { start: mode === 'local' && startPlayground, port: playgroundPort },
    logLevel: isLogLevel(logLevelText) ? logLevelText : 'info',
  };
}

function readEnvFile(file: string): Record<string, string> {
  return existsSync(file) ? parseDotenv(readFileSync(file)) : {};
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

type Getter = (name: string) => string | undefined;

function readPort(
  get: Getter,
  name: string,
  fallback: number,
  problems: string[],
  allowZero = false,
): number {
  const text = get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  const min = allowZero ? 0 : 1;
  if (!/^\d+$/.test(text) || value < min || value > 65535) {
    problems.push(`${name}: expected a whole number from ${min} to 65535, got "${text}"`);
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
    problems.push(`${expected}, got "${text}"`);
    return undefined;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && local);
  if (!allowed || url.search || url.hash || url.username || url.password) {
    problems.push(`${expected}, with no query or credentials, got "${text}"`);
    return undefined;
  }
  return url.href.replace(/\/+$/, '');
}
