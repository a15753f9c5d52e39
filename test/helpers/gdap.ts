import type { CommandServices, GraphPort } from '../../src/commands/context';
import { DEFAULT_ROLE_SET } from '../../src/gdap/roles';
import { GraphClient } from '../../src/graph/client';
import { createLocalToken } from '../../src/localTokens/issuer';
import { MemoryClaimStore } from '../../src/storage/claimStore';
import { TOKEN_SECRET } from './seeds';

/** A Graph that must not be called: commands that do not use GDAP get it. */
const graphNotCalled: GraphPort = {
  newRequestContext: (input) => ({ correlationId: 'c', deadline: Date.now() + 1000, ...input }),
  createAdminRelationship: () => Promise.reject(new Error('Graph called unexpectedly')),
  lockForApproval: () => Promise.reject(new Error('Graph called unexpectedly')),
  listAdminRelationships: () => Promise.reject(new Error('Graph called unexpectedly')),
};

/** The GDAP parts of the command services, with the production defaults (account-staff roles, 730 days). */
export function gdapServices(
  graph: GraphPort = graphNotCalled,
  options: { graphSignIn?: boolean } = {},
): Pick<CommandServices, 'graph' | 'graphSignIn' | 'gdap' | 'confirmations'> {
  return {
    graph,
    graphSignIn: options.graphSignIn ?? true,
    gdap: { roles: DEFAULT_ROLE_SET, durationDays: 730 },
    confirmations: new MemoryClaimStore(24 * 3_600_000),
  };
}

/** The client production uses, on a test's emulator, without retry waits. */
export function graphClientFor(url: string): GraphClient {
  return new GraphClient({ baseUrl: url, retryBaseMs: 0 });
}

/** A Graph token the emulator accepts for this user, as local mode makes them. */
export function graphTokenFor(userId = 'tania', mfa = true): string {
  return createLocalToken({ secret: TOKEN_SECRET, userId, mfa, audience: 'graph' });
}
