import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const BOT_ID = '11111111-2222-3333-4444-555555555555';
const HTTPS = 'expected an https URL (http only for localhost or 127.0.0.1)';

function load(env: Record<string, string>): ReturnType<typeof loadConfig> {
  return loadConfig({ env, envDir: mkdtempSync(path.join(tmpdir(), 'pca-env-')) });
}

function messageOf(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

// The settings are read through zod schemas: these pin the whole of each message, as it was written by hand.
describe('the message for each kind of setting', () => {
  it.each([
    [{ PORT: '080x' }, 'PORT: expected a whole number from 0 to 65535, got "080x"'],
    [
      { PORT: '99999999999999999999' },
      'PORT: expected a whole number from 0 to 65535, got "99999999999999999999"',
    ],
    [{ PLAYGROUND_PORT: '0' }, 'PLAYGROUND_PORT: expected a whole number from 1 to 65535, got "0"'],
    [
      { BOT_TENANT_ID: ' my-tenant ' },
      'BOT_TENANT_ID: expected a GUID such as 00000000-0000-0000-0000-000000000000, got "my-tenant"',
    ],
    [{ START_PLAYGROUND: 'y' }, 'START_PLAYGROUND: expected true or false, got "y"'],
    [{ ValidateAuthority: '1' }, 'ValidateAuthority: expected true or false, got "1"'],
    [{ LOG_LEVEL: 'DEBUG' }, 'LOG_LEVEL: expected one of debug, info, warn, error, silent, got "DEBUG"'],
    [
      { PARTNER_CENTER_CLOUD: 'Germany' },
      'PARTNER_CENTER_CLOUD: expected one of public, usgov, china, got "Germany"',
    ],
    [
      { ALLOWED_TENANT_IDS: `${BOT_ID}, x ,y` },
      'ALLOWED_TENANT_IDS: expected tenant ids (GUIDs) separated by commas, got "x, y"',
    ],
    [
      { ALLOWED_TENANT_IDS: ' , ' },
      'ALLOWED_TENANT_IDS: expected tenant ids (GUIDs) separated by commas, got ","',
    ],
    [
      { PARTNER_CENTER_BASE_URL: 'pc.example.com' },
      `PARTNER_CENTER_BASE_URL: ${HTTPS}, got "pc.example.com"`,
    ],
    [
      { PARTNER_CENTER_BASE_URL: 'http://pc.example.com' },
      `PARTNER_CENTER_BASE_URL: ${HTTPS}, with no query or credentials, got "http://pc.example.com"`,
    ],
    [
      { PARTNER_CENTER_BASE_URL: 'https://pc.example.com/#top' },
      `PARTNER_CENTER_BASE_URL: ${HTTPS}, with no query or credentials, got "https://pc.example.com/#***"`,
    ],
    [{ ChannelService: 'ftp://localhost' }, `ChannelService: ${HTTPS}, got "ftp://localhost"`],
    [
      { LOCAL_USER_LOCALE: 'FR' },
      'LOCAL_USER_LOCALE: expected a language tag such as fr-FR or en-GB, got "FR"',
    ],
    [
      { MCA_CURRENT_SINCE: '2023-02-30' },
      'MCA_CURRENT_SINCE: expected a date as YYYY-MM-DD, got "2023-02-30"',
    ],
    [{ MCA_CURRENT_SINCE: '1/4/2023' }, 'MCA_CURRENT_SINCE: expected a date as YYYY-MM-DD, got "1/4/2023"'],
    [
      { STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true;' },
      'STORAGE_CONTAINER: expected a blob container name (3-63 lower-case letters, digits and single hyphens), got ""',
    ],
  ])('%j gets its whole message', (env, message) => {
    expect(messageOf(env)).toBe(message);
  });
});

describe('every problem at once', () => {
  it('reports each bad setting in one line, in the order the settings are read, rules across settings included', () => {
    expect(
      messageOf({
        LOCAL_USER_LOCALE: 'French',
        LOG_LEVEL: 'loud',
        BOT_TYPE: 'Anyone',
        PORT: 'abc',
        ValidateAuthority: 'maybe',
        STORAGE_CONTAINER: 'state',
      }),
    ).toBe(
      [
        'PORT: expected a whole number from 0 to 65535, got "abc"',
        'BOT_TYPE: expected one of MultiTenant, SingleTenant, UserAssignedMSI, got "Anyone"',
        'ValidateAuthority: expected true or false, got "maybe"',
        'STORAGE_CONNECTION_STRING: expected the storage account connection string, since STORAGE_CONTAINER is set',
        'LOG_LEVEL: expected one of debug, info, warn, error, silent, got "loud"',
        'LOCAL_USER_LOCALE: expected a language tag such as fr-FR or en-GB, got "French"',
      ].join('; '),
    );
  });

  it('still checks the rest of the bot identity when BOT_TYPE is bad', () => {
    expect(messageOf({ BOT_ID, BOT_TYPE: 'Anyone', OAUTH_CONNECTION_NAME: 'PC' })).toMatch(
      new RegExp(
        '^BOT_TYPE: expected one of MultiTenant, SingleTenant, UserAssignedMSI, got "Anyone"; ' +
          "SECRET_BOT_PASSWORD: expected the bot's client secret in pca-env-\\w+/\\.env\\.local\\.user, since BOT_ID is set and BOT_TYPE is Anyone$",
      ),
    );
  });
});

describe('values', () => {
  it('reads names in any case, and switches in any of their spellings', () => {
    const config = load({
      BOT_ID,
      BOT_TYPE: 'userassignedmsi',
      BOT_TENANT_ID: BOT_ID.toUpperCase(),
      OAUTH_CONNECTION_NAME: 'PC',
      PARTNER_CENTER_CLOUD: 'China',
      MASK_CONTACT_DETAILS: 'Off',
      LOCAL_TOKEN_MFA: 'no',
      START_PLAYGROUND: 'YES',
      ValidateAuthority: 'FALSE',
    });
    expect(config.bot).toEqual({
      id: BOT_ID,
      password: undefined,
      type: 'UserAssignedMSI',
      tenantId: BOT_ID,
    });
    expect(config.partnerCenter.cloud).toBe('china');
    expect(config).toMatchObject({ maskContactDetails: false, localToken: { mfa: false } });
    expect(config.botFramework).toEqual({ ValidateAuthority: 'FALSE' });
  });

  it('reads whole numbers at the ends of their range, and a leading zero', () => {
    expect(
      load({ PORT: '0', ANSWER_DEADLINE_MS: '14000', PARTNER_CENTER_MAX_ATTEMPTS: '010' }),
    ).toMatchObject({
      port: 0,
      answerDeadlineMs: 14_000,
      partnerCenter: { maxAttempts: 10 },
    });
  });
});

describe('MCA_CURRENT_SINCE', () => {
  it('is 1 April 2023 unless set, the day the updated MCA came in', () => {
    expect(load({}).partnerCenter.mcaCurrentSince).toBe('2023-04-01');
    expect(load({ MCA_CURRENT_SINCE: '2024-01-15' }).partnerCenter.mcaCurrentSince).toBe('2024-01-15');
  });
});

describe('the GDAP and Graph settings', () => {
  const teams = { BOT_ID, SECRET_BOT_PASSWORD: 's', OAUTH_CONNECTION_NAME: 'PartnerCenter' };

  it('ask for least-privilege roles for two years by default, never Global Administrator', () => {
    const { gdap } = load({});
    expect(gdap).toEqual({
      roles: {
        template: 'account-staff',
        roles: ['directoryReaders', 'globalReader', 'serviceSupportAdministrator', 'licenseAdministrator'],
      },
      durationDays: 730,
    });
  });

  it('read a template by name, or Entra role names in any spelling', () => {
    expect(load({ GDAP_ROLES: 'Helpdesk' }).gdap.roles.template).toBe('helpdesk');
    expect(load({ GDAP_ROLES: 'Global Reader, license-administrator,globalReader' }).gdap.roles).toEqual({
      roles: ['globalReader', 'licenseAdministrator'],
    });
  });

  it.each([
    [
      { GDAP_ROLES: 'Global Reader, Coffee Maker' },
      'GDAP_ROLES: expected account-staff, helpdesk, administration or Entra role names separated by commas (such as Global Reader, License Administrator), got unknown "Coffee Maker"',
    ],
    [{ GDAP_DURATION_DAYS: '731' }, 'GDAP_DURATION_DAYS: expected a whole number from 1 to 730, got "731"'],
    [{ GDAP_DURATION_DAYS: '0' }, 'GDAP_DURATION_DAYS: expected a whole number from 1 to 730, got "0"'],
    [{ MICROSOFT_GRAPH_BASE_URL: 'http://graph.example.com' }, `MICROSOFT_GRAPH_BASE_URL: ${HTTPS}`],
  ])('name the setting and what it expects: %j', (env, message) => {
    expect(messageOf(env)).toContain(message);
  });

  it("use the cloud's Graph in Teams mode, and the local server otherwise", () => {
    expect(load(teams).graph).toEqual({
      baseUrl: 'https://graph.microsoft.com',
      oauthConnectionName: undefined,
    });
    expect(
      load({ ...teams, PARTNER_CENTER_CLOUD: 'china', GRAPH_OAUTH_CONNECTION_NAME: 'Graph' }).graph,
    ).toEqual({
      baseUrl: 'https://microsoftgraph.chinacloudapi.cn',
      oauthConnectionName: 'Graph',
    });
    expect(load({ ...teams, MICROSOFT_GRAPH_BASE_URL: 'https://graph.microsoft.us/' }).graph.baseUrl).toBe(
      'https://graph.microsoft.us',
    );
    // Locally the emulator answers Graph too; a Graph connection means nothing without Teams.
    expect(load({ GRAPH_OAUTH_CONNECTION_NAME: 'Graph' }).graph).toEqual({
      baseUrl: undefined,
      oauthConnectionName: undefined,
    });
    expect(load({ PARTNER_CENTER_BASE_URL: 'http://127.0.0.1:5080' }).graph.baseUrl).toBe(
      'http://127.0.0.1:5080',
    );
  });

  it('make the emulated user an Admin Agent unless told otherwise', () => {
    expect(load({}).emulator.adminAgent).toBe(true);
    expect(load({ PARTNER_CENTER_EMULATOR_ADMIN_AGENT: 'false' }).emulator.adminAgent).toBe(false);
  });
});
