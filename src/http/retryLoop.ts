import { retryWaitMs, type Clock } from '../retry';

export interface RetryLoopOptions {
  clock: Clock;
  /** When the user request's budget runs out (epoch ms): no attempt starts, and no wait ends, after it. */
  deadline: number;
  maxAttempts: number;
  /** One attempt's own limit; the last one gets what is left of the budget when that is less. */
  callTimeoutMs: number;
  retryBaseMs: number;
  random: () => number;
  /** The error to throw when the budget is used up before an attempt. */
  budgetUsedUp(): Error;
  /**
   * Whether a failure may be tried again: undefined when not; else the server's Retry-After in seconds, if it
   * gave one. Each client says which of its failures are safe to repeat.
   */
  retryable(error: unknown): { retryAfterSeconds?: number } | undefined;
  /** Called before the next attempt, once the wait is over (a client may take a new request id). */
  beforeRetry?(error: unknown): void;
}

/**
 * The one retry policy of the clients over fetch: attempts within the request's budget, each with a timeout, the
 * wait between them from retryWaitMs (Retry-After honoured, else backoff with jitter). A wait that would outlast
 * the budget is not taken: the user hears now, with when to try again.
 */
export async function withRetries<T>(
  options: RetryLoopOptions,
  attempt: (number: number, timeoutMs: number) => Promise<T>,
): Promise<T> {
  const { clock, deadline } = options;
  for (let number = 1; ; number++) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw options.budgetUsedUp();
    try {
      return await attempt(number, Math.min(options.callTimeoutMs, remaining));
    } catch (error) {
      const retry = number < options.maxAttempts ? options.retryable(error) : undefined;
      if (!retry) throw error;
      const waitMs = retryWaitMs({
        attempt: number,
        baseMs: options.retryBaseMs,
        retryAfterMs: retry.retryAfterSeconds === undefined ? undefined : retry.retryAfterSeconds * 1000,
        random: options.random,
      });
      if (clock.now() + waitMs >= deadline) throw error;
      await clock.sleep(waitMs);
      options.beforeRetry?.(error);
    }
  }
}
