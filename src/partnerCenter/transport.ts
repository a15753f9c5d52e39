import type { HttpCallOptions } from '../http/callOptions';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { isTimeout, parseJson, readText } from '../http/body';
import { withRetries } from '../retry';
import {
  isRetryable,
  kindForStatus,
  parseRetryAfter,
  PartnerCenterError,
  type PartnerCenterErrorDetails,
  type PartnerCenterErrorKind,
} from './errors';
import { errorBodySchema, read } from './schemas';

/** Who is asking, for one user request. The client takes a token; it never acquires one. */
export interface PartnerCenterRequestContext {
  token: string;
  /** One per user request, shared by every call it makes, so support can follow it end to end. */
  correlationId: string;
  /** The user's locale; X-Locale gets the Partner Center culture closest to it. */
  locale: string;
  /** Who the user is: caches and coalescing never cross users. */
  userKey: string;
  /** When the user request's time budget runs out (epoch ms): every call and retry ends before it. */
  deadline: number;
  /** Attempts per call, when the caller paces and retries itself (a report over every customer). */
  maxAttempts?: number;
}

/** One GET: what it is called in logs and errors, where it goes, and the shape of a good answer. */
export interface Call<T> {
  operation: string;
  path: string;
  schema: z.ZodType<T>;
  /** A 404 on a customer's path means that customer is not this partner's. */
  customerScoped?: boolean;
  /** Sent besides the usual ones (a page's MS-ContinuationToken). */
  headers?: Record<string, string>;
}

export interface TransportOptions extends HttpCallOptions {
  baseUrl: string;
  applicationName: string;
}

/**
 * X-Locale must be one of Partner Center's supported cultures (learn.microsoft.com/partner-center/developer/
 * partner-center-supported-languages-and-locales); others have been refused ("Locale en-GB is not supported"). The
 * bot speaks English and French: French users get fr-FR, France's culture; everyone else en-US.
 */
function partnerCenterCulture(locale: string): string {
  return /^fr(-|$)/i.test(locale) ? 'fr-FR' : 'en-US';
}

/**
 * Partner Center over HTTP: one GET with its headers, a timeout and a size cap, retried as the policy allows
 * within the request's budget; every failure becomes a PartnerCenterError.
 */
export class PartnerCenterTransport {
  constructor(private readonly options: TransportOptions) {}

  async get<T>(context: PartnerCenterRequestContext, call: Call<T>): Promise<T> {
    let requestId = randomUUID();
    return withRetries(
      {
        clock: this.options.clock,
        maxAttempts: context.maxAttempts ?? this.options.maxAttempts,
        retryBaseMs: this.options.retryBaseMs,
        random: this.options.random,
        budget: {
          now: () => this.options.clock.now(),
          deadline: context.deadline,
          callTimeoutMs: this.options.callTimeoutMs,
          usedUp: () =>
            new PartnerCenterError({
              ...ids(call, context, requestId),
              kind: 'timeout',
              description: 'time budget used up',
            }),
        },
        retryable: (error) =>
          error instanceof PartnerCenterError && isRetryable(error.kind) ? error : undefined,
        // The same MS-RequestId only when the last attempt got no answer in time: Partner Center may have
        // acted on it, and the id is what makes the retry idempotent. After any answer, a new id.
        beforeRetry: (error) => {
          if (!(error instanceof PartnerCenterError && error.kind === 'timeout')) requestId = randomUUID();
        },
      },
      (attempt, timeoutMs) => this.attempt(context, call, requestId, attempt, timeoutMs),
    );
  }

  private async attempt<T>(
    context: PartnerCenterRequestContext,
    call: Call<T>,
    requestId: string,
    attempt: number,
    timeoutMs: number,
  ): Promise<T> {
    const { clock, maxResponseBytes } = this.options;
    const started = clock.now();
    let status: number | undefined;
    const fail = (
      kind: PartnerCenterErrorKind,
      extra: Partial<PartnerCenterErrorDetails> = {},
      cause?: unknown,
    ) => new PartnerCenterError({ ...ids(call, context, requestId), kind, status, ...extra }, { cause });
    /** One line per HTTP attempt: ids and outcome only, never the token, the URL's query or any body. */
    const log = (outcome: string, code?: string) => {
      const ms = clock.now() - started;
      const fields = { operation: call.operation, status, code, attempt, ms, outcome, requestId };
      const line = { ...fields, correlationId: context.correlationId };
      if (outcome === 'ok') this.options.logger.info('partner center call', line);
      else this.options.logger.warn('partner center call', line);
    };
    try {
      let text: string | undefined;
      let response: Response;
      try {
        response = await this.options.fetch(`${this.options.baseUrl}${call.path}`, {
          method: 'GET',
          headers: { ...call.headers, ...this.headers(context, requestId) },
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        text = await readText(response, maxResponseBytes);
      } catch (error) {
        throw fail(isTimeout(error) ? 'timeout' : 'network', {}, error);
      }
      // An error answer is known by its status: an oversized body only loses its code and description.
      if (text === undefined && response.ok)
        throw fail('unreadable', { description: `body over ${maxResponseBytes} bytes` });
      const json = parseJson(text ?? '');
      if (!response.ok) {
        const { code, description } = errorBodySchema.parse(json);
        throw fail(kindForStatus(response.status, code, call.customerScoped ?? false, text ?? ''), {
          code,
          description,
          retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after'), clock.now()),
        });
      }
      if (json === undefined) throw fail('unreadable', { description: 'not JSON' });
      const result = read(call.schema, json);
      if (!result.ok) throw fail('unreadable', { description: result.problem });
      log('ok');
      return result.value;
    } catch (error) {
      if (error instanceof PartnerCenterError) log(error.kind, error.code);
      else log('error');
      throw error;
    }
  }

  private headers(context: PartnerCenterRequestContext, requestId: string): Record<string, string> {
    return {
      Authorization: `Bearer ${context.token}`,
      Accept: 'application/json',
      'MS-Contract-Version': 'v1',
      'MS-RequestId': requestId,
      'MS-CorrelationId': context.correlationId,
      'MS-PartnerCenter-Application': this.options.applicationName,
      'X-Locale': partnerCenterCulture(context.locale),
    };
  }
}

function ids(call: Call<unknown>, context: PartnerCenterRequestContext, requestId: string) {
  return { operation: call.operation, requestId, correlationId: context.correlationId };
}
