import { LRUCache } from 'lru-cache';

/** What the bounded caches use of lru-cache: little enough to stand in for "no cache" when the time to live is 0. */
export interface BoundedCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
  readonly size: number;
}

/**
 * An LRU (lru-cache) with a time to live read on the given clock, so a test that moves its clock moves the cache's
 * too: a bot serving a whole partner must not grow without limit. A time to live of 0 or less caches nothing
 * (lru-cache would keep such entries forever).
 *
 * `ttlResolution: 0` reads the clock at every check: lru-cache otherwise reuses one reading for a millisecond of
 * real time, which a test clock moved in between would contradict. lru-cache counts an entry stale once strictly
 * more than `ttlMs` has passed, and never when it was set at time 0; real clocks are far past 0.
 */
export function ttlCache<V extends NonNullable<unknown>>(
  ttlMs: number,
  max = 10_000,
  now: () => number = Date.now,
): BoundedCache<V> {
  if (ttlMs <= 0) return noCache;
  return new LRUCache<string, V>({ max, ttl: ttlMs, ttlResolution: 0, perf: { now } });
}

const noCache: BoundedCache<never> = { get: () => undefined, set: () => undefined, size: 0 };

/**
 * Runs one call per key at a time: a second identical request while the first is under way shares its answer.
 * Kept by hand: lru-cache's `fetch` coalesces too, but only as a way to fill the cache, and what is coalesced
 * here (a customer, an agreements page) must not be kept once the call is over.
 */
export class InFlight<V> {
  private readonly pending = new Map<string, Promise<V>>();

  run(key: string, call: () => Promise<V>): Promise<V> {
    const existing = this.pending.get(key);
    if (existing) return existing;
    const started = call().finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }

  get size(): number {
    return this.pending.size;
  }
}
