/**
 * The work's outcome, or what `late` gives when `ms` pass first. The work is not cancelled (a caller that can
 * abort it passes it a signal as well); the timer never outlives the race, so it holds no process open.
 */
export async function within<T>(work: Promise<T>, ms: number, late: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(late());
      } catch (error) {
        reject(error);
      }
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
