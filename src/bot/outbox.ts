import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { retryWaitMs, systemClock, type Clock } from '../retry';

/**
 * Teams answers 412 when a message arrives while another of the conversation's is being written, and asks bots
 * to send it again. The connector's own pipeline already retries 429 and 5xx, honouring Retry-After; 412 is
 * the one it leaves to us.
 */
const PRECONDITION_FAILED = 412;

/** Sends per activity, the first included; the first wait, each later one doubling (with jitter). */
export const CONNECTOR_RETRY = { maxAttempts: 3, baseDelayMs: 250 };

/**
 * A turn's way out to Teams. Its messages are held until `release()`, so that a turn whose state cannot be saved
 * has answered nothing; typing indicators and invoke responses go at once. Activities are sent one at a time, so
 * that sending again after a 412 never repeats one that already arrived.
 */
export function turnOutbox(context: TurnContext, clock: Pick<Clock, 'sleep'> = systemClock) {
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
          if (status !== PRECONDITION_FAILED || attempt >= CONNECTOR_RETRY.maxAttempts) throw error;
          await clock.sleep(retryWaitMs({ attempt, baseMs: CONNECTOR_RETRY.baseDelayMs }));
        }
      }
    }
    activities.splice(0, activities.length, ...all);
    return responses;
  });
  return {
    /** Forgets the messages held so far: the turn that made them runs again, or failed. */
    drop: () => void held.splice(0),
    /** Sends the messages held, and everything after them at once. */
    release: async () => {
      holding = false;
      if (held.length > 0) await context.sendActivities(held.splice(0));
    },
  };
}
