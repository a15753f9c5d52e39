import { noWatches } from '../helpers/reports';
import { gdapServices } from '../helpers/gdap';
import fc from 'fast-check';
import type { RequestContext } from '../../src/commands/context';
import { answerFileConsent } from '../../src/teams/fileConsent';
import { reportCsv } from '../../src/cards/reportCsv';
import { localizer } from '../../src/i18n/localizer';
import { newJob } from '../../src/jobs/reportStore';
import type { ReportRow } from '../../src/mca/reportRow';
import { createLogger } from '../../src/log';
import type { PartnerCenterCloud } from '../../src/partnerCenter/clouds';
import { partnerCenterAnswering } from '../helpers/replies';
import { TODAY } from '../helpers/seeds';
import { hostileText } from './inputs';

/**
 * The upload info of a file consent invoke is whatever the client sent: the bot writes the CSV (every contact,
 * unmasked) to its uploadUrl and shows its contentUrl as a link. Whatever the two are, only an https SharePoint
 * host of the bot's cloud may get the file or be linked to, and a redirect is never followed.
 */

/** Said independently of the code under test: the domains each cloud's OneDrive is on. */
const SHAREPOINT_SUFFIXES: Record<PartnerCenterCloud, string[]> = {
  public: ['.sharepoint.com'],
  usgov: ['.sharepoint.com', '.sharepoint.us', '.sharepoint-mil.us'],
  china: ['.sharepoint.cn'],
};

function onSharePoint(text: string, cloud: PartnerCenterCloud): boolean {
  if (!URL.canParse(text)) return false;
  // `host` carries the port when it is not the default one: there must be none.
  const { protocol, host, username, password } = new URL(text);
  return (
    protocol === 'https:' &&
    !username &&
    !password &&
    !host.includes(':') &&
    SHAREPOINT_SUFFIXES[cloud].some((suffix) => host.endsWith(suffix) && host.length > suffix.length)
  );
}

const ALL_DOMAINS = ['sharepoint.com', 'sharepoint.us', 'sharepoint-mil.us', 'sharepoint.cn'];
const label = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,15}$/);
const path = fc.webPath();
/** A OneDrive host on one of `domains`. */
const oneDriveHost = (domains: string[]) =>
  fc.tuple(label, fc.constantFrom(...domains)).map(([name, domain]) => `${name}-my.${domain}`);

/**
 * For a bot in `cloud`: Teams' own URLs in that cloud (half the time), look-alikes built around a OneDrive host of
 * any cloud, and anything else at all.
 */
const urlIn = (cloud: PartnerCenterCloud): fc.Arbitrary<string> =>
  fc.oneof(
    {
      arbitrary: fc
        .tuple(oneDriveHost(SHAREPOINT_SUFFIXES[cloud].map((suffix) => suffix.slice(1))), path)
        .map(([host, rest]) => `https://${host}${rest}`),
      weight: 3,
    },
    fc
      .tuple(oneDriveHost(ALL_DOMAINS), fc.domain(), path)
      .chain(([host, evil, rest]) =>
        fc.constantFrom(
          `https://${host}${rest}`,
          `https://${host}.${evil}${rest}`,
          `https://${host}@${evil}${rest}`,
          `https://${evil}/${host}${rest}`,
          `https://${evil}?.${host}`,
          `https://${evil}#.${host}`,
          `https://${evil}\\.${host}`,
          `https://${host}\\@${evil}`,
          `https://${host}%2F@${evil}`,
          `https://${host.replace(/\./g, '')}${rest}`,
          `https://${host}.${rest}`,
          `https://${host}:444${rest}`,
          `https://user:pass@${host}${rest}`,
          `http://${host}${rest}`,
          `HTTPS://${host.toUpperCase()}${rest}`,
          `javascript://${host}/%0aalert(document.cookie)`,
          `data:text/html,<a href="https://${host}">`,
          `//${host}${rest}`,
          `${host}${rest}`,
          `https://127.0.0.1${rest}`,
          `http://localhost${rest}`,
          `https://[::1]${rest}`,
          'file:///etc/passwd',
        ),
      ),
    fc.webUrl({
      validSchemes: ['https', 'http', 'ftp', 'file', 'javascript', 'data'],
      withQueryParameters: true,
      withFragments: true,
    }),
    hostileText,
  );

const CLOUDS: PartnerCenterCloud[] = ['public', 'usgov', 'china'];

