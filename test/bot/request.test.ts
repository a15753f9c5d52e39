import { gdapServices } from '../helpers/gdap';
import { noReports, noWatches } from '../helpers/reports';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { requestContext, type BotDependencies } from '../../src/bot/request';
import { withTokens } from '../../src/teams/request';
import { CardRenderer } from '../../src/cards/renderer';
import { createLogger } from '../../src/log';
import {
  CHANNEL,
  GROUP_CHAT,
  localSignIn,
  PERSONAL,
  teamsSignIn,
  type ConversationTemplate,
} from '../helpers/bot';
import { TODAY } from '../helpers/seeds';
import { partnerCenterAnswering } from '../helpers/replies';

function contextIn(conversation: ConversationTemplate): TurnContext {
  return new TurnContext(new TestAdapter(), { ...conversation, type: 'message', text: 'help' } as Activity);
}

function deps(options: { signIn: BotDependencies['signIn']; maskContactDetails?: boolean }): BotDependencies {
  return {
    services: {
      partnerCenter: partnerCenterAnswering('Wingtip Toys', []),
      cloud: 'public',
      emulated: true,
      signIn: 'local',
      mcaCurrentSince: '2023-04-01',
      today: () => TODAY,
      uploadFetch: fetch,
      ...gdapServices(),
      reports: noReports,
      watches: noWatches,
    },
    signIn: options.signIn,
    renderer: new CardRenderer(),
    maskContactDetails: options.maskContactDetails ?? true,
    logger: createLogger('error', () => undefined),
  };
}

describe('what the commands are given for a request', () => {
  it.each([
    ['a personal chat', PERSONAL, false],
    ['a group chat', GROUP_CHAT, true],
    ['a channel', CHANNEL, true],
  ])('in %s, contact details are masked: %s', (_where, conversation, masked) => {
    expect(requestContext(contextIn(conversation), deps({ signIn: localSignIn() })).maskContacts).toBe(
      masked,
    );
  });

  it('masks nothing anywhere when the partner turned masking off', () => {
    const context = contextIn(CHANNEL);
    expect(
      requestContext(context, deps({ signIn: localSignIn(), maskContactDetails: false })).maskContacts,
    ).toBe(false);
  });

  it('can forget a refused token in Teams mode only, where there is a sign-in to redo', () => {
    expect(requestContext(contextIn(PERSONAL), deps({ signIn: localSignIn() })).forgetToken).toBeUndefined();
    expect(requestContext(contextIn(PERSONAL), deps({ signIn: teamsSignIn() })).forgetToken).toBeInstanceOf(
      Function,
    );
  });

  it("speaks the user's language, with a correlation id of its own per request", () => {
    const context = contextIn({ ...PERSONAL, locale: 'fr-FR' });
    const first = requestContext(context, deps({ signIn: localSignIn() }));
    const second = requestContext(context, deps({ signIn: localSignIn() }));
    expect(first.l10n.language).toBe('fr');
    expect(first.correlationId).not.toBe(second.correlationId);
  });

  it("calls Partner Center and Graph only with the user's tokens, each call with the request's correlation id", () => {
    const request = requestContext(
      contextIn({ ...PERSONAL, locale: 'fr-FR' }),
      deps({ signIn: localSignIn() }),
    );
    expect(request.partnerCenter).toBeUndefined();
    expect(request.graph).toBeUndefined();
    const calling = withTokens(request, { partnerCenter: 'pc-token', graph: 'graph-token' });
    expect(calling.partnerCenter?.request).toMatchObject({
      token: 'pc-token',
      correlationId: request.correlationId,
      locale: 'fr-FR',
    });
    expect(calling.graph?.request).toMatchObject({
      token: 'graph-token',
      correlationId: request.correlationId,
    });
    expect(withTokens(request, { partnerCenter: 'pc-token' }).graph).toBeUndefined();
  });
});
