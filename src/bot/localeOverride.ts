import type { Middleware } from 'botbuilder';

/**
 * Local mode only: answer as if the user's Teams locale were `locale`. The Agents Playground reports en-US
 * whatever its configuration, so without this nobody could try the bot in French on their machine.
 */
export function localeOverride(locale: string): Middleware {
  return {
    async onTurn(context, next) {
      context.activity.locale = locale;
      for (const entity of context.activity.entities ?? []) {
        if (entity.type === 'clientInfo') entity.locale = locale;
      }
      await next();
    },
  };
}
