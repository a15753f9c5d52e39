import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  AuthenticationConstants,
  GovernmentConstants,
  MsalServiceClientCredentialsFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Config } from '../config';

/**
 * How the bot gets its own tokens (to reply, to reach the token service). botbuilder's default builds MSAL with
 * the login URL alone, so for any login host MSAL does not know it first asks login.microsoftonline.com where
 * that host is (instance discovery). Declaring the configured host as known makes the bot use exactly the
 * endpoints it is given: a sovereign cloud's, or a local double's in tests.
 * Managed identities and local mode keep botbuilder's default.
 */
export function credentialsFactory(
  config: Pick<Config, 'bot' | 'botFramework'>,
): ServiceClientCredentialsFactory | undefined {
  const { id, password, type } = config.bot;
  if (!id || !password || type === 'UserAssignedMSI') return undefined;
  const authority = loginAuthority(config);
  const client = new ConfidentialClientApplication({
    auth: { clientId: id, clientSecret: password, authority, knownAuthorities: [new URL(authority).host] },
  });
  const connectorClient: ClientCredentialSource = client;
  return new MsalServiceClientCredentialsFactory(id, connectorClient as unknown as ConnectorMsalClient);
}

/**
 * All botframework-connector asks of the MSAL client it is given. It is typed against the older MSAL it bundles,
 * whose types differ in fields it never sends; assigning our client to this shape checks the one call it makes.
 */
interface ClientCredentialSource {
  acquireTokenByClientCredential(request: {
    scopes: string[];
    skipCache: boolean;
  }): Promise<{ accessToken: string; expiresOn: Date | null } | null>;
}

type ConnectorMsalClient = ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1];

export function loginAuthority(config: Pick<Config, 'bot' | 'botFramework'>): string {
  const configured = config.botFramework.ToChannelFromBotLoginUrl;
  if (configured) return configured.replace(/\/+$/, '');
  const government = config.botFramework.ChannelService?.toLowerCase() === GovernmentConstants.ChannelService;
  const prefix = government
    ? GovernmentConstants.ToChannelFromBotLoginUrlPrefix
    : AuthenticationConstants.ToChannelFromBotLoginUrlPrefix;
  if (config.bot.type === 'SingleTenant' && config.bot.tenantId) return `${prefix}${config.bot.tenantId}`;
  return government
    ? GovernmentConstants.ToChannelFromBotLoginUrl
    : AuthenticationConstants.ToChannelFromBotLoginUrl;
}
