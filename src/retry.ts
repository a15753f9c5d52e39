import type { Clock } from './clock';

/**
 * The wait before attempt `attempt + 1`: the server's Retry-After when it gave one, else exponential backoff
 * from `baseMs` with jitter (×0.5 to ×1.5), so clients that failed together do not come back together.
 */
export function retryWaitMs(options: {
  attempt: number;
  baseMs: number;
  retryAfterMs?: number;
  random?: () => number;
}): number {
  if (options.retryAfterMs !== undefined) return options.retryAfterMs;
  const random = options.random ?? Math.random;
  return Math.round(options.baseMs * 2 ** (options.attempt - 1) * (0.5 + random()));
}

export interface RetryOptions {
  clock: Pick<Clock, 'sleep'>;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  retryBaseMs: number;
  random?: () => number;
  /**
   * Whether a failure may be tried again: undefined when not; else the server's Retry-After in seconds, if it
   * gave one. Each caller says which of its failures are safe to repeat.
   */
  retryable(error: unknown): { retryAfterSeconds?: number } | undefined;
  /** Called before the next attempt, once the wait is over (a client may take a new request id). */
  beforeRetry?(error: unknown): void;
  /**
   * A user request's time budget: no attempt starts after `deadline` (epoch ms on `now`), each gets at most
   * `callTimeoutMs` of what is left, and a wait that would outlast it is not taken (the user hears now, with when
   * to try again).
   */
  budget?: { now(): number; deadline: number; callTimeoutMs: number; usedUp(): Error };
}

/**
 * The one retry policy: attempts until one succeeds, a failure is not retryable or the attempts run out; between
 * them the wait from retryWaitMs (Retry-After honoured, else exponential backoff with jitter), on the injected
 * clock. Hand-written rather than cockatiel's: cockatiel 4 waits on its own setTimeout, with no clock to inject,
 * and the tests read every wait, budget and Retry-After on a clock they move.
 */
export async function withRetries<T>(
  options: RetryOptions,
  attempt: (number: number, timeoutMs: number) => Promise<T>,
): Promise<T> {
  const { clock, budget } = options;
  for (let number = 1; ; number++) {
    const remaining = budget ? budget.deadline - budget.now() : Infinity;
    if (budget && remaining <= 0) throw budget.usedUp();
    try {
      return await attempt(number, Math.min(budget?.callTimeoutMs ?? Infinity, remaining));
    } catch (error) {
      const retry = number < options.maxAttempts ? options.retryable(error) : undefined;
      if (!retry) throw error;
      const waitMs = retryWaitMs({
        attempt: number,
        baseMs: options.retryBaseMs,
        retryAfterMs: retry.retryAfterSeconds === undefined ? undefined : retry.retryAfterSeconds * 1000,
        random: options.random,
      });
      if (budget && budget.now() + waitMs >= budget.deadline) throw error;
      await clock.sleep(waitMs);
      options.beforeRetry?.(error);
    }
  }
}
