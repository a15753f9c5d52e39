import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { useShippedEnvDir } from '../helpers/envDir';
import { startConnectorDouble, type ConnectorDouble } from '../helpers/servers';

const BOT = { id: '28:partner-center-assistant', name: 'Partner Center Assistant' };
const USER = { id: '29:tania', name: 'Tania Carr', aadObjectId: '7d2e1c3b-0000-4000-8000-000000000001' };
const TENANT = '5c7e3b0a-9f4d-4b8e-a1c2-3d4e5f60718a';
const envDir = useShippedEnvDir();

function activity(serviceUrl: string, overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'message',
    id: String(Date.now()),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: USER,
    recipient: BOT,
    locale: 'en-US',
    channelData: { tenant: { id: TENANT } },
    conversation: { id: 'a:1personal-chat-id', conversationType: 'personal', tenantId: TENANT },
    ...overrides,
  };
}

async function post(app: RunningApp, body: Record<string, unknown>): Promise<number> {
  const response = await fetch(`${app.bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.text();
  return response.status;
}

const cardOf = (request: { body: Record<string, unknown> }) =>
  JSON.stringify((request.body.attachments as Array<{ content: unknown }> | undefined)?.[0]?.content);

async function until(done: () => boolean, capMs = 30_000): Promise<void> {
  for (let waited = 0; !done(); waited += 50) {
    if (waited >= capMs) throw new Error(`still not so after ${capMs} ms: ${String(done)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('"mca report" over HTTP in local mode', () => {
  let app: RunningApp;
  let connector: ConnectorDouble;
  beforeAll(async () => {
    const config = loadConfig({ env: { PORT: '0', START_PLAYGROUND: 'false' }, envDir: envDir() });
    app = await startApp(config, createLogger('silent'));
    connector = await startConnectorDouble();
  });
  afterAll(async () => {
    await app?.close();
    await connector?.close();
  });

  it('posts a progress card, updates it in place, and ends with the summary', async () => {
    expect(await post(app, activity(connector.url, { text: 'mca report' }))).toBe(200);
    await until(() =>
      connector.requests.some((r) => r.method === 'PUT' && cardOf(r).includes('MCA report:')),
    );
    const first = connector.requests.find((r) => r.method === 'POST')!;
    expect(cardOf(first)).toContain('MCA report');
    const summary = connector.requests.filter((r) => r.method === 'PUT').at(-1)!;
    process.stdout.write(
      `${connector.requests.map((r) => `${r.method} ${r.path}`).join('\n')}\n${cardOf(summary)}\n`,
    );
  });
});