describe('a file consent accept, with any upload info', () => {
  const rows: ReportRow[] = [
    {
      id: '14876998-c0dc-46e6-9d0c-65a57a6c32ec',
      companyName: 'Wingtip Toys',
      state: 'notAccepted',
      contact: { name: 'Tania Carr', email: 'tania@wingtip.example' },
    },
  ];
  const job = {
    ...newJob(
      {
        userKey: 'u',
        userId: '29:tania',
        conversationKind: 'personal',
        maskContacts: false,
        conversation: {},
      },
      TODAY.getTime(),
    ),
    status: 'done' as const,
    finishedAt: TODAY.getTime(),
  };
  /** Every request made, through the upload's fetch or any other: the bot's only way off the process. */
  const requests: Array<{ url: string; method?: string; redirect?: RequestInit['redirect'] }> = [];
  let status = 201;
  const recordingFetch: typeof fetch = async (input, init) => {
    requests.push({ url: String(input), method: init?.method, redirect: init?.redirect });
    return new Response(null, { status });
  };
  beforeAll(() => jest.spyOn(globalThis, 'fetch').mockImplementation(recordingFetch));
  afterAll(() => jest.restoreAllMocks());

  const contextIn = (cloud: PartnerCenterCloud): RequestContext => ({
    services: {
      partnerCenter: partnerCenterAnswering('Wingtip Toys', []),
      cloud,
      emulated: false,
      signIn: 'teams',
      mcaCurrentSince: '2023-04-01',
      today: () => TODAY,
      uploadFetch: recordingFetch,
      ...gdapServices(),
      watches: noWatches,
      reports: {
        request: () => Promise.reject(new Error('not used')),
        cancel: () => Promise.reject(new Error('not used')),
        cancelRunning: () => Promise.reject(new Error('not used')),
        latest: async () => job,
        finished: async (_user, jobId) => (jobId === job.id ? job : undefined),
        csv: async () => reportCsv(rows, localizer('en-US')),
      },
    },
    correlationId: 'c',
    l10n: localizer('en-US'),
    userKey: 'u',
    maskContacts: false,
    logger: createLogger('silent'),
    today: TODAY,
    conversation: { kind: 'personal', id: 'a:1', reference: {}, postReference: {}, userId: '29:tania' },
  });

  it('writes only to an https SharePoint host of the bot’s cloud, follows no redirect, and links only to one', async () => {
    let written = 0;
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...CLOUDS)
          .chain((cloud) =>
            fc.tuple(
              urlIn(cloud),
              urlIn(cloud),
              fc.constant(cloud),
              fc.oneof(
                { arbitrary: fc.constant(201), weight: 3 },
                fc.constantFrom(200, 301, 302, 307, 308, 403, 500),
              ),
            ),
          ),
        async ([uploadUrl, contentUrl, cloud, answered]) => {
          requests.splice(0);
          status = answered;
          const answer = await answerFileConsent(contextIn(cloud), {
            action: 'accept',
            context: { jobId: job.id },
            uploadInfo: { name: 'mca-report.csv', uploadUrl, contentUrl },
          });
          const allowed = onSharePoint(uploadUrl, cloud) && onSharePoint(contentUrl, cloud);
          expect(requests).toEqual(allowed ? [{ url: uploadUrl, method: 'PUT', redirect: 'manual' }] : []);
          const fileCard = typeof answer === 'string' ? undefined : answer.attachments[0];
          if (allowed && answered < 300) {
            written += 1;
            expect(fileCard).toMatchObject({
              contentType: 'application/vnd.microsoft.teams.card.file.info',
              contentUrl,
            });
          } else if (uploadUrl && contentUrl) {
            expect(answer).toBe(
              'The CSV could not be saved to your OneDrive. Press “Get the CSV” to try again.',
            );
          } else {
            // No upload info to speak of: the answer for an accept that cannot be acted on.
            expect(answer).toBe('That report is no longer kept: type “mca report” for a new one.');
          }
        },
      ),
      { numRuns: 1000 },
    );
    // The property held for files that were written too, not only for refusals.
    expect(written).toBeGreaterThan(100);
  });

  it('writes nothing and links nothing when the accept comes from a group chat or a channel', async () => {
    for (const kind of ['groupChat', 'channel'] as const) {
      requests.splice(0);
      status = 201;
      const answer = await answerFileConsent(
        {
          ...contextIn('public'),
          conversation: { kind, id: 'a:1', reference: {}, postReference: {}, userId: '29:tania' },
        },
        {
          action: 'accept',
          context: { jobId: job.id },
          uploadInfo: {
            name: 'mca-report.csv',
            uploadUrl: 'https://contoso-my.sharepoint.com/_api/v2.0/upload-session',
            contentUrl: 'https://contoso-my.sharepoint.com/personal/tania/Documents/mca-report.csv',
          },
        },
      );
      expect(requests).toEqual([]);
      expect(answer).toBe(
        'I save the CSV to your OneDrive only from our personal chat: nothing was saved here. Type “mca report” there to get it.',
      );
    }
  });
});
