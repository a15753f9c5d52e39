import { InFlight, ttlCache } from '../src/cache';

describe('ttlCache', () => {
  it('forgets an entry after its time to live, on the clock it is given', () => {
    let now = Date.UTC(2026, 11, 6, 9, 0, 0);
    const cache = ttlCache<string>(1000, 10, () => now);
    cache.set('a', 'x');
    now += 1000;
    expect(cache.get('a')).toBe('x');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps at most its bound, dropping the oldest first', () => {
    const cache = ttlCache<number>(60_000, 3);
    [1, 2, 3, 4].forEach((n) => cache.set(`k${n}`, n));
    expect(cache.size).toBe(3);
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.get('k4')).toBe(4);
  });

  it('stores nothing with a time to live of 0', () => {
    const cache = ttlCache<string>(0);
    cache.set('a', 'x');
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('InFlight', () => {
  it('shares one run per key while it is under way, then starts afresh', async () => {
    const inFlight = new InFlight<number>();
    let runs = 0;
    const call = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 20));
    const [a, b] = await Promise.all([inFlight.run('k', call), inFlight.run('k', call)]);
    expect([a, b]).toEqual([1, 1]);
    expect(inFlight.size).toBe(0);
    expect(await inFlight.run('k', call)).toBe(2);
  });

  it('shares a failure too, and does not keep it', async () => {
    const inFlight = new InFlight<number>();
    const failing = () => Promise.reject(new Error('down'));
    await expect(Promise.all([inFlight.run('k', failing), inFlight.run('k', failing)])).rejects.toThrow(
      'down',
    );
    expect(inFlight.size).toBe(0);
  });
});
