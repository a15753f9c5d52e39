import type { Clock } from '../../src/retry';

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
