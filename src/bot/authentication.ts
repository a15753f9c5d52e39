import {
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { AuthenticationError, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from '../config';
import { connectorFactoryWithTimeout, outboundTimeout } from './outboundTimeout';

/** One HTTP attempt to the connector or the token service; they answer in well under a second. */
const DEFAULT_OUTBOUND_TIMEOUT_MS = 5000;

/** Errors jsonwebtoken throws for a token that is forged, malformed or not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * Bot Framework authentication from settings, answering 401 to every bad token. botbuilder lets jsonwebtoken's
 * own errors (a wrong signature, a malformed token) through, and CloudAdapter then answers 500 with the error
 * text: a forged request deserves 401 and no detail.
 */
/** Our settings by the names ConfigurationBotFrameworkAuthentication reads; an empty app id: local mode. */
export function authenticationOptions(
  config: Pick<Config, 'bot' | 'botFramework'>,
): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    ...config.botFramework,
    MicrosoftAppId: config.bot.id ?? '',
    MicrosoftAppPassword: config.bot.password ?? '',
    MicrosoftAppType: config.bot.type,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  };
}

export function botFrameworkAuthentication(
  options: ConfigurationBotFrameworkAuthenticationOptions,
  credentialsFactory?: ServiceClientCredentialsFactory,
  outboundTimeoutMs = DEFAULT_OUTBOUND_TIMEOUT_MS,
): ConfigurationBotFrameworkAuthentication {
  const authentication = new ConfigurationBotFrameworkAuthentication(
    options,
    credentialsFactory,
    undefined,
    undefined,
    outboundTimeout(outboundTimeoutMs),
  );
  const authenticate = authentication.authenticateRequest.bind(authentication);
  authentication.authenticateRequest = async (activity, authHeader) => {
    try {
      const result = await authenticate(activity, authHeader);
      const { connectorFactory } = result;
      return connectorFactory
        ? { ...result, connectorFactory: connectorFactoryWithTimeout(connectorFactory, outboundTimeoutMs) }
        : result;
    } catch (error) {
      const name = (error as { name?: unknown } | undefined)?.name;
      if (typeof name === 'string' && TOKEN_ERRORS.has(name)) {
        throw new AuthenticationError('Unauthorized Access. Request is not authorized', 401);
      }
      throw error;
    }
  };
  // Proactive messages (a turn that outlives its request) get their connector here.
  const createConnectorFactory = authentication.createConnectorFactory.bind(authentication);
  authentication.createConnectorFactory = (identity) =>
    connectorFactoryWithTimeout(createConnectorFactory(identity), outboundTimeoutMs);
  return authentication;
}
