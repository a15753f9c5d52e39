import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, PUBLIC_PARTNER_CENTER_URL } from '../src/config';

const BOT_ID = '11111111-2222-3333-4444-555555555555';

function envDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pca-env-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs in local mode on the built-in defaults, with no file and no environment', () => {
    const config = loadConfig({ env: {}, envDir: envDir() });
    expect(config).toMatchObject({
      appEnv: 'local',
      mode: 'local',
      host: '127.0.0.1',
      port: 3978,
      partnerCenter: { baseUrl: undefined },
      playground: { start: true, port: 56150 },
      logLevel: 'info',
    });
  });

  it('reads the shipped env/.env.local as local mode', () => {
    expect(loadConfig({ env: {} }).mode).toBe('local');
  });

  it('layers .env.<APP_ENV>, then its .user twin, then the process environment', () => {
    const dir = envDir({
      '.env.dev': 'PORT=4000\nLOG_LEVEL=warn\nPLAYGROUND_PORT=4100\n',
      '.env.dev.user': 'PORT=4001\nLOG_LEVEL=error\n',
    });
    const config = loadConfig({ env: { APP_ENV: 'dev', LOG_LEVEL: 'debug' }, envDir: dir });
    expect(config.playground.port).toBe(4100);
    expect(config.port).toBe(4001);
    expect(config.logLevel).toBe('debug');
  });

  it('treats an empty value as unset, as templates leave them', () => {
    const config = loadConfig({ env: {}, envDir: envDir({ '.env.local': 'BOT_ID=\nPORT=\n' }) });
    expect(config.mode).toBe('local');
    expect(config.port).toBe(3978);
  });

  it('switches to Teams mode when BOT_ID is set, with authentication settings and the public cloud', () => {
    const config = loadConfig({
      env: { BOT_ID, SECRET_BOT_PASSWORD: 'secret', OAUTH_CONNECTION_NAME: 'PartnerCenter' },
      envDir: envDir(),
    });
    expect(config).toMatchObject({
      mode: 'teams',
      host: '0.0.0.0',
      bot: { id: BOT_ID, password: 'secret', type: 'MultiTenant' },
      oauthConnectionName: 'PartnerCenter',
      partnerCenter: { baseUrl: PUBLIC_PARTNER_CENTER_URL },
      playground: { start: false },
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: expected a whole number from 1 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT: expected a whole number from 1 to 65535, got "70000"'],
    [{ BOT_ID: 'my-bot' }, 'BOT_ID: expected a GUID'],
    [
      { BOT_TYPE: 'Anyone' },
      'BOT_TYPE: expected one of MultiTenant, SingleTenant, UserAssignedMSI, got "Anyone"',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected one of debug, info, warn, error, silent, got "loud"'],
    [{ START_PLAYGROUND: 'maybe' }, 'START_PLAYGROUND: expected true or false, got "maybe"'],
    [
      { PARTNER_CENTER_BASE_URL: 'http://partner.example.com' },
      'PARTNER_CENTER_BASE_URL: expected an https URL',
    ],
    [{ PARTNER_CENTER_BASE_URL: 'not a url' }, 'PARTNER_CENTER_BASE_URL: expected an https URL'],
    [{ APP_ENV: 'Prod!' }, 'APP_ENV: expected a lower-case environment name'],
    [{ APP_ENV: 'staging' }, 'APP_ENV: expected an environment with a settings file'],
  ])('stops on %j with one line naming the setting', (env, message) => {
    const error = errorOf(() => loadConfig({ env, envDir: envDir() }));
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
  });

  it('names every missing Teams-mode setting in the same line', () => {
    const error = errorOf(() => loadConfig({ env: { BOT_ID, BOT_TYPE: 'SingleTenant' }, envDir: envDir() }));
    expect(error.message).toMatch(/^SECRET_BOT_PASSWORD: .*; BOT_TENANT_ID: .*; OAUTH_CONNECTION_NAME: /);
    expect(error.message).not.toContain('\n');
  });

  it('accepts http for an emulator on this machine only, and drops a trailing slash', () => {
    const local = loadConfig({
      env: { PARTNER_CENTER_BASE_URL: 'http://127.0.0.1:5080/' },
      envDir: envDir(),
    });
    expect(local.partnerCenter.baseUrl).toBe('http://127.0.0.1:5080');
    const named = loadConfig({ env: { PARTNER_CENTER_BASE_URL: 'http://localhost:5080' }, envDir: envDir() });
    expect(named.partnerCenter.baseUrl).toBe('http://localhost:5080');
  });
});
