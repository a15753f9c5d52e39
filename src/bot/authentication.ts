import { ConfidentialClientApplication } from '@azure/msal-node';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  AuthenticationConstants,
  GovernmentConstants,
  MsalServiceClientCredentialsFactory,
  type ConnectorClientOptions,
  type ConnectorFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import type { Config } from '../config';

type BotSettings = Pick<Config, 'bot' | 'botFramework'>;

/**
 * Gives each HTTP attempt a limit of `timeout` ms (the services answer in well under a second): botbuilder sets
 * none, so a service that never answers would hold the turn and its socket.
 */
export function botFrameworkAuthentication(
  config: BotSettings,
  timeout = 5000,
): ConfigurationBotFrameworkAuthentication {
  // The token service's clients keep these options. Before the retry policy: each attempt gets the limit. The
  // array form: for the function form, botbuilder's compat layer adds its signing policy twice, and fails.
  const tokenServiceOptions = {
    requestPolicyFactories: [
      { create: (next) => ({ sendRequest: (req) => next.sendRequest(Object.assign(req, { timeout })) }) },
    ],
  } satisfies ConnectorClientOptions;
  const { bot } = config;
  const authentication = new ConfigurationBotFrameworkAuthentication(
    // Our settings by the names botbuilder reads; an empty app id: local mode.
    {
      ...config.botFramework,
      MicrosoftAppId: bot.id ?? '',
      MicrosoftAppPassword: bot.password ?? '',
      MicrosoftAppType: bot.type,
      MicrosoftAppTenantId: bot.tenantId ?? '',
    },
    credentialsFactory(config),
    undefined,
    undefined,
    tokenServiceOptions,
  );
  // The connector's clients get botbuilder's policies in place of the options': the limit goes on each operation.
  const withTimeout = (factory: ConnectorFactory): ConnectorFactory => ({
    create: async (serviceUrl, audience) => {
      const client = await factory.create(serviceUrl, audience);
      const send = client.sendOperationRequest.bind(client);
      client.sendOperationRequest = (operation, spec, callback) =>
        send({ ...operation, options: { ...operation.options, timeout } }, spec, callback);
      return client;
    },
  });
  const authenticate = authentication.authenticateRequest.bind(authentication);
  authentication.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticate(activity, authHeader);
    return result.connectorFactory
      ? { ...result, connectorFactory: withTimeout(result.connectorFactory) }
      : result;
  };
  // Proactive messages (a turn that outlives its request) get their connector here.
  const createConnectorFactory = authentication.createConnectorFactory.bind(authentication);
  authentication.createConnectorFactory = (identity) => withTimeout(createConnectorFactory(identity));
  return authentication;
}

/**
 * The bot's own tokens (to reply, to reach the token service). botbuilder builds MSAL with the login URL alone, so
 * MSAL asks login.microsoftonline.com where any other host is (instance discovery); declaring the configured host
 * known makes it use exactly the endpoints given: a sovereign cloud's, or a test double's.
 * Managed identities and local mode keep botbuilder's default.
 */
export function credentialsFactory(config: BotSettings): ServiceClientCredentialsFactory | undefined {
  const { id, password, type } = config.bot;
  if (!id || !password || type === 'UserAssignedMSI') return undefined;
  const authority = loginAuthority(config);
  const client = new ConfidentialClientApplication({
    auth: { clientId: id, clientSecret: password, authority, knownAuthorities: [new URL(authority).host] },
  }) satisfies ClientCredentialSource;
  return new MsalServiceClientCredentialsFactory(id, client as unknown as ConnectorMsalClient);
}

type ConnectorMsalClient = ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1];

/** The one call botframework-connector makes of MSAL, which it types against the older MSAL it bundles. */
interface ClientCredentialSource {
  acquireTokenByClientCredential(request: {
    scopes: string[];
    skipCache: boolean;
  }): Promise<{ accessToken: string; expiresOn: Date | null } | null>;
}

export function loginAuthority({ bot, botFramework }: BotSettings): string {
  if (botFramework.ToChannelFromBotLoginUrl) return botFramework.ToChannelFromBotLoginUrl.replace(/\/+$/, '');
  const cloud =
    botFramework.ChannelService?.toLowerCase() === GovernmentConstants.ChannelService
      ? GovernmentConstants
      : AuthenticationConstants;
  return bot.type === 'SingleTenant' && bot.tenantId
    ? `${cloud.ToChannelFromBotLoginUrlPrefix}${bot.tenantId}`
    : cloud.ToChannelFromBotLoginUrl;
}
