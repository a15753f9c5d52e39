import type { Activity } from 'botbuilder';
import { MemoryClaimStore } from '../../src/storage/claimStore';
import {
  botOnTestAdapter,
  cardText,
  CHANNEL,
  CONNECTION,
  GROUP_CHAT,
  PERSONAL,
  teamsSignIn,
  USER,
} from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { SEED_TENANT, tokenFor } from '../helpers/seeds';
import {
  expectOneSignInForDuplicateExchanges,
  invokeStatus,
  message,
  oauthCardOf,
  SSO_TOKEN,
  tokenExchange,
} from '../helpers/sso';

const suite = useSeedEmulator();

const paths = () => suite.emulator.requests.map((r) => r.path);

/** A client without the invite-link cache, so each test sees its own calls. */
const uncached = () => suite.clientWith({ inviteLinkTtlMs: 0 });

describe('Teams single sign-on, in personal and group chats', () => {
  it.each([
    ['personal chat', PERSONAL],
    ['group chat', GROUP_CHAT],
  ])('answers at once in a %s when the user has already signed in', async (_name, conversation) => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn(), { conversation });
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id));
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => expect(cardText(reply)).toContain('invType=ResellerRelationship'))
      .startTest();
  });

  it.each([
    ['personal chat', PERSONAL],
    ['group chat', GROUP_CHAT],
  ])(
    'signs the user in silently in a %s through the token exchange, then answers',
    async (_name, conversation) => {
      const { adapter } = botOnTestAdapter(uncached(), teamsSignIn(), { conversation });
      adapter.addExchangeableToken(CONNECTION, 'msteams', USER.id, SSO_TOKEN, tokenFor(USER.id));
      let exchangeId = '';
      await adapter
        .send(message(`agreements for ${SEED_TENANT}`))
        .assertReply((reply) => {
          const card = oauthCardOf(reply);
          expect(card.connectionName).toBe(CONNECTION);
          expect(card.tokenExchangeResource.uri).toBe(`api://${CONNECTION}/resource`);
          expect(reply.text).toBe('Sign in to Partner Center, so that I can answer with your own access.');
          exchangeId = card.tokenExchangeResource.id;
        })
        .startTest();
      expect(paths()).toEqual([]);
      await adapter
        .send(tokenExchange(exchangeId))
        .assertReply((reply) => expect(invokeStatus(reply)).toBe(200))
        .assertReply((reply) =>
          expect(cardText(reply)).toContain(
            'Re-acceptance needed: accepted an earlier version on August 27, 2019 (Tania Carr)',
          ),
        )
        .startTest();
    },
  );

  it('answers a failed exchange with 412, so Teams shows its sign-in card, and recovers when the user signs in', async () => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn());
    let signInLink = '';
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        const button = oauthCardOf(reply).buttons[0];
        expect(button?.type).toBe('signin');
        signInLink = button?.value ?? '';
      })
      .send(tokenExchange('exchange-1', 'a-token-the-service-refuses'))
      .assertReply((reply) => {
        expect(invokeStatus(reply)).toBe(412);
        expect(reply.value).toMatchObject({
          body: { failureDetail: 'The bot is unable to exchange token. Proceed with regular login.' },
        });
      })
      .startTest();
    expect(signInLink).toMatch(/^https:\/\//);

    // The user signs in through the card; Teams then sends the verification code.
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id), '123456');
    await adapter
      .send({ type: 'invoke', name: 'signin/verifyState', value: { state: '123456' } })
      .assertReply((reply) => expect(invokeStatus(reply)).toBe(200))
      .assertReply((reply) => expect(cardText(reply)).toContain('invType=ResellerRelationship'))
      .startTest();
  });

  it('signs in once and answers once when every Teams client sends the exchange at the same moment (claims in memory)', () =>
    expectOneSignInForDuplicateExchanges(suite, new MemoryClaimStore()));

  it('handles a new message while sign-in is pending as the new request', async () => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn());
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => oauthCardOf(reply))
      .send(message('help'))
      .assertReply((reply) => expect(cardText(reply)).toContain('What I can do'))
      .startTest();
  });

  it('answers 200 to an exchange with no sign-in pending, and sends nothing else', async () => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn());
    adapter.addExchangeableToken(CONNECTION, 'msteams', USER.id, SSO_TOKEN, tokenFor(USER.id));
    await adapter.processActivity(tokenExchange('stale-exchange'));
    expect(adapter.activeQueue.map((a) => a.type)).toEqual(['invokeResponse']);
    expect(invokeStatus(adapter.activeQueue[0]!)).toBe(200);
  });
});

