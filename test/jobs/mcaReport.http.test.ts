import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { useShippedEnvDir } from '../helpers/envDir';
import { readBody, startConnectorDouble, type ConnectorDouble } from '../helpers/servers';
import { BOT, teamsActivity, TENANT } from '../helpers/teamsActivity';
import { until } from '../helpers/poll';

const envDir = useShippedEnvDir();
let nextId = 1;

/** A message from Tania in her personal chat with the bot (each with its own id), unless `overrides` say. */
const activity = (serviceUrl: string, overrides: Record<string, unknown>) =>
  teamsActivity(serviceUrl, { id: `report-http-${nextId++}`, ...overrides });

async function post(
  app: RunningApp,
  body: Record<string, unknown>,
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${app.bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.text() };
}

/** A GET naming another Host than the bot's, as a web page rebinding its own name to this machine makes it. */
function getWithHost(url: string, host: string): Promise<number> {
  const { port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path: pathname, headers: { Host: host } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

const cardOf = (request: { body: Record<string, unknown> }) =>
  JSON.stringify((request.body.attachments as Array<{ content: unknown }> | undefined)?.[0]?.content ?? {});

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
  beforeEach(() => connector.requests.splice(0));

  const summaryIn = (text: string) => () =>
    connector.requests.find((r) => r.method === 'PUT' && cardOf(r).includes(text));

  it('posts a progress card, updates it in place, ends with the summary and a CSV only the bot can link to', async () => {
    expect(
      (await post(app, activity(connector.url, { text: 'which customers need to accept the MCA?' }))).status,
    ).toBe(200);
    const summary = await until(summaryIn('MCA report: 11 customers'));
    const posts = connector.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(summary.path).toBe(`${posts[0]!.path.replace(/\/activities\/.*$/, '')}/activities/reply-1`);
    const card = cardOf(summary);
    expect(card).toContain('8 customers need action');
    // In a personal chat, contacts are shown whole.
    expect(card).toContain('andrew.fuller@northwind.example');

    const url = /"url":"(http:\/\/127\.0\.0\.1:\d+\/downloads\/[^"]+)"/.exec(card)?.[1];
    expect(url).toBeDefined();
    const csv = await fetch(url!);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="mca-report-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = Buffer.from(await csv.arrayBuffer());
    // UTF-8 with a byte-order mark, as Excel wants it.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe('Tenant id,Company,Domain,State,Date accepted,Contact,Contact email,What to do');
    // A link with another signature, or for another user, is not found.
    for (const forged of [
      url!.replace(/\.[\w-]{43}\.csv$/, `.${'A'.repeat(43)}.csv`),
      url!.replace('mca-report-', 'mca-report-x'),
    ]) {
      expect((await fetch(forged)).status).toBe(404);
    }
    expect((await fetch(`${app.bot.url}/downloads/${'x'.repeat(5000)}`)).status).toBe(404);
    // The link itself, asked under another name for this machine (DNS rebinding): refused as /api/messages
    // refuses it, so a web page cannot read the file through the user's browser.
    expect(await getWithHost(url!, 'attacker.example')).toBe(421);
    expect(await getWithHost(url!, `localhost:${new URL(url!).port}`)).toBe(200);
  });

  it('asked again, offers the results kept; in French, in French', async () => {
    await post(app, activity(connector.url, { text: 'rapport MCA', locale: 'fr-FR' }));
    const reply = await until(() => connector.requests.find((r) => r.method === 'POST'));
    expect(cardOf(reply)).toContain('Rapport MCA : 11 clients');
    expect(cardOf(reply)).toContain('Lancer un nouveau rapport');
  });

  it('in a channel, posts in the thread, masks contacts, and says where to get the CSV', async () => {
    const channel = { id: '19:csp-sales@thread.tacv2;messageid=1700000000000', conversationType: 'channel' };
    await post(
      app,
      activity(connector.url, {
        text: `<at>${BOT.name}</at> mca report`,
        conversation: { ...channel, isGroup: true, tenantId: TENANT },
        from: { id: '29:omar', name: 'Omar', aadObjectId: '7d2e1c3b-0000-4000-8000-000000000002' },
        entities: [{ type: 'mention', mentioned: BOT, text: `<at>${BOT.name}</at>` }],
      }),
    );
    const summary = await until(summaryIn('MCA report: 11 customers'));
    expect(decodeURIComponent(summary.path)).toContain(';messageid=1700000000000');
    const card = cardOf(summary);
    expect(card).not.toContain('andrew.fuller@northwind.example');
    expect(card).toContain('*@northwind.example');
    expect(card).toContain('ask me “mca report” in our personal chat');
    expect(card).not.toContain('/downloads/');
  });

  it('cancel with no report running says so', async () => {
    await post(app, activity(connector.url, { value: { command: 'cancelReport' } }));
    const reply = await until(() => connector.requests.find((r) => r.method === 'POST'));
    expect(cardOf(reply)).toContain('You have no MCA report running.');
  });

  it('a colleague’s Cancel button (another report’s id) cancels nothing, and says so', async () => {
    const value = { command: 'cancelReport', jobId: '6a1e1c1e-0000-4000-8000-00000000c0de' };
    await post(app, activity(connector.url, { value }));
    const reply = await until(() => connector.requests.find((r) => r.method === 'POST'));
    expect(cardOf(reply)).toContain(
      'That card’s report is not yours, or it has ended: nothing was cancelled.',
    );
  });
});

