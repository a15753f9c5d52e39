import type { TurnContext } from 'botbuilder';
import type { NextStep, TokenNeeds } from '../commands/runCommand';
import type { Logger } from '../log';
import { silentToken, type SignIn, type TokenResource } from './signIn';

/** The user's tokens a command needs, as far as they could be had. */
export type Tokens = Partial<Record<TokenResource, string>>;

/** The tokens a command needs, from the token service (or local mode's issuer), without asking the user. */
export async function silentTokens(
  context: TurnContext,
  signIn: SignIn,
  logger: Logger,
  needs: TokenNeeds,
): Promise<Tokens> {
  const get = (resource: TokenResource) => silentToken(context, signIn, logger, undefined, resource);
  const [partnerCenter, graph] = await Promise.all([
    needs.partnerCenter ? get('partnerCenter') : undefined,
    needs.graph ? get('graph') : undefined,
  ]);
  return { partnerCenter, graph };
}

/** Whether every token the next step needs is there (a step that needs none has them all). */
export function hasTokens(step: NextStep, tokens: Tokens): boolean {
  if (step.kind !== 'token') return true;
  return (
    (!step.tokens.partnerCenter || Boolean(tokens.partnerCenter)) &&
    (!step.tokens.graph || Boolean(tokens.graph))
  );
}
