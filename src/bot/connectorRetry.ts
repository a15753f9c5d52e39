import type { TurnContext } from 'botbuilder';
import { retryWaitMs, systemClock, type Clock } from '../retry';

/**
 * Teams answers 412 when a message arrives while another of the conversation's is being written, and asks bots
 * to send it again. The connector's own pipeline already retries 429 and 5xx, honouring Retry-After; 412 is
 * the one it leaves to us.
 */
const PRECONDITION_FAILED = 412;

export interface ConnectorRetryOptions {
  /** Sends per message, the first included. */
  maxAttempts: number;
  /** The first wait; each later one doubles, with jitter. */
  baseDelayMs: number;
}

const DEFAULT_CONNECTOR_RETRY: ConnectorRetryOptions = { maxAttempts: 3, baseDelayMs: 250 };

/** Sends this turn's messages one at a time, so a retry never sends again one that already arrived. */
export function retryConnectorSends(
  context: TurnContext,
  options: ConnectorRetryOptions = DEFAULT_CONNECTOR_RETRY,
  clock: Pick<Clock, 'sleep'> = systemClock,
): void {
  context.onSendActivities(async (_context, activities, next) => {
    const all = [...activities];
    const responses = [];
    for (const activity of all) {
      activities.splice(0, activities.length, activity);
      for (let attempt = 1; ; attempt++) {
        try {
          responses.push(...(await next()));
          break;
        } catch (error) {
          const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
          if (status !== PRECONDITION_FAILED || attempt >= options.maxAttempts) throw error;
          await clock.sleep(retryWaitMs({ attempt, baseMs: options.baseDelayMs }));
        }
      }
    }
    activities.splice(0, activities.length, ...all);
    return responses;
  });
}
