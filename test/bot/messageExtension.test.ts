import type { Activity } from 'botbuilder';
import { MESSAGE_EXTENSION_ANSWER_MS, MESSAGE_EXTENSION_BUDGET_MS } from '../../src/bot/messageExtension';
import { botOnTestAdapter, CHANNEL, CONNECTION, localSignIn, teamsSignIn, USER } from '../helpers/bot';
import { CardRenderer } from '../../src/cards/renderer';
import { PartnerCenterError, type PartnerCenterErrorKind } from '../../src/partnerCenter/errors';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { partnerCenterAnswering } from '../helpers/replies';
import { tokenFor } from '../helpers/seeds';

const suite = useSeedEmulator();

/** What Teams sends when the user opens the "Invite link" search command. */
function query(fields: Record<string, unknown> = {}, locale = 'en-US'): Partial<Activity> {
  return {
    type: 'invoke',
    name: 'composeExtension/query',
    locale,
    value: { commandId: 'inviteLink', parameters: [{ name: 'initialRun', value: 'true' }], ...fields },
  };
}

interface ComposeExtension {
  type: string;
  attachmentLayout?: string;
  attachments?: Array<{
    contentType: string;
    content: unknown;
    preview: { contentType: string; content: { title: string } };
  }>;
  suggestedActions?: { actions: Array<{ type: string; value: string; title: string }> };
  text?: string;
}

async function answer(adapter: ReturnType<typeof botOnTestAdapter>['adapter'], activity: Partial<Activity>) {
  let response: { status: number; body: { composeExtension: ComposeExtension } } | undefined;
  await adapter
    .send(activity)
    .assertReply((reply) => {
      expect(reply.type).toBe('invokeResponse');
      response = reply.value;
    })
    .startTest();
  return response!;
}

