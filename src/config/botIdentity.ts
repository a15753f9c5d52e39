import type { SettingReader } from './reader';
import { guid, oneOf } from './schemas';
import { BOT_TYPES, type Config, type Mode } from './types';

/**
 * The Agents Toolkit's environments that run the bot on this machine: `local` (F5 in Teams, behind the Toolkit's
 * tunnel, once provisioning has written BOT_ID) and `playground`. Any other (dev, prod…) is one the Toolkit
 * provisions for Teams: without BOT_ID it has not been provisioned yet, which is what to say.
 */
const ON_THIS_MACHINE = ['local', 'playground'];

/** The Toolkit keeps the secrets it writes to env/.env.<name>.user encrypted, for itself: "crypto_…". */
const TOOLKIT_ENCRYPTED = /^crypto_/;

/**
 * BOT_ID and the settings that go with it. BOT_ID set means Teams mode, behind Azure Bot Service, which needs
 * the rest of the bot's identity; each one missing is named, with the file it belongs in (`envFile`, as
 * env/.env.<APP_ENV>) and what writes it there when something does.
 */
export function readBotIdentity(
  settings: SettingReader,
  appEnv: string,
  envFile: string,
): Pick<Config, 'mode' | 'bot' | 'oauthConnectionName'> {
  const id = settings.read('BOT_ID', guid.optional());
  const tenantId = settings.read('BOT_TENANT_ID', guid.optional());
  const type = settings.read('BOT_TYPE', oneOf(BOT_TYPES).optional()) ?? 'MultiTenant';
  const typeText = settings.text('BOT_TYPE') ?? type;
  const mode: Mode = settings.text('BOT_ID') === undefined ? 'local' : 'teams';
  const password = settings.text('SECRET_BOT_PASSWORD');
  const oauthConnectionName = settings.text('OAUTH_CONNECTION_NAME');

  if (mode === 'local' && !ON_THIS_MACHINE.includes(appEnv)) {
    settings.problem(
      `BOT_ID: expected the bot's app id (a GUID) in ${envFile}, since APP_ENV=${appEnv} runs in Teams: provisioning the environment (Agents Toolkit, Provision) writes it, with BOT_TENANT_ID and SECRET_BOT_PASSWORD; npm start without APP_ENV runs locally`,
    );
  }
  if (mode === 'teams') {
    if (type !== 'UserAssignedMSI' && !password) {
      settings.problem(
        `SECRET_BOT_PASSWORD: expected the bot's client secret in ${envFile}.user, since BOT_ID is set and BOT_TYPE is ${typeText}`,
      );
    } else if (password && TOOLKIT_ENCRYPTED.test(password)) {
      const fix =
        appEnv === 'local'
          ? `the Toolkit's Deploy (F5 runs it) writes it in clear to ${envFile}.user`
          : `put the secret itself in ${envFile}.user or the process environment`;
      settings.problem(
        `SECRET_BOT_PASSWORD: expected the bot's client secret, got the Agents Toolkit's encrypted copy ("crypto_…"), which only the Toolkit reads: ${fix}`,
      );
    }
    if ((type === 'SingleTenant' || type === 'UserAssignedMSI') && !settings.text('BOT_TENANT_ID')) {
      settings.problem(
        `BOT_TENANT_ID: expected the bot's Entra tenant id (a GUID) in ${envFile}, since BOT_TYPE is ${typeText} (provisioning writes it)`,
      );
    }
    if (!oauthConnectionName) {
      settings.problem(
        `OAUTH_CONNECTION_NAME: expected in ${envFile} the name of the Azure Bot's OAuth connection that grants Partner Center access (PartnerCenter in the shipped env files), since BOT_ID is set`,
      );
    }
  }
  // Locally there is no app to authenticate as: botbuilder turns authentication off for an empty app id only when
  // the type is MultiTenant (it refuses an empty SingleTenant one), whatever env/.env.local says for F5.
  const botType = mode === 'teams' ? type : 'MultiTenant';
  return { mode, bot: { id, password, type: botType, tenantId }, oauthConnectionName };
}
