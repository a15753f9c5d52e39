import { withRetries } from '../retry';
import { systemClock, type Clock } from '../clock';

/**
 * Teams answers 412 when a message arrives while another of the conversation's is being written, and asks bots
 * to send it again. The connector's own pipeline already retries 429 and 5xx, honouring Retry-After; 412 is
 * the one it leaves to us.
 */
const PRECONDITION_FAILED = 412;

/** Sends per activity, the first included; the first wait, each later one doubling (with jitter). */
export const CONNECTOR_RETRY = { maxAttempts: 3, baseDelayMs: 250 };

/** One send to the connector, sent again after a 412 as Teams asks. */
export function sendingAgainOn412<T>(
  send: () => Promise<T>,
  clock: Pick<Clock, 'sleep'> = systemClock,
): Promise<T> {
  return withRetries(
    {
      clock,
      maxAttempts: CONNECTOR_RETRY.maxAttempts,
      retryBaseMs: CONNECTOR_RETRY.baseDelayMs,
      retryable: (error) =>
        (error as { statusCode?: unknown } | undefined)?.statusCode === PRECONDITION_FAILED ? {} : undefined,
    },
    () => send(),
  );
}