describe('the CSV through Teams’ file consent card (personal chat)', () => {
  let app: RunningApp;
  let connector: ConnectorDouble;
  beforeAll(async () => {
    const config = loadConfig({ env: { PORT: '0', START_PLAYGROUND: 'false' }, envDir: envDir() });
    // As in Teams mode, no local link: the file goes through Teams.
    app = await startApp(config, createLogger('silent'), { noCsvLinks: true });
    connector = await startConnectorDouble();
  });
  afterAll(async () => {
    await app?.close();
    await connector?.close();
  });
  /** The user's answer to the file consent card, as Teams sends it. */
  const fileConsent = (value: Record<string, unknown>) =>
    post(app, activity(connector.url, { type: 'invoke', name: 'fileConsent/invoke', value }));

  it('offers the file, uploads it where Teams says once accepted, and shows it as a file card', async () => {
    await post(app, activity(connector.url, { text: 'mca report' }));
    await until(() =>
      connector.requests.find((r) => r.method === 'PUT' && cardOf(r).includes('MCA report: 11')),
    );
    connector.requests.splice(0);
    await post(app, activity(connector.url, { value: { command: 'reportCsv' } }));
    const offer = await until(() => connector.requests.find((r) => r.method === 'POST'));
    const [attachment] = offer.body.attachments as Array<{
      contentType: string;
      name: string;
      content: { acceptContext: unknown; declineContext: unknown };
    }>;
    expect(attachment!.contentType).toBe('application/vnd.microsoft.teams.card.file.consent');
    expect(attachment!.name).toMatch(/^mca-report-\d{4}-\d{2}-\d{2}\.csv$/);

    // The user's OneDrive, as Teams hands out an upload session for it.
    const uploads: Array<{ headers: Record<string, unknown>; body: string }> = [];
    const oneDrive = createServer((request, response) => {
      void readBody(request).then((body) => {
        uploads.push({ headers: request.headers, body });
        response.writeHead(201);
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => oneDrive.listen(0, '127.0.0.1', resolve));
    const uploadUrl = `http://127.0.0.1:${(oneDrive.address() as AddressInfo).port}/upload-session`;
    try {
      connector.requests.splice(0);
      const accepted = await fileConsent({
        type: 'fileUpload',
        action: 'accept',
        context: attachment!.content.acceptContext,
        uploadInfo: {
          name: attachment!.name,
          uploadUrl,
          contentUrl: 'https://contoso-my.sharepoint.com/personal/tania/Documents/report.csv',
          uniqueId: 'file-1',
          fileType: 'csv',
        },
      });
      expect(accepted.status).toBe(200);
      expect(uploads).toHaveLength(1);
      expect(uploads[0]!.body.trim().split('\r\n')).toHaveLength(12);
      expect(uploads[0]!.headers['content-range']).toBe(
        `bytes 0-${Buffer.byteLength(uploads[0]!.body) - 1}/${Buffer.byteLength(uploads[0]!.body)}`,
      );
      const info = connector.requests.find((r) => r.method === 'POST')!;
      expect((info.body.attachments as Array<{ contentType: string }>)[0]!.contentType).toBe(
        'application/vnd.microsoft.teams.card.file.info',
      );

      connector.requests.splice(0);
      const declined = await fileConsent({
        type: 'fileUpload',
        action: 'decline',
        context: attachment!.content.declineContext,
      });
      expect(declined.status).toBe(200);
      expect(JSON.stringify(connector.requests.find((r) => r.method === 'POST')!.body)).toContain(
        'No file then',
      );
    } finally {
      await new Promise((resolve) => oneDrive.close(resolve));
    }
  });
});
