import type { Clock } from '../clock';

/**
 * Partner Center throttles per caller and answers 429 with Retry-After (LEARN api-throttling-guidance); it
 * publishes no numbers for these calls, so the rate is the emulator's option. One token bucket per user (the
 * token's `oid`): it holds one second of burst and refills continuously. A refused request takes no token, so a
 * client that honours Retry-After gets through when told, while one that retries at once stays refused.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly requestsPerSecond: number,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  /** Undefined when the request may go on; else the whole seconds to wait (at least 1) for Retry-After. */
  take(user: string): number | undefined {
    const now = this.clock.now();
    const rate = this.requestsPerSecond;
    const bucket = this.buckets.get(user) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + (Math.max(0, now - bucket.at) * rate) / 1000);
    bucket.at = now;
    this.buckets.set(user, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    const waitMs = ((1 - bucket.tokens) * 1000) / rate;
    return Math.max(1, Math.ceil(waitMs / 1000));
  }
}
