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
    expect(lines[0]).toBe(
      'Tenant id,Company,Domain,State,Basis of the verdict,Date accepted,MCA version (template id),Contact,Contact email,What to do,Action link',
    );
    // Most urgent first: the oldest acceptances to renew, the customers who never accepted, then the unknown.
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual([
      'Wingtip Toys',
      'Northwind Traders',
      'Adventure Works Cycles',
      'Alpine Ski House',
      'Contoso Electronics',
      'Contoso Pharmaceuticals',
      '"Fabrikam',
      'Woodgrove Bank',
      // Can transact: the attested acceptance, then the direct ones (no date), by name.
      'Contoso Ltd',
      '"Litware',
      'Tailspin Toys',
    ]);
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
    expect(cardOf(reply)).toContain('Rapport MCA : 11 clients');
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
  /** Where Teams' upload places and files are, in the user's OneDrive. */
  const ONE_DRIVE = 'https://contoso-my.sharepoint.com';
  const CONTENT_URL = `${ONE_DRIVE}/personal/tania_contoso_com/Documents/Applications/report.csv`;
  const realFetch = globalThis.fetch;
  let app: RunningApp;
  let connector: ConnectorDouble;
  /** The user's OneDrive: what it received, and how it answers the next upload (201 unless a test says). */
  let oneDrive: { url: string; close(): Promise<void> };
  const uploads: Array<{ method: string; path: string; headers: Record<string, unknown>; body: string }> = [];
  let answer: { status: number; headers?: Record<string, string> } = { status: 201 };
  /** Every request the bot tried to send off this machine: none may go. */
  const offMachine: string[] = [];

  /** Loopback (the bot, its connector, the doubles) goes through; anything else is recorded and fails. */
  const guardedFetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return realFetch(input, init);
    offMachine.push(url.href);
    return Promise.reject(new TypeError('fetch failed'));
  };
  /** The bot's way to OneDrive: URLs on ONE_DRIVE reach the double, with the options the bot gave. */
  const uploadFetch: typeof fetch = (input, init) => {
    const url = new URL(String(input));
    if (url.origin !== ONE_DRIVE) return guardedFetch(input, init);
    return realFetch(`${oneDrive.url}${url.pathname}${url.search}`, init);
  };

  beforeAll(async () => {
    jest.spyOn(globalThis, 'fetch').mockImplementation(guardedFetch);
    const config = loadConfig({ env: { PORT: '0', START_PLAYGROUND: 'false' }, envDir: envDir() });
    // As in Teams mode, no local link: the file goes through Teams.
    app = await startApp(config, createLogger('silent'), { noCsvLinks: true, uploadFetch });
    connector = await startConnectorDouble();
    const server = createServer((request, response) => {
      void readBody(request).then((body) => {
        uploads.push({
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body,
        });
        response.writeHead(answer.status, answer.headers);
        response.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    oneDrive = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  });
  afterAll(async () => {
    await app?.close();
    await connector?.close();
    await oneDrive?.close();
    jest.restoreAllMocks();
  });
  beforeEach(() => {
    uploads.splice(0);
    offMachine.splice(0);
    answer = { status: 201 };
  });

  /** The user's answer to the file consent card, as Teams sends it (in the personal chat unless `overrides` say). */
  const fileConsent = (value: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
    post(app, activity(connector.url, { type: 'invoke', name: 'fileConsent/invoke', value, ...overrides }));

  /** The consent card of the user's report, once: the report is run, then its CSV asked for. */
  let offered: Promise<{ name: string; content: { acceptContext: unknown; declineContext: unknown } }>;
  const offer = () =>
    (offered ??= (async () => {
      await post(app, activity(connector.url, { text: 'mca report' }));
      await until(() =>
        connector.requests.find((r) => r.method === 'PUT' && cardOf(r).includes('MCA report: 11')),
      );
      connector.requests.splice(0);
      await post(app, activity(connector.url, { value: { command: 'reportCsv' } }));
      const message = await until(() => connector.requests.find((r) => r.method === 'POST'));
      const [attachment] = message.body.attachments as Array<{
        contentType: string;
        name: string;
        content: { acceptContext: unknown; declineContext: unknown };
      }>;
      expect(attachment!.contentType).toBe('application/vnd.microsoft.teams.card.file.consent');
      expect(attachment!.name).toMatch(/^mca-report-\d{4}-\d{2}-\d{2}\.csv$/);
      return attachment!;
    })());

  /** Accepts the consent card with this upload info; resolves with what the bot posted back. */
  async function accept(uploadInfo: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
    const attachment = await offer();
    connector.requests.splice(0);
    const accepted = await fileConsent(
      {
        type: 'fileUpload',
        action: 'accept',
        context: attachment.content.acceptContext,
        uploadInfo: { name: attachment.name, uniqueId: 'file-1', fileType: 'csv', ...uploadInfo },
      },
      overrides,
    );
    expect(accepted.status).toBe(200);
    return connector.requests.find((r) => r.method === 'POST')!.body;
  }

  it('offers the file, uploads it where Teams says once accepted, and shows it as a file card', async () => {
    const posted = await accept({
      uploadUrl: `${ONE_DRIVE}/_api/v2.0/upload-session?guid=1`,
      contentUrl: CONTENT_URL,
    });
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.method).toBe('PUT');
    expect(uploads[0]!.path).toBe('/_api/v2.0/upload-session?guid=1');
    expect(uploads[0]!.body.trim().split('\r\n')).toHaveLength(12);
    expect(uploads[0]!.headers['content-range']).toBe(
      `bytes 0-${Buffer.byteLength(uploads[0]!.body) - 1}/${Buffer.byteLength(uploads[0]!.body)}`,
    );
    const [card] = posted.attachments as Array<{ contentType: string; contentUrl: string }>;
    expect(card!.contentType).toBe('application/vnd.microsoft.teams.card.file.info');
    expect(card!.contentUrl).toBe(CONTENT_URL);
    expect(offMachine).toEqual([]);

    connector.requests.splice(0);
    const declined = await fileConsent({
      type: 'fileUpload',
      action: 'decline',
      context: (await offer()).content.declineContext,
    });
    expect(declined.status).toBe(200);
    expect(JSON.stringify(connector.requests.find((r) => r.method === 'POST')!.body)).toContain(
      'No file then',
    );
  });

  it.each([
    ['plain http to this machine', () => `${oneDrive.url}/upload-session`],
    ['https to another host', () => 'https://attacker.example/upload-session'],
    ['a host that only starts like OneDrive', () => `${ONE_DRIVE}.attacker.example/upload-session`],
    ['a host that only ends like SharePoint', () => 'https://attackersharepoint.com/upload-session'],
    ['OneDrive’s name as credentials for another host', () => `${ONE_DRIVE}@attacker.example/upload`],
    ['credentials in the URL', () => 'https://user:secret@contoso-my.sharepoint.com/upload-session'],
    ['another port', () => `${ONE_DRIVE}:8443/upload-session`],
    ['another cloud’s SharePoint', () => 'https://contoso-my.sharepoint.cn/upload-session'],
    ['SharePoint over plain http', () => 'http://contoso-my.sharepoint.com/upload-session'],
  ])('uploads nothing to %s: the user hears it failed', async (_name, uploadUrl) => {
    const posted = await accept({ uploadUrl: uploadUrl(), contentUrl: CONTENT_URL });
    expect(JSON.stringify(posted)).toContain('The CSV could not be saved to your OneDrive.');
    expect(uploads).toEqual([]);
    expect(offMachine).toEqual([]);
  });

  it.each([
    ['a javascript: link', 'javascript:alert(document.cookie)'],
    ['a data: link', 'data:text/html,<script>alert(1)</script>'],
    ['plain http', 'http://contoso-my.sharepoint.com/personal/tania/report.csv'],
    ['another host', 'https://attacker.example/report.csv'],
  ])(
    'puts no file card with %s as the file: nothing is uploaded, the user hears it failed',
    async (_name, contentUrl) => {
      const posted = await accept({ uploadUrl: `${ONE_DRIVE}/_api/v2.0/upload-session`, contentUrl });
      expect(JSON.stringify(posted)).toContain('The CSV could not be saved to your OneDrive.');
      expect(JSON.stringify(posted)).not.toContain(contentUrl);
      expect(uploads).toEqual([]);
      expect(offMachine).toEqual([]);
    },
  );

  it.each([301, 302, 303, 307, 308])(
    'does not follow a redirect (%s) from the upload place: the file goes nowhere else',
    async (status) => {
      answer = { status, headers: { Location: `${oneDrive.url}/elsewhere` } };
      const posted = await accept({
        uploadUrl: `${ONE_DRIVE}/_api/v2.0/upload-session`,
        contentUrl: CONTENT_URL,
      });
      expect(JSON.stringify(posted)).toContain('The CSV could not be saved to your OneDrive.');
      expect(uploads.map((upload) => upload.path)).toEqual(['/_api/v2.0/upload-session']);
      expect(offMachine).toEqual([]);
    },
  );

  it.each([
    ['a group chat', { id: '19:csp-sales@thread.v2', conversationType: 'groupChat', isGroup: true }],
    [
      'a channel',
      { id: '19:csp@thread.tacv2;messageid=1700000000000', conversationType: 'channel', isGroup: true },
    ],
  ])(
    'refuses an accept arriving from %s, where the card is never offered, and says why',
    async (_name, where) => {
      const posted = await accept(
        { uploadUrl: `${ONE_DRIVE}/_api/v2.0/upload-session`, contentUrl: CONTENT_URL },
        { conversation: { ...where, tenantId: TENANT } },
      );
      expect(JSON.stringify(posted)).toContain('I save the CSV to your OneDrive only from our personal chat');
      expect(uploads).toEqual([]);
      expect(offMachine).toEqual([]);
    },
  );
});
