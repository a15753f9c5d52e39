/** Time as the retrying code sees it: injected, so tests run on a clock they move themselves. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * A clock that also ticks, for work renewed on a period (a job's lease, the scan for jobs to take over): leases
 * are counted on `now`, so their renewals must run on the same time, which a test may speed up.
 */
export interface TickingClock extends Clock {
  /** Calls `tick` every `ms` until the returned function is called; never keeps the process alive. */
  every(ms: number, tick: () => void): () => void;
}

export const systemClock: TickingClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

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
