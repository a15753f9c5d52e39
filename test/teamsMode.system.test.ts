import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEmulatorData } from '../src/emulator/data';
import { startEmulator, type RunningEmulator } from '../src/emulator/server';
import {
  BOT_ACCESS_TOKEN,
  TEAMS_BOT_ID as BOT_ID,
  TEAMS_BOT_SECRET as BOT_SECRET,
  TEAMS_CONNECTION as CONNECTION,
  teamsModeEnv,
  startBotFrameworkDouble,
  type BotFrameworkDouble,
  type ConnectorPost,
} from './helpers/botFrameworkDouble';
import { startBotProcess, type BotProcess } from './helpers/botProcess';
import { SEED_TENANT, TOKEN_SECRET, tokenFor } from './helpers/seeds';
import { until } from './helpers/poll';

/**
 * The bot in Teams mode, as an operator runs it (the real entry point, configured by environment), against a
 * local double of the Bot Framework services: Teams' requests are signed JWTs, the bot gets its own token through
 * MSAL, user tokens come from the token service, replies go to the connector. Nothing may leave the machine.
 */
const USER = { id: '29:tania', name: 'Tania Carr', aadObjectId: '7d2e1c3b-0000-4000-8000-000000000001' };
const TENANT = '5c7e3b0a-9f4d-4b8e-a1c2-3d4e5f60718a';
const SSO_TOKEN = 'teams-sso-token';

let workDir: string;
let emulator: RunningEmulator;
let double: BotFrameworkDouble;
let bot: BotProcess;
let botUrl: string;
let nextId = 1;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'pca-teams-'));
  emulator = await startEmulator({ data: loadEmulatorData(), tokenSecret: TOKEN_SECRET });
  double = await startBotFrameworkDouble({ botId: BOT_ID, botSecret: BOT_SECRET, workDir });
  bot = await startBotProcess(teamsModeEnv(double, emulator.url));
  botUrl = bot.url;
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await double?.close();
  await emulator?.close();
  rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => {
  double.connectorPosts.splice(0);
  double.userTokens.clear();
  double.exchangeable.clear();
});

/** How much of the bot's output the checks below have read: each test answers for what was logged meanwhile. */
let outputChecked = 0;
afterEach(() => {
  const logged = bot.output().slice(outputChecked);
  outputChecked += logged.length;
  // No token, no Authorization header, no secret and no contact detail, whatever the test made the bot do …
  expect(logged).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+|Bearer /);
  expect(logged).not.toMatch(/SomeEmail@example\.com|1234567890/);
  expect(logged).not.toContain(BOT_SECRET);
  expect(logged).not.toContain(SSO_TOKEN);
  // … and it tried no host but this machine's.
  expect(logged).not.toContain('loopback-guard: blocked');
});

type Conversation = { id: string; conversationType: string; isGroup?: boolean; tenantId: string };
const PERSONAL: Conversation = { id: 'a:1personal', conversationType: 'personal', tenantId: TENANT };
const CHANNEL: Conversation = {
  id: '19:general@thread.tacv2;messageid=1732180000000',
  conversationType: 'channel',
  isGroup: true,
  tenantId: TENANT,
};

function activity(conversation: Conversation, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `activity-${nextId++}`,
    channelId: 'msteams',
    serviceUrl: `${double.url}/`,
    from: USER,
    recipient: { id: `28:${BOT_ID}`, name: 'Partner Center Assistant' },
    conversation,
    channelData: { tenant: { id: TENANT } },
    locale: 'en-US',
    ...fields,
  };
}

const message = (text: string, conversation = PERSONAL) => activity(conversation, { type: 'message', text });
const tokenExchange = (id: string, token = SSO_TOKEN) =>
  activity(PERSONAL, {
    type: 'invoke',
    name: 'signin/tokenExchange',
    value: { id, connectionName: CONNECTION, token },
  });

