import type { Logger } from '../log';
import { silentLogger } from '../log';
import { systemClock, type Clock } from '../clock';

/** How a client's calls go over HTTP: the same knobs for Partner Center's and Graph's. */
export interface HttpCallOptions {
  /** One HTTP attempt's limit. */
  callTimeoutMs: number;
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** The first retry waits about this long; each later one twice as long, with jitter. */
  retryBaseMs: number;
  /** A response body longer than this is not read: the call fails as unreadable. */
  maxResponseBytes: number;
  logger: Logger;
  fetch: typeof fetch;
  /** For tests: the jitter source, and the clock that deadlines and retry waits run on. */
  random: () => number;
  clock: Clock;
}

/** The options a client was given, with the defaults both clients share: 10 s a call, 3 attempts, 1 MiB. */
export function httpCallOptions(given: Partial<HttpCallOptions>): HttpCallOptions {
  return {
    callTimeoutMs: given.callTimeoutMs ?? 10_000,
    maxAttempts: Math.max(1, given.maxAttempts ?? 3),
    retryBaseMs: given.retryBaseMs ?? 500,
    // A page of customers, agreements or relationships is a few hundred kilobytes at most.
    maxResponseBytes: given.maxResponseBytes ?? 2 ** 20,
    logger: given.logger ?? silentLogger,
    fetch: given.fetch ?? globalThis.fetch,
    random: given.random ?? Math.random,
    clock: given.clock ?? systemClock,
  };
}
