import {
  ActivityTypes,
  INVOKE_RESPONSE_KEY,
  type Activity,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import type { CardRenderer } from '../cards/renderer';
import { otherTenant } from '../commands/help';
import { localizer } from '../i18n/localizer';
import type { Logger } from '../log';
import { userLocale } from './conversation';
import { messageOf } from './replies';

/** The Entra tenant Teams says the activity comes from; Teams sets both, older clients only channelData. */
function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = typeof fromChannelData === 'string' ? fromChannelData : activity.conversation?.tenantId;
  return typeof id === 'string' ? id.toLowerCase() : undefined;
}

/**
 * Only users of the allowed tenants get anything from the bot: anyone else who installs or reaches it is told
 * so politely, and nothing runs — no sign-in, no Partner Center call, no state. An activity without a tenant
 * cannot be checked, so it is refused too.
 */
export function tenantRestriction(
  allowed: readonly string[],
  renderer: CardRenderer,
  logger: Logger,
): Middleware {
  const tenants = new Set(allowed.map((id) => id.toLowerCase()));
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const tenant = tenantOf(context.activity);
      if (tenant && tenants.has(tenant)) return next();
      logger.warn('activity from a tenant that is not allowed: refused', {
        tenant: tenant ?? 'none',
        activityType: context.activity.type,
      });
      if (context.activity.type === ActivityTypes.Message) {
        const reply = otherTenant(localizer(userLocale(context.activity)));
        await context.sendActivity(messageOf(reply, renderer));
      } else if (context.activity.type === ActivityTypes.Invoke) {
        context.turnState.set(INVOKE_RESPONSE_KEY, {
          type: ActivityTypes.InvokeResponse,
          value: { status: 403, body: undefined },
        });
      }
    },
  };
}
