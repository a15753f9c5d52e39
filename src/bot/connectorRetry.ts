import type { TurnContext } from 'botbuilder';

/**
 * Teams asks bots to back off and try again when it answers a message with 429 (too many messages: per
 * conversation it takes about 7 a second), and to retry 412, 502 and 504 as well. Anything else is final.
 */
const RETRIED = new Set([412, 429, 502, 504]);

export interface ConnectorRetryOptions {
  /** Sends per message, the first included. */
  maxAttempts: number;
  /** The first wait; each later one doubles, with jitter. */
  baseDelayMs: number;
  /** The longest single wait, Retry-After included: the user is waiting for this answer. */
  maxDelayMs: number;
}

export const DEFAULT_CONNECTOR_RETRY: ConnectorRetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 5000,
};

/**
 * Retries this turn's sends to Teams as Teams documents. Messages go one at a time, so a retry never sends again
 * one that already arrived.
 */
export function retryConnectorSends(
  context: TurnContext,
  options: ConnectorRetryOptions = DEFAULT_CONNECTOR_RETRY,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): void {
  context.onSendActivities(async (_context, activities, next) => {
    const all = [...activities];
    const responses = [];
    for (const activity of all) {
      activities.splice(0, activities.length, activity);
      for (let attempt = 1; ; attempt++) {
        try {
          responses.push(...(await next()));
          break;
        } catch (error) {
          const status = statusOf(error);
          if (status === undefined || !RETRIED.has(status) || attempt >= options.maxAttempts) throw error;
          const backoff = options.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
          await sleep(Math.min(options.maxDelayMs, Math.max(backoff, retryAfterMs(error) ?? 0)));
        }
      }
    }
    activities.splice(0, activities.length, ...all);
    return responses;
  });
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } })
    ?.response?.headers;
  const value = headers?.get?.('retry-after');
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
