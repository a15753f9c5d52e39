/** What `until` waits for: anything but undefined or false ends the wait. */
type Found<T> = T | undefined | false;

/**
 * Looks at `value` every `everyMs` until it gives something (neither undefined nor false), and resolves with it:
 * for what another process, a server or a background job does in its own time. The cap only turns a hang into a
 * failure that says what was awaited; by default it is below the unit suite's limit for a test (10 s), so that
 * the failure is this one, not a bare timeout.
 */
export async function until<T>(
  value: () => Found<T> | Promise<Found<T>>,
  { capMs = 8_000, everyMs = 20 }: { capMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + capMs;
  for (;;) {
    const found = await value();
    if (found !== undefined && found !== false) return found;
    if (Date.now() >= deadline) throw new Error(`still not so after ${capMs} ms: ${String(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
