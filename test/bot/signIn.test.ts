import { CloudAdapter, TurnContext, type Activity, type TokenResponse } from 'botbuilder';
import { UserTokenClient } from 'botframework-connector';
import { tokenService } from '../../src/bot/signIn';

/** The token service as CloudAdapter hands it to a turn. */
class TokenServiceDouble extends UserTokenClient {
  readonly calls: unknown[][] = [];
  constructor(private readonly answer: () => Promise<TokenResponse | undefined>) {
    super();
  }
  async getUserToken(...args: [string, string, string, string]): Promise<TokenResponse> {
    this.calls.push(['get', ...args]);
    return (await this.answer()) as TokenResponse;
  }
  async exchangeToken(...args: [string, string, string, { token: string }]): Promise<TokenResponse> {
    this.calls.push(['exchange', ...args]);
    return (await this.answer()) as TokenResponse;
  }
  async signOutUser(...args: [string, string, string]): Promise<void> {
    this.calls.push(['signOut', ...args]);
  }
  getSignInResource = () => Promise.reject(new Error('not used'));
  getTokenStatus = () => Promise.reject(new Error('not used'));
  getAadTokens = () => Promise.reject(new Error('not used'));
}

function turnWith(tokenService: UserTokenClient | undefined, userId = '29:tania'): TurnContext {
  const adapter = new CloudAdapter();
  const activity: Partial<Activity> = {
    type: 'message',
    channelId: 'msteams',
    from: { id: userId, name: 'Tania' },
  };
  const context = new TurnContext(adapter, activity);
  if (tokenService) context.turnState.set(adapter.UserTokenClientKey, tokenService);
  return context;
}

describe('the Bot Framework token service, through CloudAdapter', () => {
  const token: TokenResponse = {
    token: 'delegated',
    connectionName: 'PartnerCenter',
    expiration: '',
    channelId: 'msteams',
  };

  it("asks for this user's token on the configured connection and channel", async () => {
    const service = new TokenServiceDouble(async () => token);
    const tokens = tokenService('PartnerCenter');
    expect((await tokens.get(turnWith(service)))?.token).toBe('delegated');
    expect((await tokens.get(turnWith(service), '123456'))?.token).toBe('delegated');
    expect(await tokens.exchange(turnWith(service), 'sso-token')).toEqual(token);
    await tokens.signOut(turnWith(service));
    expect(service.calls).toEqual([
      ['get', '29:tania', 'PartnerCenter', 'msteams', ''],
      ['get', '29:tania', 'PartnerCenter', 'msteams', '123456'],
      ['exchange', '29:tania', 'PartnerCenter', 'msteams', { token: 'sso-token' }],
      ['signOut', '29:tania', 'PartnerCenter', 'msteams'],
    ]);
  });

  it('reads "no token" and an empty token alike', async () => {
    const tokens = tokenService('PartnerCenter');
    expect(await tokens.get(turnWith(new TokenServiceDouble(async () => undefined)))).toBeUndefined();
    expect(
      await tokens.get(turnWith(new TokenServiceDouble(async () => ({ ...token, token: '' })))),
    ).toBeUndefined();
    expect(
      await tokens.exchange(turnWith(new TokenServiceDouble(async () => undefined)), 'x'),
    ).toBeUndefined();
  });
});
