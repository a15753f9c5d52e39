import { systemClock, type Clock, type TickingClock } from '../../src/clock';

/**
 * A clock the test moves: sleeping records the wait and moves time on at once, so retry waits, budgets and
 * latencies are checked by value, never by how long a busy machine took.
 */
export class FakeClock implements Clock {
  readonly waits: number[] = [];

  constructor(private time = Date.UTC(2026, 0, 15, 9, 0, 0)) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.waits.push(ms);
    this.time += ms;
    return Promise.resolve();
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/**
 * Real time, sped up: the code reads and waits in its own units (a lease of 2 s, a Retry-After of 1 s) while the
 * test waits a tenth of it, say. Whatever times the code under test (the report's engine, the emulator's latency,
 * the test's own waits) goes by the same clock, so they agree.
 */
export function spedUp(speed: number): TickingClock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * speed,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms / speed)),
    every: (ms, tick) => systemClock.every(ms / speed, tick),
  };
}
