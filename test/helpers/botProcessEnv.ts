import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';

export const SECRET = 's3cr3t-P4ss';

/** The environment the bot's process is given: what a child needs, and the bot's own settings and secrets. */
export const BOT_PROCESS_ENV = {
  PATH: process.env.PATH ?? '/usr/bin',
  HOME: '/home/partner',
  LANG: 'fr_FR.UTF-8',
  npm_config_cache: '/home/partner/.npm',
  npm_config__authToken: SECRET,
  SECRET_BOT_PASSWORD: SECRET,
  STORAGE_CONNECTION_STRING: `AccountKey=${SECRET}`,
  STORAGE_CONTAINER: 'bot-state',
  LOCAL_TOKEN_SECRET: SECRET,
  PARTNER_CENTER_BASE_URL: 'http://127.0.0.1:5080',
};

/** The configuration loaded from `env` and a local env file holding `envFile`. */
export function configFrom(env: Record<string, string>, envFile = ''): ReturnType<typeof loadConfig> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pca-env-'));
  try {
    writeFileSync(path.join(dir, '.env.local'), envFile);
    return loadConfig({ env, envDir: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
