import type { SettingReader } from './reader';
import { guid, oneOf } from './schemas';
import { BOT_TYPES, type Config, type Mode } from './types';

/**
 * BOT_ID and the settings that go with it. BOT_ID set means Teams mode, behind Azure Bot Service, which needs
 * the rest of the bot's identity; each one missing is named.
 */
export function readBotIdentity(
  settings: SettingReader,
): Pick<Config, 'mode' | 'bot' | 'oauthConnectionName'> {
  const id = settings.read('BOT_ID', guid.optional());
  const tenantId = settings.read('BOT_TENANT_ID', guid.optional());
  const type = settings.read('BOT_TYPE', oneOf(BOT_TYPES).optional());
  const typeText = settings.text('BOT_TYPE') ?? 'MultiTenant';
  const mode: Mode = settings.text('BOT_ID') === undefined ? 'local' : 'teams';
  const password = settings.text('SECRET_BOT_PASSWORD');
  const oauthConnectionName = settings.text('OAUTH_CONNECTION_NAME');

  if (mode === 'local' && settings.text('BOT_TYPE') && type !== 'MultiTenant') {
    // A Teams-mode template (env/.env.dev) with BOT_ID still empty: say which setting, not botbuilder's words.
    settings.problem(
      `BOT_ID: expected the bot's app id (a GUID), since BOT_TYPE is ${typeText}; leave BOT_TYPE unset to run locally`,
    );
  }
  if (mode === 'teams') {
    if (type !== 'UserAssignedMSI' && !password) {
      settings.problem(
        `SECRET_BOT_PASSWORD: expected the bot's client secret, since BOT_ID is set and BOT_TYPE is ${typeText}`,
      );
    }
    if ((type === 'SingleTenant' || type === 'UserAssignedMSI') && !settings.text('BOT_TENANT_ID')) {
      settings.problem(
        `BOT_TENANT_ID: expected the bot's Entra tenant id (a GUID), since BOT_TYPE is ${typeText}`,
      );
    }
    if (!oauthConnectionName) {
      settings.problem(
        'OAUTH_CONNECTION_NAME: expected the name of the Azure Bot OAuth connection that grants Partner Center access, since BOT_ID is set',
      );
    }
  }
  return { mode, bot: { id, password, type: type ?? 'MultiTenant', tenantId }, oauthConnectionName };
}
