import type { HttpCallOptions } from '../http/callOptions';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { isTimeout, parseJson, parseRetryAfter, readText } from '../http/body';
import { read } from '../http/read';
import { withRetries } from '../retry';
import { GraphError, graphErrorKind, type GraphErrorDetails } from './errors';
import { graphErrorBodySchema } from './schemas';

/** Who is asking, for one user request. The client takes a token; it never acquires one. */
export interface GraphRequestContext {
  token: string;
  /** One per user request, shared by every call it makes; logged with each call's client-request-id. */
  correlationId: string;
  /** Who the user is, for the logs and anything kept per user. */
  userKey: string;
  /** When the user request's time budget runs out (epoch ms): every call and retry ends before it. */
  deadline: number;
}

/** One HTTP call: its name in logs and errors, where it goes, what it sends, and the shape of a good answer. */
export interface GraphCall<T> {
  operation: string;
  method: 'GET' | 'POST';
  url: URL;
  body?: unknown;
  schema: z.ZodType<T>;
  /** The call gives a displayName: a conflict means the name is taken. */
  setsName?: boolean;
  /** Whether this failure may be tried again: creating and reading differ (errors.ts). */
  retryable(error: GraphError): boolean;
}

export type GraphTransportOptions = HttpCallOptions;

/** Microsoft Graph over HTTP: one call with its headers, a timeout and a size cap, retried as the call allows. */
export class GraphTransport {
  constructor(private readonly options: GraphTransportOptions) {}

  send<T>(context: GraphRequestContext, call: GraphCall<T>): Promise<T> {
    let last: Pick<GraphErrorDetails, 'clientRequestId'> = {};
    return withRetries(
      {
        ...this.options,
        budget: {
          now: () => this.options.clock.now(),
          deadline: context.deadline,
          callTimeoutMs: this.options.callTimeoutMs,
          usedUp: () =>
            new GraphError({
              ...last,
              kind: 'timeout',
              operation: call.operation,
              correlationId: context.correlationId,
              description: 'time budget used up',
            }),
        },
        retryable: (error) => (error instanceof GraphError && call.retryable(error) ? error : undefined),
      },
      (attempt, timeoutMs) => {
        // A new client-request-id for every attempt: each is its own HTTP request in Microsoft's logs.
        last = { clientRequestId: randomUUID() };
        return this.attempt(context, call, {
          attempt,
          timeoutMs,
          clientRequestId: last.clientRequestId ?? '',
        });
      },
    );
  }

  private async attempt<T>(
    context: GraphRequestContext,
    call: GraphCall<T>,
    sent: { attempt: number; timeoutMs: number; clientRequestId: string },
  ): Promise<T> {
    const { clock } = this.options;
    const started = clock.now();
    const answer: Partial<GraphErrorDetails> = { clientRequestId: sent.clientRequestId };
    const failure = (
      details: Partial<GraphErrorDetails> & Pick<GraphErrorDetails, 'kind'>,
      cause?: unknown,
    ) =>
      new GraphError(
        { operation: call.operation, correlationId: context.correlationId, ...answer, ...details },
        { cause },
      );
    let result: { ok: true; value: T } | { ok: false; error: GraphError };
    try {
      result = { ok: true, value: await this.exchange(context, call, sent, answer, failure) };
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      result = { ok: false, error };
    }
    // One line per HTTP attempt: ids and outcome only, never the token, the URL's query or any body.
    const error = result.ok ? undefined : result.error;
    const line = {
      operation: call.operation,
      status: answer.status,
      code: error?.code,
      attempt: sent.attempt,
      ms: clock.now() - started,
      outcome: error?.kind ?? 'ok',
      clientRequestId: sent.clientRequestId,
      requestId: answer.requestId,
      correlationId: context.correlationId,
    };
    if (result.ok) {
      this.options.logger.info('graph call', line);
      return result.value;
    }
    this.options.logger.warn('graph call', line);
    throw result.error;
  }

  /** Sends the request and reads its answer; `answer` collects the status and ids as they become known. */
  private async exchange<T>(
    context: GraphRequestContext,
    call: GraphCall<T>,
    sent: { timeoutMs: number; clientRequestId: string },
    answer: Partial<GraphErrorDetails>,
    failure: (
      details: Partial<GraphErrorDetails> & Pick<GraphErrorDetails, 'kind'>,
      cause?: unknown,
    ) => GraphError,
  ): Promise<T> {
    const { clock, maxResponseBytes } = this.options;
    let response: Response;
    let text: string | undefined;
    try {
      response = await this.options.fetch(call.url, {
        method: call.method,
        headers: this.headers(context, call, sent.clientRequestId),
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(sent.timeoutMs),
      });
      answer.status = response.status;
      answer.requestId = response.headers.get('request-id') ?? undefined;
      text = await readText(response, maxResponseBytes);
    } catch (error) {
      throw failure({ kind: isTimeout(error) ? 'timeout' : 'network' }, error);
    }
    const json = parseJson(text ?? '');
    if (!response.ok) {
      const body = graphErrorBodySchema.parse(json);
      answer.requestId ??= body.requestId;
      throw failure({
        kind: graphErrorKind(
          response.status,
          { ...body, wwwAuthenticate: response.headers.get('www-authenticate') },
          call.setsName,
        ),
        code: body.code,
        graphMessage: body.message,
        retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), clock.now()),
      });
    }
    if (text === undefined)
      throw failure({ kind: 'unreadable', description: `body over ${maxResponseBytes} bytes` });
    if (json === undefined) throw failure({ kind: 'unreadable', description: 'not JSON' });
    const parsed = read(call.schema, json);
    if (!parsed.ok) throw failure({ kind: 'unreadable', description: parsed.problem });
    return parsed.value;
  }

  private headers(context: GraphRequestContext, call: GraphCall<unknown>, clientRequestId: string) {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${context.token}`,
      Accept: 'application/json',
      'client-request-id': clientRequestId,
      // Graph echoes our id in its answer, so one id finds the call on both sides.
      'return-client-request-id': 'true',
    };
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    return headers;
  }
}
