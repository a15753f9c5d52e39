import { ClaimsIdentity } from 'botframework-connector';
import { botFrameworkAuthentication, credentialsFactory, loginAuthority } from '../../src/bot/authentication';

const bot = {
  id: '0b5c8f6e-1d2a-4e3f-9a8b-7c6d5e4f3a2b',
  password: 's',
  tenantId: '5c7e3b0a-9f4d-4b8e-a1c2-3d4e5f60718a',
};

describe("the bot's own sign-in authority", () => {
  it.each([
    [
      'multi-tenant, public cloud',
      { type: 'MultiTenant' },
      {},
      'https://login.microsoftonline.com/botframework.com',
    ],
    [
      'single-tenant, public cloud',
      { type: 'SingleTenant' },
      {},
      `https://login.microsoftonline.com/${bot.tenantId}`,
    ],
    [
      'multi-tenant, US Government',
      { type: 'MultiTenant' },
      { ChannelService: 'https://botframework.azure.us' },
      'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
    ],
    [
      'single-tenant, US Government',
      { type: 'SingleTenant' },
      { ChannelService: 'https://botframework.azure.us' },
      `https://login.microsoftonline.us/${bot.tenantId}`,
    ],
    [
      'configured explicitly',
      { type: 'SingleTenant' },
      { ToChannelFromBotLoginUrl: 'https://localhost:8443/botframework.com/' },
      'https://localhost:8443/botframework.com',
    ],
  ] as const)('%s', (_name, botType, botFramework, authority) => {
    expect(loginAuthority({ bot: { ...bot, ...botType }, botFramework })).toBe(authority);
  });

  it("leaves local mode and managed identities to botbuilder's own factory", () => {
    expect(credentialsFactory({ bot: { type: 'MultiTenant' }, botFramework: {} })).toBeUndefined();
    expect(
      credentialsFactory({ bot: { ...bot, type: 'UserAssignedMSI' }, botFramework: {} }),
    ).toBeUndefined();
    expect(credentialsFactory({ bot: { ...bot, type: 'MultiTenant' }, botFramework: {} })).toBeDefined();
  });
});

describe('the Bot Framework clients a turn is given', () => {
  const identity = new ClaimsIdentity([{ type: 'aud', value: bot.id }], true);
  const authentication = () =>
    botFrameworkAuthentication({
      bot: { ...bot, type: 'SingleTenant' },
      botFramework: {},
    } as Parameters<typeof botFrameworkAuthentication>[0]);

  it('are built once per service URL and kept for the turns after, each with its time limit once', async () => {
    const factory = authentication().createConnectorFactory(identity);
    const first = await factory.create('https://smba.trafficmanager.net/emea/', undefined);
    const again = await authentication()
      .createConnectorFactory(identity)
      .create('https://smba.trafficmanager.net/emea/', undefined);
    expect(again).not.toBe(first);
    const sameInstance = await factory.create('https://smba.trafficmanager.net/emea/', undefined);
    expect(sameInstance).toBe(first);
    expect(sameInstance.sendOperationRequest).toBe(first.sendOperationRequest);
    const otherRegion = await factory.create('https://smba.trafficmanager.net/amer/', undefined);
    expect(otherRegion).not.toBe(first);
  });

  it('give one token service client, built once', async () => {
    const auth = authentication();
    const first = await auth.createUserTokenClient(identity);
    expect(await auth.createUserTokenClient(identity)).toBe(first);
  });
});
