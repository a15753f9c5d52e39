import { systemClock } from '../src/clock';

const timersKeepingTheProcessAlive = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe('the system clock', () => {
  it('ticks every period until stopped (the report renews its lease and scans for jobs on it)', () => {
    jest.useFakeTimers();
    try {
      const ticks: number[] = [];
      const start = Date.now();
      const stop = systemClock.every(1000, () => ticks.push(Date.now() - start));
      jest.advanceTimersByTime(3500);
      expect(ticks).toEqual([1000, 2000, 3000]);
      stop();
      jest.advanceTimersByTime(5000);
      expect(ticks).toHaveLength(3);
    } finally {
      jest.useRealTimers();
    }
  });

  it('never keeps the process alive: an instance that is stopping does not wait for its next tick', () => {
    const before = timersKeepingTheProcessAlive();
    const stop = systemClock.every(60_000, () => undefined);
    expect(timersKeepingTheProcessAlive()).toBe(before);
    stop();
  });
});
