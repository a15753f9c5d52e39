import type { Activity } from 'botbuilder';
import type { ClaimStore } from '../../src/storage/claimStore';
import { botOnTestAdapter, cardText, CONNECTION, teamsSignIn, USER } from './bot';
import type { EmulatorSuite } from './emulatorSuite';
import { tokenFor } from './seeds';

// Teams single sign-on as the tests speak it: messages, token exchanges and the cards and answers they bring.

const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';
export const SSO_TOKEN = 'teams-sso-token-for-tania';

export function message(text: string): Partial<Activity> {
  return { type: 'message', text, locale: 'en-US' };
}

export function tokenExchange(id: string, token = SSO_TOKEN): Partial<Activity> {
  return { type: 'invoke', name: 'signin/tokenExchange', value: { id, connectionName: CONNECTION, token } };
}

export function oauthCardOf(activity: Partial<Activity>) {
  const attachment = activity.attachments?.find((a) => a.contentType === OAUTH_CARD);
  if (!attachment) throw new Error(`expected an OAuth card, got ${JSON.stringify(activity)}`);
  return attachment.content as {
    connectionName: string;
    tokenExchangeResource: { id: string; uri: string };
    buttons: Array<{ type: string; value: string }>;
  };
}

export function invokeStatus(activity: Partial<Activity>): number {
  expect(activity.type).toBe('invokeResponse');
  return (activity.value as { status: number }).status;
}

/**
 * Every Teams client of the user sends the same token exchange at the same moment: the bot signs in once and
 * answers once, whatever store holds the claims (memory in one instance, Blob storage across instances).
 */
export async function expectOneSignInForDuplicateExchanges(
  suite: EmulatorSuite,
  claims: ClaimStore,
): Promise<void> {
  const client = suite.clientWith({ inviteLinkTtlMs: 0 });
  const { adapter } = botOnTestAdapter(client, teamsSignIn(), { claims });
  adapter.addExchangeableToken(CONNECTION, 'msteams', USER.id, SSO_TOKEN, tokenFor(USER.id));
  let exchangeId = '';
  await adapter
    .send(message('invite link'))
    .assertReply((reply) => {
      exchangeId = oauthCardOf(reply).tokenExchangeResource.id;
    })
    .startTest();

  adapter.activeQueue.splice(0);
  await Promise.all([1, 2, 3].map(() => adapter.processActivity(tokenExchange(exchangeId))));
  const invokeResponses = adapter.activeQueue.filter((a) => a.type === 'invokeResponse');
  const answers = adapter.activeQueue.filter((a) => a.type === 'message');
  expect(invokeResponses.map(invokeStatus)).toEqual([200, 200, 200]);
  expect(answers).toHaveLength(1);
  expect(cardText(answers[0]!)).toContain('invType=ResellerRelationship');
  // One answer's calls: the partner's kind (two lists, in parallel, in any order), then its link.
  expect(suite.emulator.requests.map((r) => r.path).sort()).toEqual([
    '/v1/customers/relationshiprequests',
    '/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf',
    '/v1/relationships?relationship_type=IsIndirectResellerOf',
  ]);
}