async function post(body: Record<string, unknown>, authorization?: string) {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: authorization ?? `Bearer ${double.channelToken(BOT_ID, String(body.serviceUrl))}`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

function attachmentsOf(
  post: ConnectorPost,
): Array<{ contentType: string; content: Record<string, unknown> }> {
  return (post.body.attachments ?? []) as Array<{ contentType: string; content: Record<string, unknown> }>;
}

const cardOf = (post: ConnectorPost) => JSON.stringify(attachmentsOf(post)[0]?.content) ?? '';

/** Asks for the invite link without a token: the bot answers with an OAuth card; returns its exchange id. */
async function startSignIn(): Promise<string> {
  expect((await post(message('invite link'))).status).toBe(200);
  const [prompt] = await double.waitForConnectorPosts(1);
  const oauth = attachmentsOf(prompt!).find((a) => a.contentType === 'application/vnd.microsoft.card.oauth');
  expect(oauth?.content).toMatchObject({
    connectionName: CONNECTION,
    tokenExchangeResource: { uri: `api://botid-${BOT_ID}` },
  });
  double.connectorPosts.splice(0);
  return (oauth?.content.tokenExchangeResource as { id: string }).id;
}

describe('Teams mode over HTTP, against a double of the Bot Framework services', () => {
  it('refuses requests without a valid Bot Framework token, and runs nothing', async () => {
    const hello = message('invite link');
    const wrongKey = double.channelToken(BOT_ID, String(hello.serviceUrl), { key: 'wrong' });
    const otherBot = double.channelToken('11111111-2222-3333-4444-555555555555', String(hello.serviceUrl));
    expect((await post(hello, '')).status).toBe(401);
    expect((await post(hello, `Bearer ${wrongKey}`)).status).toBe(401);
    expect((await post(hello, `Bearer ${otherBot}`)).status).toBe(401);
    expect((await post(hello, 'Bearer not.a.token')).status).toBe(401);
    expect((await post(hello, 'Basic dXNlcjpwYXNz')).status).toBe(401);
    // Nothing ran: a turn posts its replies before its request is answered (the answer deadline is 10 s).
    expect(double.connectorPosts).toHaveLength(0);
  });

  it('signs the user in with Teams SSO (OAuth card, then the token exchange) and answers', async () => {
    double.exchangeable.set(SSO_TOKEN, tokenFor(USER.id));
    const exchangeId = await startSignIn();
    const exchanged = await post(tokenExchange(exchangeId));
    expect(exchanged).toEqual({
      status: 200,
      body: expect.objectContaining({ id: exchangeId, connectionName: CONNECTION }),
    });
    const [answer] = await double.waitForConnectorPosts(1);
    expect(cardOf(answer!)).toContain('invType=ResellerRelationship');
    expect(answer?.authorization).toBe(`Bearer ${BOT_ACCESS_TOKEN}`);
    expect(double.userTokens.get(`${USER.id}/${CONNECTION}`)).toBeDefined();
  });

  it('answers at once when the token service already holds the sign-in', async () => {
    double.userTokens.set(`${USER.id}/${CONNECTION}`, tokenFor(USER.id));
    await post(message(`agreements for ${SEED_TENANT}`));
    const [answer] = await double.waitForConnectorPosts(1);
    expect(cardOf(answer!)).toContain(
      'Re-acceptance needed: accepted an earlier version on August 27, 2019 (Tania Carr)',
    );
  });

  it('signs in once and answers once when duplicate exchanges arrive together', async () => {
    double.exchangeable.set(SSO_TOKEN, tokenFor(USER.id));
    const exchangeId = await startSignIn();
    const results = await Promise.all([post(tokenExchange(exchangeId)), post(tokenExchange(exchangeId))]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    // Both exchanges are answered: an invoke's response waits for its turn, so every reply is already here.
    expect(
      double.connectorPosts.filter((p) => cardOf(p).includes('invType=ResellerRelationship')),
    ).toHaveLength(1);
  });

  it('answers 412 to an exchange the token service refuses, so Teams shows its sign-in card', async () => {
    const exchangeId = await startSignIn();
    const refused = await post(tokenExchange(exchangeId, 'a-token-nobody-can-exchange'));
    expect(refused.status).toBe(412);
    expect(refused.body).toMatchObject({
      failureDetail: expect.stringContaining('Proceed with regular login'),
    });
  });

  it('in a channel without a token, points to a personal chat in the thread and never shows a sign-in card', async () => {
    await post(message('<at>Partner Center Assistant</at> invite link', CHANNEL));
    const [guidance] = await double.waitForConnectorPosts(1);
    expect(guidance?.path).toContain(`/v3/conversations/${CHANNEL.id}/activities/`);
    expect(attachmentsOf(guidance!).map((a) => a.contentType)).toEqual([
      'application/vnd.microsoft.card.adaptive',
    ]);
    expect(cardOf(guidance!)).toContain('Sign in once in a personal chat');
  });

  it('signs the user out at the token service', async () => {
    double.userTokens.set(`${USER.id}/${CONNECTION}`, tokenFor(USER.id));
    await post(message('sign out'));
    const [notice] = await double.waitForConnectorPosts(1);
    expect(cardOf(notice!)).toContain('You are signed out');
    expect(double.userTokens.size).toBe(0);
    expect(double.tokenServiceCalls).toContain('DELETE /api/usertoken/SignOut');
  });

  it('answers the message extension with the invite card, or with a sign-in link when there is no token', async () => {
    const search = activity(PERSONAL, {
      type: 'invoke',
      name: 'composeExtension/query',
      value: { commandId: 'inviteLink', parameters: [{ name: 'initialRun', value: 'true' }] },
    });
    const signIn = await post(search);
    expect(signIn.status).toBe(200);
    expect(signIn.body).toMatchObject({
      composeExtension: {
        type: 'auth',
        suggestedActions: {
          actions: [{ type: 'openUrl', value: expect.stringMatching(/^https:\/\/localhost:\d+\/signin\?/) }],
        },
      },
    });

    double.userTokens.set(`${USER.id}/${CONNECTION}`, tokenFor(USER.id));
    const result = await post({ ...search, id: `activity-${nextId++}` });
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.body)).toContain('invType=ResellerRelationship');
    expect(result.body).toMatchObject({ composeExtension: { type: 'result', attachmentLayout: 'list' } });
  });

  it('gets its own token through MSAL from the configured login endpoint to reply', async () => {
    expect((await post(message('help'))).status).toBe(200);
    const [reply] = await double.waitForConnectorPosts(1);
    expect(reply?.authorization).toBe(`Bearer ${BOT_ACCESS_TOKEN}`);
    expect(double.botTokensIssued()).toBeGreaterThan(0);
    expect(bot.output()).toMatch(/Teams mode \(BOT_ID 0b5c8f6e-1d2a-4e3f-9a8b-7c6d5e4f3a2b\)/);
  });
});