describe('the "Invite link" message extension', () => {
  it('offers the invite-link card, the same as the bot posts, with a preview', async () => {
    const { adapter } = botOnTestAdapter(suite.clientWith({ inviteLinkTtlMs: 0 }), localSignIn());
    const { status, body } = await answer(adapter, query());
    expect(status).toBe(200);
    expect(body.composeExtension).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    const [attachment] = body.composeExtension.attachments ?? [];
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(attachment?.content)).toContain('invType=ResellerRelationship');
    expect(JSON.stringify(attachment?.content)).toContain('"title":"Open the link"');
    expect(attachment?.preview).toMatchObject({
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: { title: 'Reseller relationship invitation' },
    });
    // The partner's kind first (a direct-bill partner: no indirect provider or reseller), then its own link.
    // (The two relationship lists are asked for in parallel: their order of arrival is not the test's business.)
    expect(suite.emulator.requests.map((r) => r.path).sort()).toEqual([...INVITE_PATHS].sort());
  });

  it('answers with a sign-in link when the user has no token, and calls nothing', async () => {
    const { adapter } = botOnTestAdapter(suite.client, teamsSignIn(), { conversation: CHANNEL });
    const { body } = await answer(adapter, query());
    expect(body.composeExtension).toEqual({
      type: 'auth',
      suggestedActions: {
        actions: [
          {
            type: 'openUrl',
            value: expect.stringMatching(/^https:\/\/.*oauthsignin\/PartnerCenter\//),
            title: 'Sign in',
          },
        ],
      },
    });
    expect(suite.emulator.requests).toHaveLength(0);
  });

  it("uses the user's existing sign-in", async () => {
    const { adapter } = botOnTestAdapter(suite.clientWith({ inviteLinkTtlMs: 0 }), teamsSignIn(), {
      conversation: CHANNEL,
    });
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id));
    const { body } = await answer(adapter, query());
    expect(body.composeExtension.type).toBe('result');
  });

  it('finishes the sign-in with the code Teams sends back in the query', async () => {
    const { adapter } = botOnTestAdapter(suite.clientWith({ inviteLinkTtlMs: 0 }), teamsSignIn());
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id), '654321');
    const { body } = await answer(adapter, query({ state: '654321' }));
    expect(body.composeExtension.type).toBe('result');
  });

  describe("answers within Teams' 5 s (on jest's fake timers)", () => {
    // Only the timers: promises, ticks and immediates run as usual, so a turn goes on as far as it can.
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
    afterEach(() => {
      jest.useRealTimers();
      jest.restoreAllMocks();
    });

    /** The answer's body once it has come; `state.answered` says whether it has come yet. */
    function answering(adapter: ReturnType<typeof botOnTestAdapter>['adapter']) {
      const state = { answered: false };
      const body = answer(adapter, query()).then(({ body }) => {
        state.answered = true;
        return body;
      });
      return { body, state };
    }

    it('even when Partner Center hangs: its call is given up at its budget', async () => {
      // A call that never answers, as a hung Partner Center: it ends only when the client's timeout aborts it.
      // AbortSignal.timeout runs on Node's own clock, which jest does not fake: here it runs on the fake timers.
      const calls: string[] = [];
      let called = () => {};
      const wasCalled = new Promise<void>((resolve) => (called = resolve));
      const hanging: typeof fetch = async (url, init) => {
        calls.push(String(url));
        called();
        return new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        );
      };
      jest.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), ms);
        return controller.signal;
      });
      const client = suite.clientWith({ inviteLinkTtlMs: 0, fetch: hanging });
      const { adapter, logLines } = botOnTestAdapter(client, localSignIn());
      const { body, state } = answering(adapter);
      await wasCalled;
      await jest.advanceTimersByTimeAsync(MESSAGE_EXTENSION_BUDGET_MS - 1);
      expect(state.answered).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect((await body).composeExtension).toMatchObject({
        type: 'message',
        text: expect.stringMatching(/^Partner Center took too long to answer\. /),
      });
      // The first calls (the partner's indirect relationships, in parallel), given up at Partner Center's budget,
      // before the whole answer's own limit.
      expect(calls).toEqual([
        `${suite.emulator.url}/v1/relationships?relationship_type=IsIndirectResellerOf`,
        `${suite.emulator.url}/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf`,
      ]);
      expect(MESSAGE_EXTENSION_BUDGET_MS).toBeLessThan(MESSAGE_EXTENSION_ANSWER_MS);
      expect(logLines.join('\n')).toMatch(
        /Partner Center request failed .*operation=getPartnerRelationships.*kind=timeout/,
      );
      expect(logLines.join('\n')).not.toContain('message extension out of time');
    });

    it('even when the token service hangs: the answer goes at its own limit', async () => {
      const { adapter, logLines } = botOnTestAdapter(suite.client, teamsSignIn(), { conversation: CHANNEL });
      let asked = () => {};
      const wasAsked = new Promise<void>((resolve) => (asked = resolve));
      adapter.getUserToken = () => {
        asked();
        return new Promise(() => undefined);
      };
      const { body, state } = answering(adapter);
      await wasAsked;
      await jest.advanceTimersByTimeAsync(MESSAGE_EXTENSION_ANSWER_MS - 1);
      expect(state.answered).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect((await body).composeExtension).toMatchObject({
        type: 'message',
        text: expect.stringMatching(/^Something went wrong on my side\. .*[0-9a-f-]{36}/),
      });
      expect(logLines.join('\n')).toMatch(
        new RegExp(`message extension out of time .*budgetMs=${MESSAGE_EXTENSION_ANSWER_MS}`),
      );
      expect(suite.emulator.requests).toHaveLength(0);
      expect(MESSAGE_EXTENSION_ANSWER_MS).toBeLessThan(5000);
    });
  });

  it('offers sign-in when the token service fails, and logs it', async () => {
    const { adapter, logLines } = botOnTestAdapter(suite.client, teamsSignIn(), { conversation: CHANNEL });
    adapter.getUserToken = () => Promise.reject(new Error('token service unavailable'));
    const { body } = await answer(adapter, query());
    expect(body.composeExtension.type).toBe('auth');
    expect(logLines.join('\n')).toMatch(/warn +token service failed: .*token service unavailable/);
  });

  /** A Partner Center whose invite-link call fails with `kind`. */
  function failingWith(kind: PartnerCenterErrorKind, status: number) {
    return {
      ...partnerCenterAnswering('Wingtip Toys', []),
      getRelationshipRequestUrl: async () => {
        const operation = 'getRelationshipRequestUrl';
        throw new PartnerCenterError({ kind, status, operation, correlationId: 'c', retryAfterSeconds: 30 });
      },
    };
  }

  it('answers a throttled Partner Center in words: nothing to insert, when to try again', async () => {
    const { adapter } = botOnTestAdapter(failingWith('throttled', 429), localSignIn());
    const { body } = await answer(adapter, query());
    expect(body.composeExtension).toMatchObject({
      type: 'message',
      text: expect.stringMatching(/30 seconds/),
    });
    expect(body.composeExtension.attachments).toBeUndefined();
  });

  it('keeps the user signed in when Partner Center refuses the token (Teams SSO would hand it back)', async () => {
    const { adapter } = botOnTestAdapter(failingWith('unauthorized', 401), teamsSignIn(), {
      conversation: CHANNEL,
    });
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id));
    const signOut = jest.spyOn(adapter, 'signOutUser');
    const { body } = await answer(adapter, query());
    expect(body.composeExtension.type).toBe('message');
    expect(signOut).not.toHaveBeenCalled();
  });

  it('answers in words, with the reference, when the card cannot be rendered', async () => {
    const render = jest.spyOn(CardRenderer.prototype, 'render').mockImplementation(() => {
      throw new Error('template defect');
    });
    try {
      const { adapter, logLines } = botOnTestAdapter(suite.clientWith({ inviteLinkTtlMs: 0 }), localSignIn());
      const { status, body } = await answer(adapter, query());
      expect(status).toBe(200);
      expect(body.composeExtension).toMatchObject({
        type: 'message',
        text: expect.stringMatching(/^Something went wrong on my side\. .*[0-9a-f-]{36}/),
      });
      expect(logLines.join('\n')).toMatch(/error +message extension failed .*template defect/);
    } finally {
      render.mockRestore();
    }
  });

  it('speaks French to a French user', async () => {
    const { adapter } = botOnTestAdapter(suite.clientWith({ inviteLinkTtlMs: 0 }), localSignIn());
    const { body } = await answer(adapter, query({}, 'fr-FR'));
    expect(body.composeExtension.attachments?.[0]?.preview.content.title).toBe(
      'Invitation à une relation de revendeur',
    );
  });
});

const INVITE_PATHS = [
  '/v1/relationships?relationship_type=IsIndirectResellerOf',
  '/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf',
  '/v1/customers/relationshiprequests',
];

describe('the "Invite link" message extension, for a partner with several indirect providers', () => {
  const suite = useSeedEmulator({ partnerKind: 'indirectResellerTwoProviders' });

  it('says to choose the provider in a chat, and inserts no card (its buttons would go to the reader)', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    const { body } = await answer(adapter, query());
    expect(body.composeExtension).toEqual({
      type: 'message',
      text: expect.stringMatching(
        /^Through which indirect provider\? Ask me "invite link" in a chat to pick the provider/,
      ),
    });
  });
});
