import { ConfidentialClientApplication } from '@azure/msal-node';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  AuthenticationConstants,
  GovernmentConstants,
  MsalServiceClientCredentialsFactory,
  type ConnectorClient,
  type ConnectorClientOptions,
  type ConnectorFactory,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config';

type BotSettings = Pick<Config, 'bot' | 'botFramework'>;

/** Connector (and token service) clients kept: one per service URL Teams uses, a handful in practice. */
const MAX_KEPT_CLIENTS = 32;

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
  // botbuilder builds a connector client and a token service client, each with its HTTP pipeline, for every
  // turn: a fifth of a short turn's CPU. They hold no state of the turn (their credentials cache the bot's own
  // token), so one per bot, service URL and audience is built once and kept, a few at most.
  const connectors = new LRUCache<string, Promise<ConnectorClient>>({ max: MAX_KEPT_CLIENTS });
  const tokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: MAX_KEPT_CLIENTS });
  // The connector's clients get botbuilder's policies in place of the options': the limit goes on each operation.
  const withTimeout = (factory: ConnectorFactory): ConnectorFactory => ({
    create: (serviceUrl, audience) => {
      const key = JSON.stringify([(factory as { appId?: string }).appId, serviceUrl, audience]);
      const kept = connectors.get(key);
      if (kept) return kept;
      const created = factory.create(serviceUrl, audience).then((client) => {
        const send = client.sendOperationRequest.bind(client);
        client.sendOperationRequest = (operation, spec, callback) =>
          send({ ...operation, options: { ...operation.options, timeout } }, spec, callback);
        return client;
      });
      connectors.set(key, created);
      // A client that could not be built (its credentials) is asked for again next time.
      created.catch(() => connectors.delete(key));
      return created;
    },
  });
  const createUserTokenClient = authentication.createUserTokenClient.bind(authentication);
  authentication.createUserTokenClient = (identity) => {
    // The bot the request is for, as botbuilder reads it: the audience, else the emulator's app id claim.
    const appId =
      identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
      identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
      '';
    const kept = tokenClients.get(appId);
    if (kept) return kept;
    const created = createUserTokenClient(identity);
    tokenClients.set(appId, created);
    created.catch(() => tokenClients.delete(appId));
    return created;
  };
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
