import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { retryWaitMs, systemClock, type Clock } from '../retry';

/**
 * Teams answers 412 when a message arrives while another of the conversation's is being written, and asks bots
 * to send it again. The connector's own pipeline already retries 429 and 5xx, honouring Retry-After; 412 is
 * the one it leaves to us.
 */
const PRECONDITION_FAILED = 412;

export interface ConnectorRetryOptions {
  /** Sends per activity, the first included. */
  maxAttempts: number;
  /** The first wait; each later one doubles, with jitter. */
  baseDelayMs: number;
}

const DEFAULT_CONNECTOR_RETRY: ConnectorRetryOptions = { maxAttempts: 3, baseDelayMs: 250 };

export interface Outbox {
  /** Forgets the messages held so far: the turn that made them runs again, or failed. */
  drop(): void;
  /** Sends the messages held, and everything after them at once. */
  release(): Promise<void>;
}

/**
 * A turn's way out to Teams. Its messages are held until `release()`, so that a turn whose state cannot be saved
 * has answered nothing; typing indicators and invoke responses go at once. Activities are sent one at a time, so
 * that sending again after a 412 never repeats one that already arrived.
 */
export function turnOutbox(
  context: TurnContext,
  retry: ConnectorRetryOptions = DEFAULT_CONNECTOR_RETRY,
  clock: Pick<Clock, 'sleep'> = systemClock,
): Outbox {
  const held: Array<Partial<Activity>> = [];
  let holding = true;
  context.onSendActivities(async (ctx, activities, send) => {
    const all = [...activities];
    const responses: ResourceResponse[] = [];
    for (const activity of all) {
      if (holding && activity.type === ActivityTypes.Message) {
        held.push(activity);
        ctx.responded = true;
        responses.push({ id: '' });
        continue;
      }
      activities.splice(0, activities.length, activity);
      for (let attempt = 1; ; attempt++) {
        try {
          responses.push(...(await send()));
          break;
        } catch (error) {
          const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
          if (status !== PRECONDITION_FAILED || attempt >= retry.maxAttempts) throw error;
          await clock.sleep(retryWaitMs({ attempt, baseMs: retry.baseDelayMs }));
        }
      }
    }
    activities.splice(0, activities.length, ...all);
    return responses;
  });
  return {
    drop: () => void held.splice(0),
    release: async () => {
      holding = false;
      if (held.length > 0) await context.sendActivities(held.splice(0));
    },
  };
}