describe('the MCA report in Teams mode', () => {
  const summaryCard = (since: number) =>
    double.connectorPosts
      .slice(since)
      .find((p) => p.method === 'PUT' && cardOf(p).includes('MCA report: 11'));
  const pausedCard = (since: number) =>
    double.connectorPosts.slice(since).find((p) => p.method === 'PUT' && cardOf(p).includes('Paused after'));
  afterEach(() => emulator.clearFaults());

  it('renews the user token from the token service when Partner Center refuses it mid-report', async () => {
    double.userTokens.set(`${USER.id}/${CONNECTION}`, tokenFor(USER.id));
    // The token expires during the report: Partner Center refuses it once.
    emulator.addFault({ operation: 'directSignedStatus', status: 401, code: '401', times: 1 });
    const calls = double.tokenServiceCalls.length;
    expect((await post(message('mca report'))).status).toBe(200);
    const summary = await until(() => summaryCard(0), { capMs: 30_000 });
    expect(cardOf(summary)).toContain('8 customers need action');
    // One token for the request, one more for the job when Partner Center refused the first.
    const tokenCalls = double.tokenServiceCalls.slice(calls).filter((call) => call.includes('GetToken'));
    expect(tokenCalls.length).toBeGreaterThanOrEqual(2);
    // In a personal chat of Teams mode, the CSV comes through Teams (file consent), not a link.
    expect(cardOf(summary)).toContain('"command":"reportCsv"');
    expect(cardOf(summary)).not.toContain('/downloads/');
  });

  it('pauses, and says so on its card, when the token service has no token for the user any more', async () => {
    double.userTokens.set(`${USER.id}/${CONNECTION}`, tokenFor(USER.id));
    emulator.addFault({ operation: 'agreements', latencyMs: 200 });
    const since = double.connectorPosts.length;
    await post(activity(PERSONAL, { type: 'message', value: { command: 'mcaReport', fresh: true } }));
    // Signed out meanwhile: Partner Center refuses the token, and the token service has none.
    double.userTokens.clear();
    emulator.addFault({ operation: 'directSignedStatus', status: 401, code: '401' });
    const paused = await until(() => pausedCard(since), { capMs: 30_000 });
    // Asked in the personal chat: the card does not send the user to the personal chat.
    expect(cardOf(paused)).toContain('Type “sign in”, then “mca report” to go on');
    expect(cardOf(paused)).not.toContain('personal chat');
  });
});
