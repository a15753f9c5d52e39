import { TestAdapter, type Activity } from 'botbuilder';
import { tokenExchangeDeduplication } from '../../src/bot/middleware';
import { tokenService } from '../../src/bot/signIn';
import { silentLogger } from '../../src/log';
import { MemoryClaimStore } from '../../src/storage/claimStore';
import { CONNECTION, GROUP_CHAT, useTestAdapterTokens } from '../helpers/bot';
import { tokenFor } from '../helpers/seeds';

const SSO_TOKEN = 'teams-sso-token';
const ANN = { id: '29:ann', name: 'Ann', aadObjectId: '00000000-0000-4000-8000-0000000000a1' };
const BOB = { id: '29:bob', name: 'Bob', aadObjectId: '00000000-0000-4000-8000-0000000000b2' };

/** The middleware alone on TestAdapter, which plays the token service; the bot behind it only notes who got through. */
function deduplicationUnderTest() {
  const claimed: string[] = [];
  const claims = new MemoryClaimStore();
  const recordingClaims = {
    claim: (key: string) => {
      claimed.push(key);
      return claims.claim(key);
    },
  };
  const passedThrough: string[] = [];
  const adapter = new TestAdapter(async (context) => {
    passedThrough.push(context.activity.from.id);
  });
  useTestAdapterTokens(adapter);
  adapter.use(
    tokenExchangeDeduplication(
      recordingClaims,
      { connectionName: CONNECTION, tokens: tokenService(CONNECTION) },
      silentLogger,
    ),
  );
  const exchange = (from: Activity['from'], id: string) =>
    adapter.processActivity({
      type: 'invoke',
      name: 'signin/tokenExchange',
      channelId: 'msteams',
      conversation: GROUP_CHAT.conversation,
      from,
      value: { id, connectionName: CONNECTION, token: SSO_TOKEN },
    });
  const signedIn = (user: Activity['from']) =>
    adapter.addExchangeableToken(CONNECTION, 'msteams', user.id, SSO_TOKEN, tokenFor(user.id));
  return { adapter, claimed, passedThrough, exchange, signedIn };
}

describe('tokenExchangeDeduplication', () => {
  it('lets through two users of a group chat whose exchanges have the same id', async () => {
    const { adapter, passedThrough, exchange, signedIn } = deduplicationUnderTest();
    signedIn(ANN);
    signedIn(BOB);
    await exchange(ANN, 'exchange-1');
    await exchange(BOB, 'exchange-1');
    expect(passedThrough).toEqual([ANN.id, BOB.id]);
    expect(adapter.activeQueue.filter((a) => a.type === 'invokeResponse')).toEqual([]);
  });

  it("drops the same user's second exchange with the same id, answering it 200", async () => {
    const { adapter, passedThrough, exchange, signedIn } = deduplicationUnderTest();
    signedIn(ANN);
    await Promise.all([exchange(ANN, 'exchange-1'), exchange(ANN, 'exchange-1')]);
    await exchange(ANN, 'exchange-2');
    expect(passedThrough).toEqual([ANN.id, ANN.id]);
    expect(adapter.activeQueue.map((a) => [a.type, (a.value as { status?: number }).status])).toEqual([
      ['invokeResponse', 200],
    ]);
  });

  it('claims a short key whatever the length of the ids the client sends', async () => {
    const { claimed, passedThrough, exchange, signedIn } = deduplicationUnderTest();
    const long = { ...ANN, id: `29:${'a'.repeat(100_000)}` };
    signedIn(long);
    await exchange(long, `exchange-${'x'.repeat(100_000)}`);
    expect(passedThrough).toHaveLength(1);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]!.length).toBeLessThanOrEqual(64);
  });

  it('exchanges nothing for a connection the bot does not use (not even on Partner Center’s)', async () => {
    const { adapter, passedThrough, signedIn } = deduplicationUnderTest();
    signedIn(ANN);
    await adapter.processActivity({
      type: 'invoke',
      name: 'signin/tokenExchange',
      channelId: 'msteams',
      conversation: GROUP_CHAT.conversation,
      from: ANN,
      value: { id: 'exchange-1', connectionName: 'SomeOtherConnection', token: SSO_TOKEN },
    });
    expect(passedThrough).toEqual([]);
    expect(adapter.activeQueue.map((a) => [a.type, (a.value as { status?: number }).status])).toEqual([
      ['invokeResponse', 400],
    ]);
    // Partner Center's connection holds no token for her: nothing was exchanged on it.
    expect(
      await adapter.getUserToken({ activity: { channelId: 'msteams', from: ANN } } as never, CONNECTION),
    ).toBeUndefined();
  });
});
