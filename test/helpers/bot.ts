import {
  INVOKE_RESPONSE_KEY,
  MemoryStorage,
  TestAdapter,
  type Activity,
  type SignInUrlResponse,
  type Storage,
  type TokenExchangeRequest,
  type TokenResponse,
  type TurnContext,
} from 'botbuilder';
import { UserTokenClient } from 'botframework-connector';
import { assembleBot } from '../../src/wiring/bot';
import { localTokenSource } from '../../src/localTokens/source';
import { tokenService, type SignIn } from '../../src/bot/signIn';
import { CardRenderer } from '../../src/cards/renderer';
import type { CommandServices, GraphPort, PartnerCenterPort } from '../../src/commands/context';
import { createLogger } from '../../src/log';
import type { PartnerCenterCloud } from '../../src/partnerCenter/clouds';
import { MemoryClaimStore, type ClaimStore } from '../../src/storage/claimStore';
import { TODAY, TOKEN_SECRET } from './seeds';
import { gdapServices } from './gdap';
import { noReports, noWatches } from './reports';

export const CONNECTION = 'PartnerCenter';
export const USER = { id: '29:tania', name: 'Tania Carr' };
export const BOT = { id: '28:partner-center-assistant', name: 'Partner Center Assistant' };

/** Conversations as Teams names them; TestAdapter sends every activity from this template. */
export type ConversationTemplate = Partial<Activity>;
export const PERSONAL: ConversationTemplate = {
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  conversation: { id: 'a:personal-chat', conversationType: 'personal', isGroup: false, name: '' },
  from: USER,
  recipient: BOT,
};
export const GROUP_CHAT: ConversationTemplate = {
  ...PERSONAL,
  conversation: { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, name: '' },
};
export const CHANNEL: ConversationTemplate = {
  ...PERSONAL,
  conversation: {
    id: '19:general@thread.tacv2;messageid=1700000000000',
    conversationType: 'channel',
    isGroup: true,
    name: '',
  },
};

export interface BotUnderTest {
  adapter: TestAdapter;
  logLines: string[];
}

export const localSignIn = (mfa = true): SignIn => ({
  kind: 'local',
  tokenFor: localTokenSource({ secret: TOKEN_SECRET, mfa }),
  graphTokenFor: localTokenSource({ secret: TOKEN_SECRET, mfa, audience: 'graph' }),
});

export const teamsSignIn = (): SignIn => ({
  kind: 'teams',
  connectionName: CONNECTION,
  tokens: tokenService(CONNECTION),
});

/**
 * The bot as production assembles it (assembleBot), on botbuilder's TestAdapter, logging into an array; its
 * middleware runs in front, as in the server, and TestAdapter plays the token service.
 */
