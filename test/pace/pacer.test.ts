import { Pacer, retryAt } from '../../src/pace/pacer';
import type { Clock } from '../../src/clock';

/** Time that moves only when a waiter sleeps: the pace is read off the send times. */
class SteppingClock implements Clock {
  time = 0;
  now() {
    return this.time;
  }
  async sleep(ms: number) {
    this.time += ms;
  }
}

/** Sends `count` calls one after another, answered by `answer`; the send times. */
async function send(
  pacer: Pacer,
  clock: SteppingClock,
  count: number,
  answer: (at: number) => 'answered' | 'throttled',
) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await pacer.take();
    times.push(clock.now());
    pacer.done(answer(clock.now()));
  }
  return times;
}

describe('the pacer of a report', () => {
  it('starts low and doubles every half second while nothing is throttled, up to its ceiling', async () => {
    const clock = new SteppingClock();
    const pacer = new Pacer({ maxRatePerSecond: 100, maxConcurrency: 4, startRatePerSecond: 10, clock });
    const times = await send(pacer, clock, 200, () => 'answered');
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(99);
    expect(pacer.ratePerSecond).toBe(100);
    // Never two calls closer than the ceiling allows.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(9.99);
  });

  it('at a 429, goes to four fifths of the pace it really kept, and cuts once per short period', async () => {
    const clock = new SteppingClock();
    const pacer = new Pacer({ maxRatePerSecond: 100, maxConcurrency: 4, startRatePerSecond: 100, clock });
    await send(pacer, clock, 150, () => 'answered');
    await send(pacer, clock, 1, () => 'throttled');
    // 100 calls in the last second: 80 a second now.
    expect(pacer.ratePerSecond).toBeCloseTo(80, 0);
    // Throttled answers to calls already sent do not cut it again at once.
    pacer.done('throttled');
    expect(pacer.ratePerSecond).toBeCloseTo(80, 0);
    expect(pacer.throttledCalls).toBe(2);
  });

  it('settles near a limit it is not told, with few 429s', async () => {
    const clock = new SteppingClock();
    const pacer = new Pacer({ maxRatePerSecond: 10_000, maxConcurrency: 8, startRatePerSecond: 50, clock });
    // Partner Center's budget: 200 a second, one second of burst.
    let tokens = 200;
    let last = 0;
    const times = await send(pacer, clock, 10_000, (now) => {
      tokens = Math.min(200, tokens + ((now - last) * 200) / 1000);
      last = now;
      if (tokens < 1) return 'throttled';
      tokens -= 1;
      return 'answered';
    });
    const seconds = times.at(-1)! / 1000;
    expect(10_000 / 200 / seconds).toBeGreaterThan(0.85);
    expect(pacer.throttledCalls / 10_000).toBeLessThan(0.02);
  });

  it('waits out Retry-After, and at least a second when there is none', () => {
    expect(retryAt(1000, 57)).toBe(58_000);
    expect(retryAt(1000, undefined)).toBe(2000);
    expect(retryAt(1000, 0)).toBe(2000);
  });
});
