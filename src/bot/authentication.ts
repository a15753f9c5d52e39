import {
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { AuthenticationError, type ServiceClientCredentialsFactory } from 'botframework-connector';

/** Errors jsonwebtoken throws for a token that is forged, malformed or not yet valid. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * Bot Framework authentication from settings, answering 401 to every bad token. botbuilder lets jsonwebtoken's
 * own errors (a wrong signature, a malformed token) through, and CloudAdapter then answers 500 with the error
 * text: a forged request deserves 401 and no detail.
 */
export function botFrameworkAuthentication(
  options: ConfigurationBotFrameworkAuthenticationOptions,
  credentialsFactory?: ServiceClientCredentialsFactory,
): ConfigurationBotFrameworkAuthentication {
  const authentication = new ConfigurationBotFrameworkAuthentication(options, credentialsFactory);
  const authenticate = authentication.authenticateRequest.bind(authentication);
  authentication.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (error) {
      const name = (error as { name?: unknown } | undefined)?.name;
      if (typeof name === 'string' && TOKEN_ERRORS.has(name)) {
        throw new AuthenticationError('Unauthorized Access. Request is not authorized', 401);
      }
      throw error;
    }
  };
  return authentication;
}
