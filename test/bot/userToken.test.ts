import { CloudAdapter, TurnContext, type Activity, type TokenResponse } from 'botbuilder';
import { UserTokenClient } from 'botframework-connector';
import { botTokenServiceSource, localTokenSource } from '../../src/bot/userToken';
import { createLogger } from '../../src/log';
import { verifyLocalToken } from '../../src/partnerCenter/localToken';

/** The token service as CloudAdapter hands it to a turn; only getUserToken is used by the bot. */
class TokenServiceDouble extends UserTokenClient {
  readonly calls: unknown[][] = [];
  constructor(private readonly answer: () => Promise<TokenResponse | undefined>) {
    super();
  }
  async getUserToken(...args: [string, string, string, string]): Promise<TokenResponse> {
    this.calls.push(args);
    return (await this.answer()) as TokenResponse;
  }
  getSignInResource = () => Promise.reject(new Error('not used'));
  signOutUser = () => Promise.reject(new Error('not used'));
  getTokenStatus = () => Promise.reject(new Error('not used'));
  getAadTokens = () => Promise.reject(new Error('not used'));
  exchangeToken = () => Promise.reject(new Error('not used'));
}

function turnWith(tokenService: UserTokenClient | undefined): TurnContext {
  const adapter = new CloudAdapter();
  const activity: Partial<Activity> = {
    type: 'message',
    channelId: 'msteams',
    from: { id: '29:tania', name: 'Tania' },
  };
  const context = new TurnContext(adapter, activity);
  if (tokenService) context.turnState.set(adapter.UserTokenClientKey, tokenService);
  return context;
}

describe('user token sources', () => {
  const logLines: string[] = [];
  const logger = createLogger('debug', (line) => logLines.push(line));

  it("local mode makes a token for the turn's user that the emulator accepts", async () => {
    const token = await localTokenSource({ secret: 's', mfa: true })(turnWith(undefined));
    const check = verifyLocalToken(token ?? '', 's');
    expect(check).toMatchObject({ ok: true, claims: { oid: '29:tania', amr: ['pwd', 'mfa'] } });
  });

  it("asks the Bot Framework token service for this user's token on the configured connection", async () => {
    const service = new TokenServiceDouble(async () => ({
      token: 'delegated',
      connectionName: 'PC',
      expiration: '',
    }));
    expect(await botTokenServiceSource('PartnerCenter', logger)(turnWith(service))).toBe('delegated');
    expect(service.calls).toEqual([['29:tania', 'PartnerCenter', 'msteams', '']]);
  });

  it('has no token when the user never signed in, or when the service fails', async () => {
    const none = new TokenServiceDouble(async () => undefined);
    expect(await botTokenServiceSource('PartnerCenter', logger)(turnWith(none))).toBeUndefined();
    const failing = new TokenServiceDouble(() => Promise.reject(new Error('token service down')));
    expect(await botTokenServiceSource('PartnerCenter', logger)(turnWith(failing))).toBeUndefined();
    expect(logLines.join('\n')).toContain('token service did not answer');
    expect(await botTokenServiceSource('PartnerCenter', logger)(turnWith(undefined))).toBeUndefined();
  });
});
