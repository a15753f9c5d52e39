export interface HeartbeatTiming {
  /** No beat for work done sooner. */
  firstAfterMs: number;
  /** Then one beat this often while the work goes on. */
  everyMs: number;
}

/**
 * Runs `work` at once and, only if it is still running after `firstAfterMs`, calls `beat` then and every `everyMs`
 * until it ends: a sign of life for slow work that costs nothing for quick work. A beat's failure is ignored; a
 * beat already on its way is waited for, so it never lands after the work's own answer.
 */
export async function withHeartbeat<T>(
  work: () => Promise<T>,
  beat: () => Promise<unknown>,
  timing: HeartbeatTiming,
): Promise<T> {
  let beating: Promise<unknown> = Promise.resolve();
  const once = () => {
    beating = Promise.resolve()
      .then(beat)
      .catch(() => undefined);
  };
  let renewal: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    once();
    renewal = setInterval(once, timing.everyMs);
  }, timing.firstAfterMs);
  try {
    return await work();
  } finally {
    clearTimeout(first);
    clearInterval(renewal);
    await beating;
  }
}
