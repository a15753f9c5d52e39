import type { Activity } from 'botbuilder';
import { tokenService, type SignIn } from '../../src/bot/signIn';
import { botOnTestAdapter, cardText, CONNECTION, USER } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { graphClientFor, graphTokenFor } from '../helpers/gdap';
import { tokenFor } from '../helpers/seeds';
import { invokeStatus, message, oauthCardOf } from '../helpers/sso';

const suite = useSeedEmulator();
const GRAPH = 'Graph';
/** TestAdapter keys exchangeable tokens without their connection: each connection's gets its own here. */
const SSO_TOKEN = { [CONNECTION]: 'teams-sso-token-pc', [GRAPH]: 'teams-sso-token-graph' } as const;
const ssoTokenOf = (connectionName: string): string =>
  connectionName === GRAPH ? SSO_TOKEN[GRAPH] : SSO_TOKEN[CONNECTION];

const teamsWithGraph = (): SignIn => ({
  kind: 'teams',
  connectionName: CONNECTION,
  tokens: tokenService(CONNECTION),
  graph: { connectionName: GRAPH, tokens: tokenService(GRAPH) },
});

const exchange = (id: string, connectionName: string): Partial<Activity> => ({
  type: 'invoke',
  name: 'signin/tokenExchange',
  value: { id, connectionName, token: ssoTokenOf(connectionName) },
});

describe('Teams single sign-on for Graph, a second connection', () => {
  it("signs in to Partner Center, then to Graph, each through Teams' token exchange, then answers", async () => {
    const { adapter } = botOnTestAdapter(suite.client, teamsWithGraph(), {
      graph: graphClientFor(suite.emulator.url),
    });
    adapter.addExchangeableToken(CONNECTION, 'msteams', USER.id, SSO_TOKEN[CONNECTION], tokenFor(USER.id));
    adapter.addExchangeableToken(GRAPH, 'msteams', USER.id, SSO_TOKEN[GRAPH], graphTokenFor(USER.id));
    let exchangeId = '';
    await adapter
      .send(message('admin access for Wingtip Toys'))
      .assertReply((reply) => {
        expect(oauthCardOf(reply).connectionName).toBe(CONNECTION);
        exchangeId = oauthCardOf(reply).tokenExchangeResource.id;
      })
      .startTest();
    let graphExchangeId = '';
    await adapter
      .send({ ...exchange(exchangeId, CONNECTION) })
      .assertReply((reply) => expect(invokeStatus(reply)).toBe(200))
      .assertReply((reply) => {
        const card = oauthCardOf(reply);
        expect(card.connectionName).toBe(GRAPH);
        expect(reply.text).toContain('Microsoft Graph');
        graphExchangeId = card.tokenExchangeResource.id;
      })
      .startTest();
    // Graph's exchange goes to Graph's connection: Partner Center's could not have made that token.
    await adapter
      .send(exchange(graphExchangeId, GRAPH))
      .assertReply((reply) => expect(invokeStatus(reply)).toBe(200))
      .assertReply((reply) => expect(cardText(reply)).toContain('Ask Wingtip Toys for admin access?'))
      .startTest();
    // Each API got its own token, which the emulator checks (it refuses a token made for the other API): Partner
    // Center to find the customer, Graph for a request already waiting.
    const graphCalls = suite.emulator.requests.filter((r) => r.path.startsWith('/v1.0/'));
    expect(graphCalls).toHaveLength(1);
    const audienceOf = (header: unknown) =>
      (JSON.parse(Buffer.from(String(header).split('.')[1] ?? '', 'base64url').toString()) as { aud: string })
        .aud;
    expect(audienceOf(graphCalls[0]!.headers.authorization)).toBe('https://graph.microsoft.com');
    const partnerCenterCall = suite.emulator.requests.find((r) => r.path.startsWith('/v1/customers'));
    expect(audienceOf(partnerCenterCall!.headers.authorization)).toBe(
      'https://api.partnercenter.microsoft.com',
    );
  });

  it('asks only for Graph when the command needs Graph alone, and answers at once when both are there', async () => {
    const { adapter } = botOnTestAdapter(suite.client, teamsWithGraph(), {
      graph: graphClientFor(suite.emulator.url),
    });
    adapter.addUserToken(CONNECTION, 'msteams', USER.id, tokenFor(USER.id));
    await adapter
      .send(message('expiring admin relationships'))
      .assertReply((reply) => expect(oauthCardOf(reply).connectionName).toBe(GRAPH))
      .startTest();
    adapter.addUserToken(GRAPH, 'msteams', USER.id, graphTokenFor(USER.id));
    await adapter
      .send(message('expiring admin relationships'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Admin relationships ending within 30 days'))
      .startTest();
  });

  it('drops a Graph token Graph refused, so the next request signs in afresh', async () => {
    const { adapter } = botOnTestAdapter(suite.client, teamsWithGraph(), {
      graph: graphClientFor(suite.emulator.url),
    });
    adapter.addUserToken(GRAPH, 'msteams', USER.id, 'not-a-token');
    await adapter
      .send(message('expiring admin relationships'))
      .assertReply((reply) =>
        expect(cardText(reply)).toContain('Microsoft Graph did not accept your sign-in'),
      )
      .startTest();
    await adapter
      .send(message('expiring admin relationships'))
      .assertReply((reply) => expect(oauthCardOf(reply).connectionName).toBe(GRAPH))
      .startTest();
  });
});
