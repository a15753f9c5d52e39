import type { TurnContext } from 'botbuilder';
import type { UserTokenSource } from '../localTokens/source';
import { describe, type Logger } from '../log';
import { userKeyOf } from './conversation';
import type { TokenService } from './tokenService';

/** How the bot gets the user's Partner Center token. */
export type SignIn =
  /** Local mode: a stand-in token the emulator accepts, no sign-in step. */
  | { kind: 'local'; tokenFor: UserTokenSource }
  /** Teams mode: the Azure Bot OAuth connection, with Teams single sign-on where Teams offers it. */
  | { kind: 'teams'; connectionName: string; tokens: TokenService };

/**
 * The user's token without asking them anything: local mode's stand-in, or the token service's when they have
 * signed in. A failing token service reads as "not signed in" (the user is offered sign-in), but is logged.
 */
export async function silentToken(
  context: TurnContext,
  signIn: SignIn,
  logger: Logger,
  magicCode?: string,
): Promise<string | undefined> {
  if (signIn.kind === 'local') return signIn.tokenFor(userKeyOf(context.activity));
  const response = await signIn.tokens.get(context, magicCode).catch((error: unknown) => {
    logger.warn('token service failed: asking the user to sign in', { error: describe(error) });
    return undefined;
  });
  return response?.token;
}
