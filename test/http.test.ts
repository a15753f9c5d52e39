import { request as httpRequest } from 'node:http';
import { deflateSync, gzipSync } from 'node:zlib';
import { startApp, type RunningApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { useShippedEnvDir } from './helpers/envDir';
import { until } from './helpers/poll';
import { SEED_TENANT } from './helpers/seeds';
import { startConnectorDouble, unusedPort, type ConnectorDouble } from './helpers/servers';
import { BOT, teamsActivity, TENANT, USER } from './helpers/teamsActivity';

const envDir = useShippedEnvDir();

/** Every line any bot in this file logged, at debug level, checked at the end for secrets and contact details. */
const logLines: string[] = [];
const capturedLogger = createLogger('debug', (line) => logLines.push(line));

/** A group chat or channel message that @mentions the bot, as Teams sends it. */
function mentionActivity(
  serviceUrl: string,
  request: string,
  conversation: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
) {
  return teamsActivity(serviceUrl, {
    text: `<at>${BOT.name}</at> ${request}`,
    conversation: { isGroup: true, tenantId: TENANT, ...conversation },
    entities: [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }],
    ...overrides,
  });
}

async function post(
  app: RunningApp,
  activity: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<number> {
  const response = await fetch(`${app.bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  await response.text();
  return response.status;
}

function card(request: { body: Record<string, unknown> }): string {
  const attachments = request.body.attachments as Array<{ content: unknown }> | undefined;
  return JSON.stringify(attachments?.[0]?.content);
}

/**
 * Our bot in local mode (its built-in emulator) and a connector double where it posts replies, started for the
 * calling describe and stopped after it; what they recorded is cleared before each test.
 */
function useLocalBot(env: Record<string, string> = {}): { app: RunningApp; connector: ConnectorDouble } {
  let app: RunningApp | undefined;
  let connector: ConnectorDouble | undefined;
  beforeAll(async () => {
    const config = loadConfig({
      env: { PORT: '0', START_PLAYGROUND: 'false', ...env },
      envDir: envDir(),
    });
    app = await startApp(config, capturedLogger);
    connector = await startConnectorDouble();
  });
  afterAll(async () => {
    await app?.close();
    await connector?.close();
  });
  beforeEach(() => {
    connector?.requests.splice(0);
    app?.emulator?.requests.splice(0);
  });
  return {
    get app() {
      return app!;
    },
    get connector() {
      return connector!;
    },
  };
}

describe('the bot over HTTP in local mode', () => {
  const local = useLocalBot({ LOG_LEVEL: 'silent' });

  it('answers a personal chat by posting the card back to serviceUrl, as a reply', async () => {
    const status = await post(
      local.app,
      teamsActivity(local.connector.url, { text: `agreements for ${SEED_TENANT}` }),
    );
    expect(status).toBe(200);
    const [reply] = await local.connector.waitFor(1);
    expect(reply?.method).toBe('POST');
    expect(reply?.path).toBe('/v3/conversations/a%3A1personal-chat-id/activities/1732190000001');
    expect(reply?.body).toMatchObject({
      type: 'message',
      replyToId: '1732190000001',
      from: { id: BOT.id },
      recipient: { id: USER.id },
    });
    expect(card(reply!)).toContain(
      'Re-acceptance needed: accepted an earlier version on August 27, 2019 (Tania Carr)',
    );
  });

  it('answers an @mention in a channel thread, inside that thread', async () => {
    const thread = '19:general-channel@thread.tacv2;messageid=1732180000000';
    await post(
      local.app,
      mentionActivity(
        local.connector.url,
        'invite link',
        { id: thread, conversationType: 'channel' },
        {
          channelData: {
            tenant: { id: TENANT },
            team: { id: '19:team@thread.tacv2' },
            channel: { id: '19:general-channel@thread.tacv2' },
          },
        },
      ),
    );
    const [reply] = await local.connector.waitFor(1);
    expect(reply?.path).toBe(`/v3/conversations/${encodeURIComponent(thread)}/activities/1732190000001`);
    expect(card(reply!)).toContain('invType=ResellerRelationship');
  });

  it('answers a new channel post in the thread that post starts', async () => {
    await post(
      local.app,
      mentionActivity(
        local.connector.url,
        'help',
        { id: '19:general-channel@thread.tacv2', conversationType: 'channel' },
        { id: '1732200000000' },
      ),
    );
    const [reply] = await local.connector.waitFor(1);
    const thread = encodeURIComponent('19:general-channel@thread.tacv2;messageid=1732200000000');
    expect(reply?.path).toBe(`/v3/conversations/${thread}/activities/1732200000000`);
    expect(card(reply!)).toContain('What I can do');
  });

  it('answers a group chat @mention in the chat', async () => {
    await post(
      local.app,
      mentionActivity(local.connector.url, 'agreements for 1234-abcd', {
        id: '19:group-chat@thread.v2',
        conversationType: 'groupChat',
      }),
    );
    const [reply] = await local.connector.waitFor(1);
    expect(reply?.path).toBe(
      `/v3/conversations/${encodeURIComponent('19:group-chat@thread.v2')}/activities/1732190000001`,
    );
    expect(card(reply!)).toContain('You typed “1234-abcd”');
  });
});

describe('the bot over HTTP in Teams mode', () => {
  it('refuses a request without a Bot Framework token and runs nothing', async () => {
    const config = loadConfig({
      envDir: envDir(),
      env: {
        BOT_ID: '11111111-2222-3333-4444-555555555555',
        // A multi-tenant bot with no ALLOWED_TENANT_IDS (the shipped env/.env.local says SingleTenant).
        BOT_TYPE: 'MultiTenant',
        SECRET_BOT_PASSWORD: 'not-used',
        OAUTH_CONNECTION_NAME: 'PartnerCenter',
        HOST: '127.0.0.1',
        PORT: '0',
        PARTNER_CENTER_BASE_URL: `http://127.0.0.1:${await unusedPort()}`,
      },
    });
    const app = await startApp(config, capturedLogger);
    const connector = await startConnectorDouble();
    try {
      const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const forged = `Bearer ${['{"alg":"RS256"}', '{"aud":"x"}'].map((p) => Buffer.from(p).toString('base64url')).join('.')}.c2ln`;
      for (const authorization of [
        undefined,
        'Basic dXNlcjpwYXNz',
        'Bearer not-a-jwt',
        `Bearer ${'a'.repeat(10_000)}.b.c`,
        forged,
      ]) {
        const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
        expect(await post(app, teamsActivity(connector.url, { text: 'invite link' }), headers)).toBe(401);
      }
      // Only Teams: a Web Chat or Direct Line client chooses its own channel data, tenant included.
      const webChat = teamsActivity(connector.url, { text: 'invite link', channelId: 'webchat' });
      expect(await post(app, webChat, { Authorization: forged })).toBe(403);
      // Refused quietly: no stack trace per request, whatever LOG_LEVEL says.
      expect(printed).not.toHaveBeenCalled();
      // No BOT_TENANT_ID nor ALLOWED_TENANT_IDS: said at start-up.
      expect(logLines.join('\n')).toMatch(/warn .*serves users of every Entra tenant/);
      printed.mockRestore();
      // Nothing ran: a turn posts its replies before its request is answered (the answer deadline is 10 s).
      expect(connector.requests).toHaveLength(0);
    } finally {
      await app.close();
      await connector.close();
    }
  });
});

