import { z } from 'zod';
import type { SettingReader } from './reader';
import { endpointUrl, trueOrFalseText } from './schemas';

/**
 * The settings botbuilder's ConfigurationBotFrameworkAuthentication reads, under its names: for sovereign clouds or
 * a local double of the services in tests. Endpoints the bot calls or trusts: https, or http to this machine.
 */
const BOT_FRAMEWORK_SETTINGS = {
  ChannelService: endpointUrl,
  OAuthUrl: endpointUrl,
  ToBotFromChannelOpenIdMetadataUrl: endpointUrl,
  ToBotFromChannelTokenIssuer: z.string(),
  ToBotFromEmulatorOpenIdMetadataUrl: endpointUrl,
  ToChannelFromBotLoginUrl: endpointUrl,
  ToChannelFromBotOAuthScope: z.string(),
  CallerId: z.string(),
  ValidateAuthority: trueOrFalseText,
};

export function readBotFrameworkSettings(settings: SettingReader): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, schema] of Object.entries(BOT_FRAMEWORK_SETTINGS)) {
    const value = settings.read(name, schema.optional());
    if (value !== undefined) values[name] = value;
  }
  return values;
}
