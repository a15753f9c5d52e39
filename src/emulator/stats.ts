import type { EmulatorOperation } from './faults';

interface OperationStats {
  requests: number;
  /** Answered 429: throttled by rateLimit, or by an injected fault. */
  throttled: number;
}

export interface EmulatorStats extends OperationStats {
  /** Requests that reached a known operation (unauthenticated ones and unknown paths are in the totals only). */
  operations: Partial<Record<EmulatorOperation, OperationStats>>;
}

/** One more answered request, in the totals and under its operation. */
export function count(stats: EmulatorStats, operation: EmulatorOperation | undefined, was429: boolean): void {
  const add = (counts: OperationStats) => {
    counts.requests += 1;
    if (was429) counts.throttled += 1;
  };
  add(stats);
  if (operation) add((stats.operations[operation] ??= { requests: 0, throttled: 0 }));
}