describe('the bot over HTTP in local mode, in French', () => {
  it('answers in LOCAL_USER_LOCALE whatever locale the client reports, as the Playground always says en-US', async () => {
    const config = loadConfig({
      envDir: envDir(),
      env: {
        PORT: '0',
        START_PLAYGROUND: 'false',
        LOG_LEVEL: 'silent',
        LOCAL_USER_LOCALE: 'fr-FR',
      },
    });
    const app = await startApp(config, capturedLogger);
    const connector = await startConnectorDouble();
    try {
      await post(
        app,
        teamsActivity(connector.url, { text: `agreements for ${SEED_TENANT}`, locale: 'en-US' }),
      );
      const [reply] = await connector.waitFor(1);
      expect(card(reply!)).toContain(
        'Nouvelle acceptation nécessaire\u00a0: une version antérieure a été acceptée le 27 août 2019 (Tania Carr)',
      );
    } finally {
      await app.close();
      await connector.close();
    }
  });
});

describe('the bot restricted to allowed tenants (ALLOWED_TENANT_IDS)', () => {
  const local = useLocalBot({
    ALLOWED_TENANT_IDS: `11111111-1111-4111-8111-111111111111, ${TENANT.toUpperCase()}`,
  });

  it('answers users of an allowed tenant', async () => {
    await post(local.app, teamsActivity(local.connector.url, { text: `agreements for ${SEED_TENANT}` }));
    const [reply] = await local.connector.waitFor(1);
    expect(card(reply!)).toContain('Tania Carr');
  });

  it('answers when channel data and the conversation name the same allowed tenant, in different cases', async () => {
    await post(
      local.app,
      teamsActivity(local.connector.url, {
        text: `agreements for ${SEED_TENANT}`,
        channelData: { tenant: { id: TENANT.toUpperCase() } },
        conversation: { id: 'a:1personal-chat-id', conversationType: 'personal', tenantId: TENANT },
      }),
    );
    const [reply] = await local.connector.waitFor(1);
    expect(card(reply!)).toContain('Tania Carr');
  });

  it.each([
    [
      'another tenant',
      {
        channelData: { tenant: { id: '22222222-2222-4222-8222-222222222222' } },
        conversation: {
          id: 'a:1personal-chat-id',
          conversationType: 'personal',
          tenantId: '22222222-2222-4222-8222-222222222222',
        },
      },
    ],
    ['no tenant at all', { channelData: {}, conversation: { id: 'a:1personal-chat-id' } }],
    [
      'an allowed tenant in channel data and another in the conversation',
      {
        channelData: { tenant: { id: TENANT } },
        conversation: {
          id: 'a:1personal-chat-id',
          conversationType: 'personal',
          tenantId: '22222222-2222-4222-8222-222222222222',
        },
      },
    ],
    [
      'another tenant in channel data and an allowed one in the conversation',
      {
        channelData: { tenant: { id: '22222222-2222-4222-8222-222222222222' } },
        conversation: { id: 'a:1personal-chat-id', conversationType: 'personal', tenantId: TENANT },
      },
    ],
  ])('refuses %s politely, and calls nothing', async (_name, overrides) => {
    const status = await post(
      local.app,
      teamsActivity(local.connector.url, { text: `agreements for ${SEED_TENANT}`, ...overrides }),
    );
    expect(status).toBe(200);
    const [reply] = await local.connector.waitFor(1);
    expect(card(reply!)).toContain('This app is not available to your organization');
    expect(card(reply!)).not.toContain('Tania Carr');
    expect(local.app.emulator?.requests).toHaveLength(0);
  });

  it('answers an invoke from another tenant with 403, and runs nothing', async () => {
    const response = await fetch(`${local.app.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(
        teamsActivity(local.connector.url, {
          type: 'invoke',
          name: 'composeExtension/query',
          value: { commandId: 'inviteLink', parameters: [] },
          channelData: { tenant: { id: '22222222-2222-4222-8222-222222222222' } },
          conversation: { id: 'a:1personal-chat-id', tenantId: '22222222-2222-4222-8222-222222222222' },
        }),
      ),
    });
    expect(response.status).toBe(403);
    await response.text();
    expect(local.app.emulator?.requests).toHaveLength(0);
    expect(local.connector.requests).toHaveLength(0);
  });
});

describe('malformed requests to the messaging endpoint', () => {
  const local = useLocalBot();

  const raw = async (body: string | Buffer, headers: Record<string, string>) => {
    const response = await fetch(`${local.app.bot.url}/api/messages`, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  };
  const json = { 'Content-Type': 'application/json' };
  const help = JSON.stringify({ type: 'message', text: 'help' });

  it.each([
    ['invalid JSON', '{"type": "message", ', json, 400],
    ['a wrong content type', help, { 'Content-Type': 'text/plain' }, 415],
    ['no content type', help, {}, 415],
    ['JSON in another charset', help, { 'Content-Type': 'application/json; charset=utf-16' }, 415],
    ['a form', 'type=message&text=help', { 'Content-Type': 'application/x-www-form-urlencoded' }, 415],
    [
      'a multipart upload',
      `--b\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n${'x'.repeat(1000)}\r\n--b--\r\n`,
      { 'Content-Type': 'multipart/form-data; boundary=b' },
      415,
    ],
    ['a body that claims gzip but is not', 'not gzip at all', { ...json, 'Content-Encoding': 'gzip' }, 415],
    ['a real gzip body', gzipSync(help), { ...json, 'Content-Encoding': 'gzip' }, 415],
    ['a deflate body', deflateSync(help), { ...json, 'Content-Encoding': 'deflate' }, 415],
    ['a JSON array', '[]', json, 400],
    ['an object that is no activity', '{}', json, 400],
    ['an empty body', '', json, 400],
    ['a body over 256 KB', JSON.stringify({ type: 'message', text: 'x'.repeat(300 * 1024) }), json, 413],
  ])('answers %s with its status, no internals, and keeps serving', async (_name, body, headers, status) => {
    const answer = await raw(body, headers);
    expect(answer.status).toBe(status);
    expect(answer.text).not.toMatch(/req\.body|validateAndFixActivity|at .*\.js|Error:/);
    const next = await post(local.app, teamsActivity(local.connector.url, { text: 'help' }));
    expect(next).toBe(200);
    expect(local.connector.requests.filter((r) => r.method === 'POST').length).toBeGreaterThan(0);
    local.connector.requests.splice(0);
  });

  it('refuses a request for another Host (a web page rebinding its name to this machine)', async () => {
    const { port } = new URL(local.app.bot.url);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/messages',
          method: 'POST',
          headers: { ...json, Host: 'attacker.example' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end(help);
    });
    expect(status).toBe(421);
    expect(local.connector.requests).toHaveLength(0);
  });

  it('refuses a chunked body once it passes the limit, without reading the rest', async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode(`"${'x'.repeat(64 * 1024)}",`);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"type":"message","text":['));
      },
      pull(controller) {
        // 64 MB offered; the bot stops reading at 256 KB.
        if (sent++ < 1000) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${local.app.bot.url}/api/messages`, {
      method: 'POST',
      headers: json,
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    await response.text();
    expect(sent).toBeLessThan(200);
    expect(await post(local.app, teamsActivity(local.connector.url, { text: 'help' }))).toBe(200);
  });
});

describe('replies Teams refuses for a while', () => {
  const local = useLocalBot();

  const messagePosts = () => local.connector.requests.filter((r) => r.body.type === 'message');

  it.each([
    ['429, twice, honouring Retry-After', 429, 2, '1'],
    ['412', 412, 1, undefined],
    ['502', 502, 1, undefined],
    ['504', 504, 1, undefined],
  ])('sends again after %s, and the answer arrives once', async (_name, status, times, retryAfter) => {
    local.connector.failNext(status, times, retryAfter);
    const started = Date.now();
    expect(await post(local.app, teamsActivity(local.connector.url, { text: 'help' }))).toBe(200);
    const [answer] = await local.connector.waitFor(1);
    expect(card(answer!)).toContain('What I can do');
    expect(messagePosts().map((r) => r.status)).toEqual([...Array(times).fill(status), 200]);
    if (retryAfter) expect(Date.now() - started).toBeGreaterThanOrEqual(Number(retryAfter) * 1000);
  });

  it('counts attempts per layer: the pipeline owns 429, we own 412, and the two never multiply', async () => {
    // Teams keeps refusing: the connector's pipeline tries a message four times (one and three retries) …
    local.connector.failNext(429, 8, '0');
    await post(local.app, teamsActivity(local.connector.url, { text: 'help' }));
    await until(() => messagePosts().length >= 8, { capMs: 5000 });
    const helpPosts = messagePosts().filter((r) => card(r).includes('What I can do'));
    expect(helpPosts.map((r) => r.status)).toEqual([429, 429, 429, 429]);
    // … and our layer, which leaves 429 to it, adds none (before, 4 × 4 = 16 posts for one answer).
    local.connector.requests.splice(0);
    local.connector.failNext(412, 3);
    await post(local.app, teamsActivity(local.connector.url, { text: 'help' }));
    await until(() => messagePosts().length >= 4, { capMs: 5000 });
    // 412: the pipeline sends once, ours three times; then the turn fails and its error card gets through.
    expect(messagePosts().map((r) => [r.status, card(r).includes('What I can do')])).toEqual([
      [412, true],
      [412, true],
      [412, true],
      [200, false],
    ]);
  });

  it('does not retry a refusal that will not change (403), and keeps serving', async () => {
    local.connector.failNext(403, 1);
    await post(local.app, teamsActivity(local.connector.url, { text: 'help' }));
    const [refused, ...later] = messagePosts();
    expect(refused?.status).toBe(403);
    // Not sent again; what follows is at most the error card with its support reference.
    expect(later.filter((r) => card(r).includes('What I can do'))).toHaveLength(0);
    local.connector.requests.splice(0);
    expect(await post(local.app, teamsActivity(local.connector.url, { text: 'help' }))).toBe(200);
    await local.connector.waitFor(1);
  });
});

/** Whatever a test made the bots do, its log lines hold no token, secret, contact email or phone number. */
afterEach(() => {
  const log = logLines.splice(0).join('\n');
  expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+|Bearer|local-emulator-secret/);
  expect(log).not.toMatch(/SomeEmail@example\.com|1234567890/);
});
