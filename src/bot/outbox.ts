import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { systemClock, type Clock } from '../clock';
import { sendingAgainOn412 } from '../teams/connectorRetry';

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
      responses.push(...(await sendingAgainOn412(send, clock)));
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