export function botOnTestAdapter(
  partnerCenter: PartnerCenterPort,
  signIn: SignIn,
  options: {
    cloud?: PartnerCenterCloud;
    claims?: ClaimStore;
    conversation?: ConversationTemplate;
    maskContactDetails?: boolean;
    /** Keep "typing…" activities in the replies; by default they are left out, so transcripts read as answers. */
    keepTyping?: boolean;
    /** Where dialog state lives: this test's memory by default. */
    storage?: Storage;
    allowedTenantIds?: readonly string[];
    localUserLocale?: string;
    /** The MCA reports: none by default. */
    reports?: CommandServices['reports'];
    /** The MCA watches: none by default. */
    watches?: CommandServices['watches'];
    /** Graph, for the GDAP commands: one that must not be called by default. */
    graph?: GraphPort;
    /** What GDAP_ROLES and GDAP_DURATION_DAYS say; the defaults otherwise. */
    gdap?: CommandServices['gdap'];
    /** Today, for the commands: the suite's fixed day by default. */
    today?: () => Date;
  } = {},
): BotUnderTest {
  const logLines: string[] = [];
  const logger = createLogger('debug', (line) => logLines.push(line));
  const bot = assembleBot({
    services: {
      partnerCenter,
      cloud: options.cloud ?? 'public',
      emulated: true,
      signIn: signIn.kind,
      mcaCurrentSince: '2023-04-01',
      today: options.today ?? (() => TODAY),
      reports: options.reports ?? noReports,
      watches: options.watches ?? noWatches,
      uploadFetch: fetch,
      ...gdapServices(options.graph, { graphSignIn: signIn.kind === 'local' || signIn.graph !== undefined }),
      ...(options.gdap ? { gdap: options.gdap } : {}),
    },
    signIn,
    renderer: new CardRenderer(),
    storage: options.storage ?? new MemoryStorage(),
    tokenExchangeClaims: options.claims ?? new MemoryClaimStore(),
    maskContactDetails: options.maskContactDetails ?? true,
    logger,
    allowedTenantIds: options.allowedTenantIds,
    localUserLocale: options.localUserLocale,
  });
  const template = options.conversation ?? PERSONAL;
  const adapter = new TestAdapter((context) => bot.run(context), template);
  // TestAdapter takes the user, bot and channel from the template into its conversation reference, but not the
  // conversation itself; and it would copy the template over every activity, hiding a test's own `from`.
  adapter.conversation.conversation = template.conversation as typeof adapter.conversation.conversation;
  (adapter as unknown as { template: Partial<Activity> }).template = {};
  // CloudAdapter remembers a turn's invoke response, so the activity handler sends no second one; TestAdapter
  // does not, so this does it here, and the queue holds what Teams would receive.
  adapter.use(async (context, next) => {
    context.onSendActivities(async (ctx, activities, send) => {
      const invokeResponse = activities.find((a) => a.type === 'invokeResponse');
      if (invokeResponse) ctx.turnState.set(INVOKE_RESPONSE_KEY, invokeResponse);
      if (!options.keepTyping)
        activities.splice(0, activities.length, ...activities.filter((a) => a.type !== 'typing'));
      return activities.length > 0 ? send() : [];
    });
    await next();
  });
  useTestAdapterTokens(adapter);
  for (const middleware of bot.middleware) adapter.use(middleware);
  return { adapter, logLines };
}

/** The Adaptive Card of a reply, as JSON text, for assertions on what the user sees. */
export function cardText(activity: Partial<Activity>): string {
  const attachment = activity.attachments?.[0];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected an Adaptive Card, got ${JSON.stringify(activity)}`);
  }
  return JSON.stringify(attachment.content);
}

/** CloudAdapter hands each turn a client of the token service; TestAdapter keeps users' tokens itself. */
export function useTestAdapterTokens(adapter: TestAdapter): void {
  const tokenClientKey = Symbol('UserTokenClient');
  Object.assign(adapter, { UserTokenClientKey: tokenClientKey });
  adapter.use(async (context, next) => {
    context.turnState.set(tokenClientKey, new TestAdapterTokenClient(adapter, context));
    await next();
  });
}

/** The token service as a turn sees it (UserTokenClient), answered from TestAdapter's own token store. */
class TestAdapterTokenClient extends UserTokenClient {
  constructor(
    private readonly adapter: TestAdapter,
    private readonly context: TurnContext,
  ) {
    super();
  }
  getUserToken(
    _userId: string,
    connectionName: string,
    _channelId: string,
    magicCode: string,
  ): Promise<TokenResponse> {
    return this.adapter.getUserToken(this.context, connectionName, magicCode || undefined);
  }
  /** As the token service does, an exchanged token is the user's token of that connection from then on. */
  async exchangeToken(
    userId: string,
    connectionName: string,
    channelId: string,
    request: TokenExchangeRequest,
  ): Promise<TokenResponse> {
    const response = await this.adapter.exchangeToken(this.context, connectionName, userId, request);
    if (response?.token) this.adapter.addUserToken(connectionName, channelId, userId, response.token);
    return response;
  }
  signOutUser(userId: string, connectionName: string): Promise<void> {
    return this.adapter.signOutUser(this.context, connectionName, userId);
  }
  getSignInResource(connectionName: string, activity: Activity): Promise<SignInUrlResponse> {
    return this.adapter.getSignInResource(this.context, connectionName, activity.from?.id);
  }
  getTokenStatus = () => Promise.reject(new Error('not used'));
  getAadTokens = () => Promise.reject(new Error('not used'));
}
