import type { ConnectorClient, ConnectorClientOptions, ConnectorFactory } from 'botframework-connector';

type PolicyFactories = NonNullable<ConnectorClientOptions['requestPolicyFactories']>;
type PolicyFactory = Extract<PolicyFactories, unknown[]>[number];

/*
 * botbuilder sets no timeout on its HTTP calls: a service that accepts the connection and never answers holds
 * the turn, and the socket, for as long as the operating system lets it. These give each attempt a limit, after
 * which it is abandoned and its socket closed.
 */

/** Client options for the token service (and any client that keeps the options it is given). */
export function outboundTimeout(timeoutMs: number): ConnectorClientOptions {
  const factory: PolicyFactory = {
    create: (next) => ({
      sendRequest: (request) => {
        // Runs before the pipeline's retry policy, so every attempt gets the same limit.
        request.timeout = timeoutMs;
        return next.sendRequest(request);
      },
    }),
  };
  // The array form: botbuilder's compat layer adds its signing policy twice, and fails, for the function form.
  return { requestPolicyFactories: [factory] };
}

/**
 * The connector's clients: botbuilder builds them with request policies of its own in place of the options', so
 * the limit goes on each operation instead (its `timeout` option, which every connector operation takes).
 */
export function connectorFactoryWithTimeout(factory: ConnectorFactory, timeoutMs: number): ConnectorFactory {
  return {
    create: async (serviceUrl, audience) => {
      const client: ConnectorClient = await factory.create(serviceUrl, audience);
      const send = client.sendOperationRequest.bind(client);
      client.sendOperationRequest = (operation, spec, callback) =>
        send({ ...operation, options: { ...operation.options, timeout: timeoutMs } }, spec, callback);
      return client;
    },
  };
}
