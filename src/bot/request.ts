import type { TurnContext } from 'botbuilder';
import type { CardRenderer } from '../cards/renderer';
import type { CommandServices, RequestContext } from '../commands/context';
import { describe, type Logger } from '../log';
import { commandRequest, type PendingRequest } from '../teams/request';
import type { SignIn } from './signIn';

/** What the bot's handlers are given. */
export interface BotDependencies {
  services: CommandServices;
  signIn: SignIn;
  renderer: CardRenderer;
  /** Mask contact emails and phone numbers in group chats and channels (the default). */
  maskContactDetails: boolean;
  logger: Logger;
}

/** A request's context for the commands, and the means to drop the user's token when Partner Center refuses it. */
export function requestContext(
  context: TurnContext,
  deps: BotDependencies,
  request?: Omit<PendingRequest, 'recognized'>,
): RequestContext {
  const { signIn } = deps;
  const commands = commandRequest(context.activity, deps, request);
  if (signIn.kind !== 'teams') return commands;
  const forget = (tokens: { signOut(context: TurnContext): Promise<void> } | undefined) => async () => {
    await tokens?.signOut(context).catch((error: unknown) => {
      commands.logger.warn('could not drop a refused token', { error: describe(error) });
    });
  };
  return { ...commands, forgetToken: forget(signIn.tokens), forgetGraphToken: forget(signIn.graph?.tokens) };
}
