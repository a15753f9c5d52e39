import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { CLOUD_BASE_URLS } from '../src/partnerCenter/clouds';
import { shippedEnvCopy } from './helpers/envDir';

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
      mode: 'local',
      host: '127.0.0.1',
      port: 3978,
      partnerCenter: { baseUrl: undefined },
      playground: { start: true, port: 56150 },
      logLevel: 'info',
    });
  });

  it('reads the shipped env/.env.local as local mode', () => {
    const shipped = shippedEnvCopy();
    try {
      expect(loadConfig({ env: {}, envDir: shipped.dir }).mode).toBe('local');
    } finally {
      shipped.remove();
    }
  });

  it('layers .env.<APP_ENV>, then its .user twin, then the process environment', () => {
    const dir = envDir({
      '.env.playground': 'PORT=4000\nLOG_LEVEL=warn\nPLAYGROUND_PORT=4100\n',
      '.env.playground.user': 'PORT=4001\nLOG_LEVEL=error\n',
    });
    const config = loadConfig({ env: { APP_ENV: 'playground', LOG_LEVEL: 'debug' }, envDir: dir });
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
      partnerCenter: { baseUrl: CLOUD_BASE_URLS.public },
      playground: { start: false },
      logFormat: 'json',
    });
  });

  it('writes JSON log lines in Teams mode and readable ones locally, unless LOG_FORMAT says otherwise', () => {
    expect(loadConfig({ env: {}, envDir: envDir() }).logFormat).toBe('pretty');
    expect(loadConfig({ env: { LOG_FORMAT: 'JSON' }, envDir: envDir() }).logFormat).toBe('json');
    const teams = { BOT_ID, SECRET_BOT_PASSWORD: 'secret', OAUTH_CONNECTION_NAME: 'PartnerCenter' };
    expect(loadConfig({ env: { ...teams, LOG_FORMAT: 'pretty' }, envDir: envDir() }).logFormat).toBe(
      'pretty',
    );
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT: expected a whole number from 0 to 65535, got "abc"'],
    [{ PORT: '70000' }, 'PORT: expected a whole number from 0 to 65535, got "70000"'],
    [{ BOT_ID: 'my-bot' }, 'BOT_ID: expected a GUID'],
    [
      { BOT_TYPE: 'Anyone' },
      'BOT_TYPE: expected one of MultiTenant, SingleTenant, UserAssignedMSI, got "Anyone"',
    ],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected one of debug, info, warn, error, silent, got "loud"'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT: expected one of json, pretty, got "xml"'],
    [{ START_PLAYGROUND: 'maybe' }, 'START_PLAYGROUND: expected true or false, got "maybe"'],
    [
      { PARTNER_CENTER_BASE_URL: 'http://partner.example.com' },
      'PARTNER_CENTER_BASE_URL: expected an https URL',
    ],
    [{ PARTNER_CENTER_BASE_URL: 'not a url' }, 'PARTNER_CENTER_BASE_URL: expected an https URL'],
    [{ APP_ENV: 'Prod!' }, 'APP_ENV: expected a lower-case environment name'],
    [{ APP_ENV: 'staging' }, 'APP_ENV: expected an environment with a settings file'],
    [
      { PARTNER_CENTER_CLOUD: 'germany' },
      'PARTNER_CENTER_CLOUD: expected one of public, usgov, china, got "germany"',
    ],
    [
      { PARTNER_CENTER_EMULATOR_PARTNER_KIND: 'distributor' },
      'PARTNER_CENTER_EMULATOR_PARTNER_KIND: expected one of direct, indirectReseller, indirectResellerTwoProviders, indirectProvider, dualRole, got "distributor"',
    ],
    [
      { PARTNER_CENTER_CALL_TIMEOUT_MS: '10s' },
      'PARTNER_CENTER_CALL_TIMEOUT_MS: expected a whole number from 100 to 120000',
    ],
    [
      { PARTNER_CENTER_REQUEST_BUDGET_MS: '0' },
      'PARTNER_CENTER_REQUEST_BUDGET_MS: expected a whole number from 100',
    ],
    [
      { PARTNER_CENTER_MAX_ATTEMPTS: '0' },
      'PARTNER_CENTER_MAX_ATTEMPTS: expected a whole number from 1 to 10',
    ],
    [
      { INVITE_LINK_CACHE_TTL_SECONDS: '-5' },
      'INVITE_LINK_CACHE_TTL_SECONDS: expected a whole number from 0 to 86400',
    ],
    [{ LOCAL_TOKEN_MFA: 'sometimes' }, 'LOCAL_TOKEN_MFA: expected true or false'],
    [{ MASK_CONTACT_DETAILS: 'partly' }, 'MASK_CONTACT_DETAILS: expected true or false'],
    [{ LOCAL_USER_LOCALE: 'French' }, 'LOCAL_USER_LOCALE: expected a language tag'],
    [
      { OAuthUrl: 'http://token.example.com' },
      'OAuthUrl: expected an https URL (http only for localhost or 127.0.0.1)',
    ],
    [{ ToChannelFromBotLoginUrl: 'not a url' }, 'ToChannelFromBotLoginUrl: expected an https URL'],
    [{ ValidateAuthority: 'maybe' }, 'ValidateAuthority: expected true or false, got "maybe"'],
    [
      { MCA_WATCH_SCHEDULE: 'every monday' },
      'MCA_WATCH_SCHEDULE: expected a cron pattern such as "0 9 * * 1" (Mondays at 09:00), got "every monday"',
    ],
    [{ MCA_WATCH_CHECK_SCHEDULE: '0 25 * * *' }, 'MCA_WATCH_CHECK_SCHEDULE: expected a cron pattern'],
    // 30 February never comes: a watch would never run.
    [{ MCA_WATCH_SCHEDULE: '0 9 30 2 *' }, 'MCA_WATCH_SCHEDULE: "0 9 30 2 *" never falls (no such day)'],
    [
      { STORAGE_CONTAINER: 'botstate' },
      'STORAGE_CONNECTION_STRING: expected the storage account connection string',
    ],
    [
      { STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true;' },
      'STORAGE_CONTAINER: expected a blob container name',
    ],
    [
      { STORAGE_CONNECTION_STRING: 'x', STORAGE_CONTAINER: 'Bot_State' },
      'STORAGE_CONTAINER: expected a blob container name',
    ],
  ])('stops on %j with one line naming the setting', (env, message) => {
    const error = errorOf(() => loadConfig({ env, envDir: envDir() }));
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
  });

  it('watches on Mondays at 09:00 with a check each other weekday, unless MCA_WATCH_SCHEDULE and MCA_WATCH_CHECK_SCHEDULE say otherwise', () => {
    expect(loadConfig({ env: {}, envDir: envDir() }).watch).toEqual({
      digestSchedule: '0 9 * * 1',
      checkSchedule: '0 9 * * 1-5',
    });
    const env = { MCA_WATCH_SCHEDULE: '30 8 * * 5', MCA_WATCH_CHECK_SCHEDULE: '0 */4 * * *' };
    expect(loadConfig({ env, envDir: envDir() }).watch).toEqual({
      digestSchedule: '30 8 * * 5',
      checkSchedule: '0 */4 * * *',
    });
  });

  it('in Teams, refuses a watch schedule that would check every customer more often than once an hour', () => {
    const teams = { BOT_ID, SECRET_BOT_PASSWORD: 'secret', OAUTH_CONNECTION_NAME: 'PartnerCenter' };
    const error = errorOf(() =>
      loadConfig({ env: { ...teams, MCA_WATCH_CHECK_SCHEDULE: '*/10 * * * *' }, envDir: envDir() }),
    );
    expect(error.message).toContain('MCA_WATCH_CHECK_SCHEDULE: runs every customer');
    expect(
      loadConfig({ env: { ...teams, MCA_WATCH_CHECK_SCHEDULE: '0 * * * *' }, envDir: envDir() }).watch,
    ).toMatchObject({ checkSchedule: '0 * * * *' });
    // Locally, on the emulator, seconds apart is fine.
    expect(
      loadConfig({ env: { MCA_WATCH_CHECK_SCHEDULE: '*/5 * * * * *' }, envDir: envDir() }).watch,
    ).toMatchObject({ checkSchedule: '*/5 * * * * *' });
  });

  it('names every missing Teams-mode setting in the same line', () => {
    const error = errorOf(() => loadConfig({ env: { BOT_ID, BOT_TYPE: 'SingleTenant' }, envDir: envDir() }));
    expect(error.message).toMatch(/^SECRET_BOT_PASSWORD: .*; BOT_TENANT_ID: .*; OAUTH_CONNECTION_NAME: /);
    expect(error.message).not.toContain('\n');
  });

  it('has the documented retry and cache defaults, each configurable', () => {
    expect(loadConfig({ env: {}, envDir: envDir() }).partnerCenter).toMatchObject({
      cloud: 'public',
      callTimeoutMs: 10_000,
      requestBudgetMs: 20_000,
      maxAttempts: 3,
      retryBaseMs: 500,
      inviteLinkTtlMs: 600_000,
    });
    const tuned = loadConfig({
      env: {
        PARTNER_CENTER_CALL_TIMEOUT_MS: '5000',
        PARTNER_CENTER_REQUEST_BUDGET_MS: '30000',
        PARTNER_CENTER_MAX_ATTEMPTS: '5',
        PARTNER_CENTER_RETRY_BASE_MS: '250',
        INVITE_LINK_CACHE_TTL_SECONDS: '0',
      },
      envDir: envDir(),
    });
    expect(tuned.partnerCenter).toMatchObject({
      callTimeoutMs: 5000,
      requestBudgetMs: 30_000,
      maxAttempts: 5,
      retryBaseMs: 250,
      inviteLinkTtlMs: 0,
    });
  });

  it.each([
    ['public', 'https://api.partnercenter.microsoft.com'],
    ['usgov', 'https://api.partnercenter.microsoft.com'],
    ['china', 'https://partner.partnercenterapi.microsoftonline.cn'],
  ])(
    'picks the %s cloud base URL in Teams mode, unless PARTNER_CENTER_BASE_URL overrides it',
    (cloud, url) => {
      const teams = {
        BOT_ID,
        SECRET_BOT_PASSWORD: 's',
        OAUTH_CONNECTION_NAME: 'PC',
        PARTNER_CENTER_CLOUD: cloud.toUpperCase(),
      };
      expect(loadConfig({ env: teams, envDir: envDir() }).partnerCenter).toMatchObject({
        cloud,
        baseUrl: url,
      });
      const overridden = loadConfig({
        env: { ...teams, PARTNER_CENTER_BASE_URL: 'https://pc.example.com' },
        envDir: envDir(),
      });
      expect(overridden.partnerCenter).toMatchObject({ cloud, baseUrl: 'https://pc.example.com' });
    },
  );

  it('has the emulator play a direct-bill partner unless told which other kind', () => {
    expect(loadConfig({ env: {}, envDir: envDir() }).emulator.partnerKind).toBe('direct');
    const dualRole = loadConfig({
      env: { PARTNER_CENTER_EMULATOR_PARTNER_KIND: 'dualRole' },
      envDir: envDir(),
    });
    expect(dualRole.emulator.partnerKind).toBe('dualRole');
  });

  it('makes local tokens with MFA unless told otherwise', () => {
    expect(loadConfig({ env: {}, envDir: envDir() }).localToken).toEqual({
      secret: 'local-emulator-secret',
      mfa: true,
    });
    expect(loadConfig({ env: { LOCAL_TOKEN_MFA: 'false' }, envDir: envDir() }).localToken.mfa).toBe(false);
  });

  it('passes every Bot Framework endpoint setting through under its own name, for sovereign clouds and test doubles', () => {
    const settings = {
      ChannelService: 'https://botframework.azure.us',
      OAuthUrl: 'https://tokengcch.botframework.azure.us',
      ToBotFromChannelOpenIdMetadataUrl:
        'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
      ToBotFromChannelTokenIssuer: 'https://api.botframework.us',
      ToBotFromEmulatorOpenIdMetadataUrl:
        'https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0/.well-known/openid-configuration',
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
      ToChannelFromBotOAuthScope: 'https://api.botframework.us',
      CallerId: 'urn:botframework:azureusgov',
      ValidateAuthority: 'true',
    };
    expect(loadConfig({ env: settings, envDir: envDir() }).botFramework).toEqual(settings);
    expect(loadConfig({ env: {}, envDir: envDir() }).botFramework).toEqual({});
  });

  it('uses Blob storage when both storage settings are given', () => {
    const config = loadConfig({
      env: { STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true;', STORAGE_CONTAINER: 'bot-state' },
      envDir: envDir(),
    });
    expect(config.storage).toEqual({
      connectionString: 'UseDevelopmentStorage=true;',
      container: 'bot-state',
    });
    expect(loadConfig({ env: {}, envDir: envDir() }).storage).toBeUndefined();
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

describe('conversation settings', () => {
  const dir = () => mkdtempSync(path.join(tmpdir(), 'pca-env-'));

  it('masks contact details unless told otherwise', () => {
    expect(loadConfig({ env: {}, envDir: dir() }).maskContactDetails).toBe(true);
    expect(loadConfig({ env: { MASK_CONTACT_DETAILS: 'false' }, envDir: dir() }).maskContactDetails).toBe(
      false,
    );
  });

  it('lets local mode answer in a chosen locale, and only local mode', () => {
    expect(loadConfig({ env: { LOCAL_USER_LOCALE: 'fr-FR' }, envDir: dir() }).localUserLocale).toBe('fr-FR');
    const teams = {
      BOT_ID: '11111111-2222-3333-4444-555555555555',
      SECRET_BOT_PASSWORD: 's',
      OAUTH_CONNECTION_NAME: 'PC',
    };
    expect(
      loadConfig({ env: { ...teams, LOCAL_USER_LOCALE: 'fr-FR' }, envDir: dir() }).localUserLocale,
    ).toBeUndefined();
  });
});

describe('ALLOWED_TENANT_IDS', () => {
  const teams = { BOT_ID, SECRET_BOT_PASSWORD: 'secret', OAUTH_CONNECTION_NAME: 'PartnerCenter' };
  const TENANT_A = 'AAAAAAAA-0000-4000-8000-000000000001';
  const TENANT_B = 'bbbbbbbb-0000-4000-8000-000000000002';

  it('applies in every mode when set, lower-cased, spaces ignored', () => {
    const env = { ALLOWED_TENANT_IDS: ` ${TENANT_A} ,${TENANT_B}` };
    const expected = [TENANT_A.toLowerCase(), TENANT_B];
    expect(loadConfig({ env, envDir: envDir() }).allowedTenantIds).toEqual(expected);
    expect(loadConfig({ env: { ...teams, ...env }, envDir: envDir() }).allowedTenantIds).toEqual(expected);
  });

  it("defaults to the bot's own tenant in Teams mode, and to any tenant otherwise", () => {
    expect(
      loadConfig({ env: { ...teams, BOT_TENANT_ID: TENANT_B }, envDir: envDir() }).allowedTenantIds,
    ).toEqual([TENANT_B]);
    expect(loadConfig({ env: teams, envDir: envDir() }).allowedTenantIds).toBeUndefined();
    expect(
      loadConfig({ env: { BOT_TENANT_ID: TENANT_B }, envDir: envDir() }).allowedTenantIds,
    ).toBeUndefined();
  });

  it.each([['not-a-guid'], [`${TENANT_A};${TENANT_B}`], [' , ']])(
    'stops on %j naming the setting',
    (value) => {
      const error = errorOf(() => loadConfig({ env: { ALLOWED_TENANT_IDS: value }, envDir: envDir() }));
      expect(error.message).toMatch(/^ALLOWED_TENANT_IDS: expected tenant ids \(GUIDs\) separated by commas/);
    },
  );
});

describe('MAX_REQUEST_BODY_BYTES', () => {
  it('is 256 KB unless set, and refuses values below 1 KB', () => {
    expect(loadConfig({ env: {}, envDir: envDir() }).maxRequestBodyBytes).toBe(262_144);
    expect(
      loadConfig({ env: { MAX_REQUEST_BODY_BYTES: '65536' }, envDir: envDir() }).maxRequestBodyBytes,
    ).toBe(65_536);
    expect(
      errorOf(() => loadConfig({ env: { MAX_REQUEST_BODY_BYTES: '10' }, envDir: envDir() })).message,
    ).toMatch(/^MAX_REQUEST_BODY_BYTES: /);
  });
});

describe('REQUEST_BODY_TIMEOUT_MS', () => {
  it('is 10 s unless set, from 100 ms to a minute', () => {
    const load = (value?: string) =>
      loadConfig({ env: value === undefined ? {} : { REQUEST_BODY_TIMEOUT_MS: value }, envDir: envDir() });
    expect(load().requestBodyTimeoutMs).toBe(10_000);
    expect(load('100').requestBodyTimeoutMs).toBe(100);
    expect(load('60000').requestBodyTimeoutMs).toBe(60_000);
    for (const wrong of ['99', '60001', '2s']) {
      expect(errorOf(() => load(wrong)).message).toMatch(
        /^REQUEST_BODY_TIMEOUT_MS: expected a whole number from 100 to 60000/,
      );
    }
  });
});

describe('secrets in configuration errors', () => {
  const SECRET = 's3cr3t-P4ss';

  it.each([
    [
      'PARTNER_CENTER_BASE_URL',
      `https://partner:${SECRET}@pc.example.com/`,
      'https://***:***@pc.example.com/',
    ],
    ['PARTNER_CENTER_BASE_URL', `http://partner:${SECRET}@pc.example.com`, 'http://***:***@pc.example.com/'],
    ['PARTNER_CENTER_BASE_URL', `https://pc.example.com/?sig=${SECRET}`, 'https://pc.example.com/?***'],
    [
      'PARTNER_CENTER_BASE_URL',
      `https://partner:${SECRET} @pc.example.com`,
      'https://***:***@pc.example.com/',
    ],
    ['PARTNER_CENTER_BASE_URL', `htps:partner:${SECRET}@pc.example.com`, 'htps:***:***@pc.example.com'],
    ['OAuthUrl', `http://bot:${SECRET}@token.example.com/`, 'http://***:***@token.example.com/'],
    ['ChannelService', `ftp://${SECRET}@botframework.example.com`, 'ftp://***:***@botframework.example.com/'],
    ['ToChannelFromBotLoginUrl', `not a url //user:${SECRET}@login`, '***:***@login'],
  ])('shows %s as %j with its credentials replaced, still on one line', (name, value, shown) => {
    const error = errorOf(() => loadConfig({ env: { [name]: value }, envDir: envDir() }));
    expect(error.message).toMatch(new RegExp(`^${name}: expected an https URL .*, got "`));
    expect(error.message).toContain(`got "${shown}"`);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('\n');
  });

  it('still shows a refused URL with no credentials as it was typed', () => {
    const error = errorOf(() =>
      loadConfig({ env: { OAuthUrl: 'http://token.example.com/a@b' }, envDir: envDir() }),
    );
    expect(error.message).toContain('got "http://token.example.com/a@b"');
  });

  it('never shows the storage connection string, even when the two storage settings are swapped', () => {
    const connectionString = `DefaultEndpointsProtocol=https;AccountName=pca;AccountKey=${SECRET};EndpointSuffix=core.windows.net`;
    const messageWith = (container: string) =>
      errorOf(() =>
        loadConfig({
          env: { STORAGE_CONNECTION_STRING: connectionString, STORAGE_CONTAINER: container, PORT: 'abc' },
          envDir: envDir(),
        }),
      ).message;
    const messages = ['Bot_State', 'x', connectionString].map(messageWith);
    for (const message of messages) {
      expect(message).toMatch(/STORAGE_CONTAINER: expected a blob container name/);
      expect(message).not.toContain(SECRET);
    }
    expect(messages[0]).toContain('got "Bot_State"');
    expect(messages[2]).toContain('got a connection string (not shown)');
  });
});
