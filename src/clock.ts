/** Time as the code sees it: injected, so tests run on a clock they move themselves. */
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