describe('channels, which have no bot single sign-on', () => {
  it('asks a user without a token to sign in once in a personal chat, and never shows a sign-in card', async () => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn(), { conversation: CHANNEL });
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        expect(reply.attachments?.map((a) => a.contentType)).toEqual([
          'application/vnd.microsoft.card.adaptive',
        ]);
        const card = cardText(reply);
        expect(card).toContain('Sign in once in a personal chat');
        expect(card).toContain(
          '"type":"Action.OpenUrl","title":"Open a chat with me","url":"https://teams.microsoft.com/l/chat/0/0?users=28%3Apartner-center-assistant"',
        );
      })
      .startTest();
    expect(paths()).toEqual([]);
  });

  it('treats a failing token service as "not signed in", and logs it', async () => {
    const { adapter, logLines } = botOnTestAdapter(uncached(), teamsSignIn(), { conversation: CHANNEL });
    adapter.getUserToken = () => Promise.reject(new Error('token service unavailable'));
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Sign in once in a personal chat'))
      .startTest();
    expect(logLines.join('\n')).toMatch(/warn +token service failed: .*token service unavailable/);
  });

  it('answers in the channel with the token of an earlier sign-in', async () => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn(), { conversation: CHANNEL });
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id));
    await adapter
      .send(message(`agreements for ${SEED_TENANT}`))
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .startTest();
  });

  it('says "sign in" belongs in a personal chat too', async () => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn(), { conversation: CHANNEL });
    await adapter
      .send(message('sign in'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Sign in once in a personal chat'))
      .startTest();
  });
});

describe('sign in and sign out', () => {
  it('"sign out" forgets the sign-in; the next request asks to sign in again', async () => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn());
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id));
    await adapter
      .send(message('se déconnecter'))
      .assertReply((reply) => expect(cardText(reply)).toContain('You are signed out'))
      .send(message('invite link'))
      .assertReply((reply) => oauthCardOf(reply))
      .startTest();
  });

  it('"sign in" signs the user in when not signed in', async () => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn());
    adapter.addExchangeableToken(CONNECTION, 'msteams', USER.id, SSO_TOKEN, tokenFor(USER.id));
    let exchangeId = '';
    await adapter
      .send(message('sign in'))
      .assertReply((reply) => {
        exchangeId = oauthCardOf(reply).tokenExchangeResource.id;
      })
      .startTest();
    await adapter
      .send(tokenExchange(exchangeId))
      .assertReply((reply) => expect(invokeStatus(reply)).toBe(200))
      .assertReply((reply) => expect(cardText(reply)).toContain('You are signed in'))
      .startTest();
    expect(paths()).toEqual([]);
  });

  it('"sign in" says so when the user is already signed in', async () => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn());
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id));
    await adapter
      .send(message('se connecter'))
      .assertReply((reply) => expect(cardText(reply)).toContain('You are signed in'))
      .startTest();
  });

  it('tells a user whose token lacks MFA how to get one, twice alike: the token is kept, so no sign-in loop', async () => {
    const { adapter } = botOnTestAdapter(uncached(), teamsSignIn());
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id, false));
    const signOut = jest.spyOn(adapter, 'signOutUser');
    const mfaCard = (reply: Partial<Activity>) => {
      const card = cardText(reply);
      expect(card).toContain('Partner Center needs multi-factor authentication');
      expect(card).toContain('Sign out, then sign in again and complete the MFA prompt.');
      expect(card).toContain('"title":"Sign out","data":{"command":"signOut"}');
    };
    await adapter
      .send(message('invite link'))
      .assertReply(mfaCard)
      .send(message('invite link'))
      .assertReply(mfaCard)
      .startTest();
    expect(signOut).not.toHaveBeenCalled();
    // The card's button signs the user out; the next request asks them to sign in.
    await adapter
      .send({ type: 'message', value: { command: 'signOut' } })
      .assertReply((reply) => expect(cardText(reply)).toContain('You are signed out'))
      .send(message('invite link'))
      .assertReply((reply) => oauthCardOf(reply))
      .startTest();
    expect(signOut).toHaveBeenCalledTimes(1);
  });

  it('lists "sign out" in the help where there is a sign-in, and not in local mode', async () => {
    const teams = botOnTestAdapter(uncached(), teamsSignIn()).adapter;
    await teams
      .send(message('help'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Forget your Partner Center sign-in.'))
      .startTest();
    const local = botOnTestAdapter(uncached(), {
      kind: 'local',
      tokenFor: async () => tokenFor(USER.id),
      graphTokenFor: async () => tokenFor(USER.id),
    }).adapter;
    await local
      .send(message('help'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('What I can do');
        expect(cardText(reply)).not.toContain('Forget your Partner Center sign-in.');
      })
      .startTest();
  });

  it('says "sign in" needs nothing in local mode', async () => {
    const { adapter } = botOnTestAdapter(uncached(), {
      kind: 'local',
      tokenFor: async () => tokenFor(USER.id),
      graphTokenFor: async () => tokenFor(USER.id),
    });
    await adapter
      .send(message('sign in'))
      .assertReply((reply) => expect(cardText(reply)).toContain('No sign-in needed here'))
      .send(message('sign out'))
      .assertReply((reply) => expect(cardText(reply)).toContain('No sign-in needed here'))
      .startTest();
  });
});
