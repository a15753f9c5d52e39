import { withHeartbeat } from '../src/heartbeat';

const timing = { firstAfterMs: 400, everyMs: 3000 };

/** Work that ends when the test says so. */
function controlledWork() {
  let finish: (value: string) => void = () => {};
  const work = () => new Promise<string>((resolve) => (finish = resolve));
  return { work, finish: (value: string) => finish(value) };
}

describe('withHeartbeat', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('does not beat for work done before the first beat is due', async () => {
    const beat = jest.fn(async () => undefined);
    const { work, finish } = controlledWork();
    const result = withHeartbeat(work, beat, timing);
    await jest.advanceTimersByTimeAsync(timing.firstAfterMs - 1);
    finish('done');
    expect(await result).toBe('done');
    await jest.advanceTimersByTimeAsync(10 * timing.everyMs);
    expect(beat).not.toHaveBeenCalled();
  });

  it('beats once the first beat is due, then at each period, and stops with the work', async () => {
    const beat = jest.fn(async () => undefined);
    const { work, finish } = controlledWork();
    const result = withHeartbeat(work, beat, timing);
    await jest.advanceTimersByTimeAsync(timing.firstAfterMs);
    expect(beat).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(2 * timing.everyMs);
    expect(beat).toHaveBeenCalledTimes(3);
    finish('done');
    await result;
    await jest.advanceTimersByTimeAsync(10 * timing.everyMs);
    expect(beat).toHaveBeenCalledTimes(3);
  });

  it('waits for a beat on its way, so it never lands after the answer; a failing beat is ignored', async () => {
    const order: string[] = [];
    let land: () => void = () => {};
    const beat = jest.fn(
      () =>
        new Promise<void>((_resolve, reject) => {
          land = () => {
            order.push('beat');
            reject(new Error('Teams is busy'));
          };
        }),
    );
    const { work, finish } = controlledWork();
    const result = withHeartbeat(work, beat, timing).then((value) => order.push(value));
    await jest.advanceTimersByTimeAsync(timing.firstAfterMs);
    finish('answer');
    await jest.advanceTimersByTimeAsync(0);
    expect(order).toEqual([]);
    land();
    await result;
    expect(order).toEqual(['beat', 'answer']);
  });

  it('survives a beat that throws at once, and goes on beating', async () => {
    const beat = jest.fn((): Promise<unknown> => {
      throw new Error('not even a promise');
    });
    const { work, finish } = controlledWork();
    const result = withHeartbeat(work, beat, timing);
    await jest.advanceTimersByTimeAsync(timing.firstAfterMs + timing.everyMs);
    expect(beat).toHaveBeenCalledTimes(2);
    finish('done');
    expect(await result).toBe('done');
  });

  it('passes the work failure on, after stopping the beats', async () => {
    const beat = jest.fn(async () => undefined);
    const result = withHeartbeat(async () => Promise.reject(new Error('no')), beat, timing);
    await expect(result).rejects.toThrow('no');
    await jest.advanceTimersByTimeAsync(10 * timing.everyMs);
    expect(beat).not.toHaveBeenCalled();
  });
});
