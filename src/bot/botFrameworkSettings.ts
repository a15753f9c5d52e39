import { z } from 'zod';
import type { SettingReader } from '../config/reader';
import { endpointUrl, trueOrFalseText } from '../config/schemas';

/** The settings botbuilder's ConfigurationBotFrameworkAuthentication understands, under its own names. */
const BOT_FRAMEWORK_SETTINGS = [
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

/** Those that are endpoints the bot calls or trusts: https, or http to this machine (a test double). */
const BOT_FRAMEWORK_URLS: ReadonlySet<string> = new Set([
  'ChannelService',
  'OAuthUrl',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'ToChannelFromBotLoginUrl',
]);

/** Those set, checked, for sovereign clouds or a local double of the services in tests. */
export function readBotFrameworkSettings(settings: SettingReader): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of BOT_FRAMEWORK_SETTINGS) {
    const schema = BOT_FRAMEWORK_URLS.has(name)
      ? endpointUrl
      : name === 'ValidateAuthority'
        ? trueOrFalseText
        : z.string();
    const value = settings.read(name, schema.optional());
    if (value !== undefined) values[name] = value;
  }
  return values;
}
