import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createLogger } from '../../src/log';
import { PartnerCenterClient, type PartnerCenterRequestContext } from '../../src/partnerCenter/client';
import { CLOUD_BASE_URLS } from '../../src/partnerCenter/clouds';
import { loadEmulatorData } from '../../src/emulator/data';
import { closeServer, listen } from '../../src/emulator/listen';
import { startEmulator } from '../../src/emulator/server';
import { PartnerCenterError, parseRetryAfter } from '../../src/partnerCenter/errors';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import {
  BOTH_TYPES_TENANT,
  DIRECT_SIGNED_TENANT,
  SEED_TENANT,
  TOKEN,
  TOKEN_SECRET,
  tokenFor,
  UNKNOWN_TENANT,
} from '../helpers/seeds';
import { startRawServer, unusedPort } from '../helpers/servers';
import { FakeClock } from '../helpers/clocks';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const suite = useSeedEmulator();

/** A user request's context; each test is its own user, so no cache carries over between tests. */
function contextFor(client: PartnerCenterClient, overrides: Partial<PartnerCenterRequestContext> = {}) {
  return {
    ...client.newRequestContext({ token: TOKEN, locale: 'fr-FR', userKey: `user-${randomUUID()}` }),
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<PartnerCenterError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PartnerCenterError) return error;
    throw error;
  }
  throw new Error('expected a PartnerCenterError');
}

const paths = () => suite.emulator.requests.map((r) => r.path);

/**
 * The heap in use once garbage is collected, so that what is left is what something still holds. Jest runs without
 * --expose-gc; V8 exposes `gc` to a context made after the flag is set.
 */
function heapAfterCollection(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('PartnerCenterClient: operations and headers', () => {
  it('gets the relationship request URL with the documented headers', async () => {
    const context = contextFor(suite.client);
    const url = await suite.client.getRelationshipRequestUrl(context);
    expect(url).toMatch(/^https:\/\/admin\.microsoft\.com\/Adminportal\/Home\?invType=ResellerRelationship&/);
    const [request] = suite.emulator.requests;
    expect(request?.path).toBe('/v1/customers/relationshiprequests');
    expect(request?.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/json',
      'ms-contract-version': 'v1',
      'ms-correlationid': context.correlationId,
      'ms-partnercenter-application': 'PartnerCenterAssistant/test',
      'x-locale': 'fr-FR',
    });
    expect(request?.headers['ms-requestid']).toMatch(GUID);
  });

  it('lists every customer page by page, sending the continuation token only to a path in the customer list', async () => {
    const context = contextFor(suite.client);
    const first = await suite.client.listCustomers(context, undefined, 4);
    expect(first.items).toHaveLength(4);
    expect(first.next?.uri).toMatch(/^\/v1\/customers\?size=4&seekOperation=Next$/);
    const second = await suite.client.listCustomers(context, first.next);
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    const sent = suite.emulator.requests.at(-1);
    expect(sent?.headers['ms-continuationtoken']).toBe(first.next?.continuationToken);
    const before = suite.emulator.requests.length;
    // A next link that leads anywhere else would carry the user's token there: refused, nothing sent.
    for (const uri of [
      'https://elsewhere.example/v1/customers?size=4',
      '//elsewhere.example/v1/customers',
      '/v1/customers/../relationshiprequests?x=1',
      '/v1/customers?size=4#@elsewhere.example',
    ]) {
      await expect(
        suite.client.listCustomers(context, { uri, continuationToken: 't' }),
      ).rejects.toMatchObject({
        kind: 'unreadable',
      });
    }
    expect(suite.emulator.requests.length).toBe(before);
  });

  it("asks for MCA explicitly and parses both of Tania Carr's acceptances", async () => {
    const result = await suite.client.getCustomerAgreements(
      SEED_TENANT,
      'MicrosoftCustomerAgreement',
      contextFor(suite.client),
    );
    expect(paths()).toEqual([
      `/v1/customers/${SEED_TENANT}/agreements?agreementType=MicrosoftCustomerAgreement`,
    ]);
    expect(result.totalCount).toBe(2);
    expect(
      result.items.map((item) => [
        item.dateAgreed,
        item.primaryContact.firstName,
        item.primaryContact.lastName,
      ]),
    ).toEqual([
      ['2019-08-26T00:00:00', 'Tania', 'Carr'],
      ['2019-08-27T00:00:00', 'Tania', 'Carr'],
    ]);
  });

  it('gets every type for *, and keeps a type it has never seen', async () => {
    const result = await suite.client.getCustomerAgreements(BOTH_TYPES_TENANT, '*', contextFor(suite.client));
    expect(paths()).toEqual([`/v1/customers/${BOTH_TYPES_TENANT}/agreements?agreementType=*`]);
    expect(result.items.map((item) => item.type).sort()).toEqual([
      'MicrosoftCloudAgreement',
      'MicrosoftCustomerAgreement',
    ]);

    const newType = await startRawServer(
      200,
      JSON.stringify({
        totalCount: 1,
        items: [
          {
            type: 'MicrosoftPartnerAgreementV9',
            dateAgreed: '2026-01-02T00:00:00Z',
            templateId: 't',
            primaryContact: { firstName: 'A', lastName: 'B' },
          },
        ],
      }),
    );
    try {
      const client = new PartnerCenterClient({ baseUrl: newType.url, applicationName: 'test' });
      const kept = await client.getCustomerAgreements(SEED_TENANT, '*', contextFor(client));
      expect(kept.items.map((item) => item.type)).toEqual(['MicrosoftPartnerAgreementV9']);
    } finally {
      await newType.close();
    }
  });

  it('gets the customer with company name and domain', async () => {
    expect(await suite.client.getCustomer(SEED_TENANT.toUpperCase(), contextFor(suite.client))).toEqual({
      id: SEED_TENANT,
      companyName: 'Wingtip Toys',
      domain: 'wingtiptoys.onmicrosoft.com',
    });
    expect(paths()).toEqual([`/v1/customers/${SEED_TENANT}`]);
  });

  it('searches customers by domain and by company name with the URL-encoded JSON filter', async () => {
    const byDomain = await suite.client.searchCustomers('Domain', 'WINGTIP', contextFor(suite.client));
    expect(byDomain.items.map((c) => c.companyName)).toEqual(['Wingtip Toys']);
    const filter = new URL(`http://x${paths()[0]}`).searchParams.get('filter');
    expect(JSON.parse(filter ?? '')).toEqual({ Field: 'Domain', Value: 'WINGTIP', Operator: 'starts_with' });
    expect(paths()[0]).toContain('filter=%7B%22Field%22%3A%22Domain%22');

    const byName = await suite.client.searchCustomers('CompanyName', 'north wind', contextFor(suite.client));
    expect(byName.items).toEqual([]);
    const northwind = await suite.client.searchCustomers(
      'CompanyName',
      'Northwind',
      contextFor(suite.client),
      5,
    );
    expect(northwind.items.map((c) => c.id)).toEqual([BOTH_TYPES_TENANT]);
    expect(paths()[2]).toMatch(/^\/v1\/customers\?size=5&filter=/);
  });

  it('refuses a search value that is empty, too long or has control characters, before any call', async () => {
    for (const value of ['', '   ', 'x'.repeat(300), 'contoso\ncom']) {
      await expect(suite.client.searchCustomers('Domain', value, contextFor(suite.client))).rejects.toThrow(
        TypeError,
      );
    }
    expect(suite.emulator.requests).toHaveLength(0);
  });

  it('reads the direct-signed MCA status', async () => {
    expect(await suite.client.getDirectSignedMcaStatus(DIRECT_SIGNED_TENANT, contextFor(suite.client))).toBe(
      true,
    );
    expect(await suite.client.getDirectSignedMcaStatus(SEED_TENANT, contextFor(suite.client))).toBe(false);
    expect(paths()).toEqual([
      `/v1/customers/${DIRECT_SIGNED_TENANT}/directSignedMicrosoftCustomerAgreementStatus`,
      `/v1/customers/${SEED_TENANT}/directSignedMicrosoftCustomerAgreementStatus`,
    ]);
  });

  it('reads agreement metadata, all types or one', async () => {
    const all = await suite.client.getAgreementMetadata(undefined, contextFor(suite.client));
    expect(all.map((m) => m.agreementType).sort()).toEqual([
      'MicrosoftCloudAgreement',
      'MicrosoftCustomerAgreement',
      'MicrosoftCustomerAgreement',
    ]);
    const mca = await suite.client.getAgreementMetadata(
      'MicrosoftCustomerAgreement',
      contextFor(suite.client),
    );
    expect(mca).toEqual([
      {
        templateId: '6c2f8e4a-0d1b-4c7e-9a35-8b4f2e1d7c90',
        agreementType: 'MicrosoftCustomerAgreement',
        agreementLink: 'https://aka.ms/customeragreement',
        versionRank: 1,
      },
      {
        templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
        agreementType: 'MicrosoftCustomerAgreement',
        agreementLink: 'https://aka.ms/customeragreement',
        versionRank: 0,
      },
    ]);
    expect(paths()).toEqual(['/v1/agreements', '/v1/agreements?agreementType=MicrosoftCustomerAgreement']);
  });

  it('reads the MCA templates once for the whole process, whoever asks', async () => {
    const client = suite.clientWith({});
    const first = await client.getMcaTemplates(contextFor(client));
    const second = await client.getMcaTemplates(contextFor(client, { token: tokenFor('another-user') }));
    expect(second).toEqual(first);
    expect(first.map((t) => t.versionRank)).toEqual([1, 0]);
    expect(paths()).toEqual(['/v1/agreements?agreementType=MicrosoftCustomerAgreement']);
  });

  it('never keeps an answer that lists no MCA template: the next check asks again', async () => {
    let answers = 0;
    const client = suite.clientWith({
      fetch: async (input, init) => {
        answers += 1;
        // Partner Center answering with the other types' templates only, once.
        if (answers === 1) return Response.json({ totalCount: 0, items: [] });
        return fetch(input, init);
      },
    });
    expect(await client.getMcaTemplates(contextFor(client))).toEqual([]);
    const read = await client.getMcaTemplates(contextFor(client));
    expect(read.length).toBeGreaterThan(0);
    expect(await client.getMcaTemplates(contextFor(client))).toEqual(read);
    expect(answers).toBe(2);
  });

  it('shares one correlation id across the calls of a request, with a new request id per call', async () => {
    const context = contextFor(suite.client);
    await Promise.all([
      suite.client.getCustomer(SEED_TENANT, context),
      suite.client.getCustomerAgreements(SEED_TENANT, 'MicrosoftCustomerAgreement', context),
      suite.client.getDirectSignedMcaStatus(SEED_TENANT, context),
    ]);
    const requests = suite.emulator.requests;
    expect(new Set(requests.map((r) => r.headers['ms-correlationid']))).toEqual(
      new Set([context.correlationId]),
    );
    expect(new Set(requests.map((r) => r.headers['ms-requestid'])).size).toBe(3);
  });

  it.each([
    ['fr-FR', 'fr-FR'],
    ['fr-CA', 'fr-FR'],
    ['FR', 'fr-FR'],
    ['en-GB', 'en-US'],
    ['de-DE', 'en-US'],
    ['fr\r\nX-Evil: 1', 'en-US'],
    ['', 'en-US'],
  ])("sends X-Locale as one of Partner Center's cultures: %j → %s", async (locale, culture) => {
    await suite.client.getRelationshipRequestUrl(contextFor(suite.client, { locale }));
    expect(suite.emulator.requests[0]?.headers['x-locale']).toBe(culture);
  });

  it('refuses to build a call from anything but a tenant id', async () => {
    for (const id of ['../partners', `${SEED_TENANT}?agreementType=*`, `${SEED_TENANT}/../x`, '']) {
      await expect(suite.client.getCustomerAgreements(id, '*', contextFor(suite.client))).rejects.toThrow(
        TypeError,
      );
      await expect(suite.client.getCustomer(id, contextFor(suite.client))).rejects.toThrow(TypeError);
    }
    expect(suite.emulator.requests).toHaveLength(0);
  });
});

describe('PartnerCenterClient: clouds', () => {
  it('knows each cloud’s documented base URL', () => {
    expect(CLOUD_BASE_URLS).toEqual({
      public: 'https://api.partnercenter.microsoft.com',
      usgov: 'https://api.partnercenter.microsoft.com',
      china: 'https://partner.partnercenterapi.microsoftonline.cn',
    });
  });

  it.each(['usgov', 'china'] as const)(
    'refuses the agreements operations in the %s cloud, without a call',
    async (cloud) => {
      const client = suite.clientWith({ cloud });
      const context = contextFor(client);
      for (const call of [
        client.getCustomerAgreements(SEED_TENANT, 'MicrosoftCustomerAgreement', context),
        client.getDirectSignedMcaStatus(SEED_TENANT, context),
        client.getAgreementMetadata(undefined, context),
      ]) {
        expect(await failure(call)).toMatchObject({
          kind: 'notInThisCloud',
          correlationId: context.correlationId,
        });
      }
      expect(suite.emulator.requests).toHaveLength(0);
      expect(await client.getRelationshipRequestUrl(context)).toContain('ResellerRelationship');
    },
  );
});

describe('PartnerCenterClient: errors, over HTTP', () => {
  it('reports an unknown customer as customerNotFound, with the ids support needs', async () => {
    const context = contextFor(suite.client);
    const error = await failure(suite.client.getCustomerAgreements(UNKNOWN_TENANT, '*', context));
    expect(error).toMatchObject({
      kind: 'customerNotFound',
      status: 404,
      code: '1000',
      correlationId: context.correlationId,
    });
    expect(error.requestId).toBe(suite.emulator.requests[0]?.headers['ms-requestid']);
  });

  it('reports a refused token as unauthorized, and a token without MFA as mfaRequired (401 / 900421)', async () => {
    const refused = await failure(
      suite.client.getRelationshipRequestUrl(contextFor(suite.client, { token: 'expired' })),
    );
    expect(refused).toMatchObject({ kind: 'unauthorized', status: 401 });
    const noMfa = await failure(
      suite.client.getRelationshipRequestUrl(contextFor(suite.client, { token: tokenFor('tania', false) })),
    );
    expect(noMfa).toMatchObject({ kind: 'mfaRequired', status: 401, code: '900421' });
    expect(suite.emulator.requests).toHaveLength(2);
  });

  it.each<[string, string, string]>([
    ['a JSON code 900421', JSON.stringify({ code: '900421', description: 'MFA required' }), 'mfaRequired'],
    ['a JSON code 10001', JSON.stringify({ code: '10001', description: 'MFA required.' }), 'mfaRequired'],
    ['"MFA required. (10001)" as plain text', 'Authentication failed. MFA required. (10001)', 'mfaRequired'],
    ['another plain-text refusal', 'Authentication failed.', 'unauthorized'],
    ['another JSON code', JSON.stringify({ code: '900420', description: 'wrong audience' }), 'unauthorized'],
  ])('reads a 401 with %s as %s', async (_case, body, kind) => {
    const client = suite.clientWith({ fetch: async () => new Response(body, { status: 401 }) });
    const error = await failure(client.getRelationshipRequestUrl(contextFor(client)));
    expect(error).toMatchObject({ kind, status: 401 });
  });

  it.each([
    [403, '20002', 'noRelationship'],
    [403, '900329', 'forbidden'],
    [404, '60003', 'customerNotFound'],
    [400, '400', 'rejected'],
    [409, '409', 'rejected'],
  ])('maps HTTP %i with code %s to %s, and does not retry it', async (status, code, kind) => {
    suite.emulator.addFault({ operation: 'agreements', status, code });
    const error = await failure(
      suite.client.getCustomerAgreements(SEED_TENANT, '*', contextFor(suite.client)),
    );
    expect(error).toMatchObject({ kind, status, code });
    expect(suite.emulator.requests).toHaveLength(1);
  });

  it("treats the seed page's malformed sample as unreadable, never as partial data, and does not retry", async () => {
    suite.emulator.addFault({ operation: 'agreements', malformed: true });
    const error = await failure(
      suite.client.getCustomerAgreements(SEED_TENANT, 'MicrosoftCustomerAgreement', contextFor(suite.client)),
    );
    expect(error).toMatchObject({ kind: 'unreadable', status: 200 });
    expect(suite.emulator.requests).toHaveLength(1);
  });

  it('treats valid JSON of the wrong shape as unreadable and says where', async () => {
    const server = await startRawServer(200, JSON.stringify({ totalCount: 1, items: [{ type: 'X' }] }));
    try {
      const client = new PartnerCenterClient({ baseUrl: server.url, applicationName: 'test' });
      const error = await failure(client.getCustomerAgreements(SEED_TENANT, '*', contextFor(client)));
      expect(error.kind).toBe('unreadable');
      expect(error.description).toContain('$.items[0].dateAgreed');
    } finally {
      await server.close();
    }
  });

  it('reports no answer at all as a network failure', async () => {
    const client = new PartnerCenterClient({
      baseUrl: `http://127.0.0.1:${await unusedPort()}`,
      applicationName: 'test',
      retryBaseMs: 1,
    });
    expect((await failure(client.getRelationshipRequestUrl(contextFor(client)))).kind).toBe('network');
  });
});

describe('PartnerCenterClient: retries and the time budget, over HTTP', () => {
  it('retries 5xx and succeeds on the third attempt, with a new request id after each answer', async () => {
    suite.emulator.addFault({ operation: 'customer', status: 503, times: 2 });
    const customer = await suite.client.getCustomer(SEED_TENANT, contextFor(suite.client));
    expect(customer.companyName).toBe('Wingtip Toys');
    const ids = suite.emulator.requests.map((r) => r.headers['ms-requestid']);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('gives up after 3 attempts and reports the last failure', async () => {
    suite.emulator.addFault({ operation: 'customer', status: 500 });
    const error = await failure(suite.client.getCustomer(SEED_TENANT, contextFor(suite.client)));
    expect(error).toMatchObject({ kind: 'unavailable', status: 500 });
    expect(suite.emulator.requests).toHaveLength(3);
  });

  it('retries after a timeout with the same request id, so Partner Center can tell it is the same request', async () => {
    suite.emulator.addFault({ operation: 'relationshipRequest', hang: true, times: 1 });
    const client = suite.clientWith({ callTimeoutMs: 200 });
    expect(await client.getRelationshipRequestUrl(contextFor(client))).toContain('ResellerRelationship');
    const [first, second] = suite.emulator.requests.map((r) => r.headers['ms-requestid']);
    expect(first).toMatch(GUID);
    expect(second).toBe(first);
  });

  it('cuts an attempt that hangs at the end of the request budget, whatever the per-call timeout', async () => {
    suite.emulator.addFault({ operation: 'customer', hang: true });
    // Were the attempt not cut at the budget, the call would wait a minute, past the test's own timeout.
    const client = suite.clientWith({ callTimeoutMs: 60_000, requestBudgetMs: 300 });
    const error = await failure(client.getCustomer(SEED_TENANT, contextFor(client)));
    expect(error.kind).toBe('timeout');
    expect(suite.emulator.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('retries timeouts only while the request budget lasts, and reports the last as a timeout', async () => {
    const clock = new FakeClock();
    const started: number[] = [];
    const client = new PartnerCenterClient({
      baseUrl: 'http://127.0.0.1:9',
      applicationName: 'test',
      callTimeoutMs: 150,
      requestBudgetMs: 400,
      maxAttempts: 10,
      retryBaseMs: 10,
      random: () => 0.5,
      clock,
      // Each attempt hangs for its whole call timeout.
      fetch: async () => {
        started.push(clock.now());
        clock.advance(150);
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      },
    });
    const context = contextFor(client);
    const error = await failure(client.getCustomer(SEED_TENANT, context));
    expect(error.kind).toBe('timeout');
    // 0 ms: attempt 1, to 150; wait 10; 160: attempt 2, to 310; wait 20; 330: attempt 3, to 480: past the
    // budget, so no wait and no fourth attempt, though ten were allowed.
    expect(started.map((at) => at - (context.deadline - 400))).toEqual([0, 160, 330]);
    expect(clock.waits).toEqual([10, 20]);
  });

  it('makes no call at all once the request budget is used up', async () => {
    const clock = new FakeClock();
    const client = suite.clientWith({ clock });
    const context = contextFor(client);
    clock.advance(20_000);
    const error = await failure(client.getCustomer(SEED_TENANT, context));
    expect(error).toMatchObject({ kind: 'timeout', description: 'time budget used up' });
    expect(suite.emulator.requests).toHaveLength(0);
  });

  it('honours a short Retry-After on 429, reading the throttling body shape', async () => {
    suite.emulator.addFault({ operation: 'customer', status: 429, retryAfter: '1', times: 1 });
    const clock = new FakeClock();
    const client = suite.clientWith({ clock });
    const customer = await client.getCustomer(SEED_TENANT, contextFor(client));
    expect(customer.companyName).toBe('Wingtip Toys');
    expect(clock.waits).toEqual([1000]);
    expect(suite.emulator.requests).toHaveLength(2);
  });

  it('stops at once when Retry-After outlasts the budget, and says when to try again', async () => {
    suite.emulator.addFault({ operation: 'customer', status: 429, retryAfter: '57' });
    const clock = new FakeClock();
    const client = suite.clientWith({ clock });
    const error = await failure(client.getCustomer(SEED_TENANT, contextFor(client)));
    expect(error).toMatchObject({ kind: 'throttled', status: 429, retryAfterSeconds: 57 });
    expect(error.description).toMatch(/^Rate limit is exceeded/);
    expect(clock.waits).toEqual([]);
    expect(suite.emulator.requests).toHaveLength(1);
  });

  it('reads Retry-After as an HTTP date too', async () => {
    const clock = new FakeClock();
    const client = suite.clientWith({ clock });
    suite.emulator.addFault({
      operation: 'customer',
      status: 429,
      retryAfter: new Date(clock.now() + 90_000).toUTCString(),
    });
    const error = await failure(client.getCustomer(SEED_TENANT, contextFor(client)));
    expect(error.retryAfterSeconds).toBe(90);
    expect(clock.waits).toEqual([]);
  });

  it('retries 429 without Retry-After with backoff', async () => {
    suite.emulator.addFault({ operation: 'customer', status: 429, times: 2 });
    const clock = new FakeClock();
    const client = suite.clientWith({ clock, retryBaseMs: 100, random: () => 0.5 });
    expect((await client.getCustomer(SEED_TENANT, contextFor(client))).id).toBe(SEED_TENANT);
    expect(suite.emulator.requests).toHaveLength(3);
    expect(clock.waits).toEqual([100, 200]);
  });

  it('backs off exponentially with jitter between attempts', async () => {
    const server = await startRawServer(503, JSON.stringify({ code: '5000', description: 'down' }));
    const waitsWith = async (randoms: number[]) => {
      const clock = new FakeClock();
      const client = new PartnerCenterClient({
        baseUrl: server.url,
        applicationName: 'test',
        retryBaseMs: 100,
        maxAttempts: 4,
        random: () => randoms.shift() ?? 0.5,
        clock,
      });
      expect((await failure(client.getCustomer(SEED_TENANT, contextFor(client)))).kind).toBe('unavailable');
      return clock.waits;
    };
    try {
      // base × 2^(n−1) × (0.5 + random): 100, 200, 400 ms with random = 0.5
      expect(await waitsWith([0.5, 0.5, 0.5])).toEqual([100, 200, 400]);
      // and from half to one and a half times that, as random goes from 0 to nearly 1
      expect(await waitsWith([0, 0.999, 0])).toEqual([50, 300, 200]);
    } finally {
      await server.close();
    }
  });

  it('takes the per-call timeout from its options', async () => {
    // The emulator answers after 300 ms: a 100 ms call timeout always fires first, on any machine.
    suite.emulator.addFault({ operation: 'customer', latencyMs: 300 });
    const client = suite.clientWith({ callTimeoutMs: 100, maxAttempts: 1 });
    expect((await failure(client.getCustomer(SEED_TENANT, contextFor(client)))).kind).toBe('timeout');
    const patient = suite.clientWith({ callTimeoutMs: 10_000 });
    expect((await patient.getCustomer(SEED_TENANT, contextFor(patient))).id).toBe(SEED_TENANT);
  });
});

describe('PartnerCenterClient: coalescing and the invite-link cache', () => {
  it('sends identical GETs of one user under way at once only once', async () => {
    suite.emulator.addFault({ operation: 'customer', latencyMs: 100 });
    const context = contextFor(suite.client);
    const [a, b, c] = await Promise.all([
      suite.client.getCustomer(SEED_TENANT, context),
      suite.client.getCustomer(SEED_TENANT, { ...context }),
      suite.client.getCustomer(SEED_TENANT, context),
    ]);
    expect(a).toEqual(b);
    expect(b).toEqual(c);
    expect(suite.emulator.requests).toHaveLength(1);
  });

  it('never coalesces two users, even on the same path', async () => {
    suite.emulator.addFault({ operation: 'customer', latencyMs: 100 });
    await Promise.all([
      suite.client.getCustomer(SEED_TENANT, contextFor(suite.client, { userKey: 'ann' })),
      suite.client.getCustomer(
        SEED_TENANT,
        contextFor(suite.client, { userKey: 'bob', token: tokenFor('bob') }),
      ),
    ]);
    expect(suite.emulator.requests).toHaveLength(2);
  });

  it('reuses a user’s invite link for the TTL, then asks again; other users ask for theirs', async () => {
    const clock = new FakeClock();
    const client = suite.clientWith({ inviteLinkTtlMs: 600_000, clock });
    const ann = contextFor(client, { userKey: 'ann' });
    const first = await client.getRelationshipRequestUrl(ann);
    expect(await client.getRelationshipRequestUrl({ ...ann, correlationId: randomUUID() })).toBe(first);
    expect(suite.emulator.requests).toHaveLength(1);

    await client.getRelationshipRequestUrl(contextFor(client, { userKey: 'bob', token: tokenFor('bob') }));
    expect(suite.emulator.requests).toHaveLength(2);

    clock.advance(600_001);
    await client.getRelationshipRequestUrl(contextFor(client, { userKey: 'ann' }));
    expect(suite.emulator.requests).toHaveLength(3);
  });

  it('does not cache a failure', async () => {
    suite.emulator.addFault({ operation: 'relationshipRequest', status: 403, times: 1 });
    const context = contextFor(suite.client);
    await failure(suite.client.getRelationshipRequestUrl(context));
    expect(await suite.client.getRelationshipRequestUrl(context)).toContain('ResellerRelationship');
    expect(suite.emulator.requests).toHaveLength(2);
  });
});

describe('PartnerCenterClient: response size caps', () => {
  /** An emulator whose one customer has `count` agreements, each with a last name of `nameLength` letters. */
  async function emulatorWithAgreements(count: number, nameLength = 4) {
    const seed = loadEmulatorData();
    const agreement = seed.customers[0]!.agreements[0]!;
    const agreements = Array.from({ length: count }, () => ({
      ...agreement,
      primaryContact: { firstName: 'Tania', lastName: 'C'.repeat(nameLength) },
    }));
    const customer = { id: SEED_TENANT, companyName: 'Wingtip Toys', agreements };
    return startEmulator({ data: { ...seed, customers: [customer] }, tokenSecret: TOKEN_SECRET });
  }

  async function agreementsFrom(
    url: string,
    options: { maxResponseBytes?: number; maxListItems?: number } = {},
  ) {
    const client = new PartnerCenterClient({ baseUrl: url, applicationName: 'test', ...options });
    return client.getCustomerAgreements(SEED_TENANT, 'MicrosoftCustomerAgreement', contextFor(client));
  }

  it('reads a list of 1,000 agreements, and refuses 1,001 as unreadable, saying which cap', async () => {
    const thousand = await emulatorWithAgreements(1000);
    try {
      expect((await agreementsFrom(thousand.url)).items).toHaveLength(1000);
    } finally {
      await thousand.close();
    }
    const more = await emulatorWithAgreements(1001);
    try {
      const error = await failure(agreementsFrom(more.url));
      expect(error).toMatchObject({ kind: 'unreadable', status: 200 });
      expect(error.description).toBe('$.items[1000]: expected the end of the list (1000 items at most)');
      expect(more.requests).toHaveLength(1);
    } finally {
      await more.close();
    }
  });

  it('takes the list cap from its options', async () => {
    const emulator = await emulatorWithAgreements(6);
    try {
      expect((await agreementsFrom(emulator.url, { maxListItems: 6 })).items).toHaveLength(6);
      const error = await failure(agreementsFrom(emulator.url, { maxListItems: 5 }));
      expect(error).toMatchObject({
        kind: 'unreadable',
        description: expect.stringMatching(/5 items at most/),
      });
    } finally {
      await emulator.close();
    }
  });

  it('refuses a body over 1 MiB as unreadable, saying which cap, and takes the cap from its options', async () => {
    // 1,000 agreements of about 1.1 KB each: within the list cap, over the byte cap.
    const emulator = await emulatorWithAgreements(1000, 900);
    try {
      const error = await failure(agreementsFrom(emulator.url));
      expect(error).toMatchObject({
        kind: 'unreadable',
        status: 200,
        description: 'body over 1048576 bytes',
      });
      expect(emulator.requests).toHaveLength(1);
      expect((await agreementsFrom(emulator.url, { maxResponseBytes: 2 * 2 ** 20 })).items).toHaveLength(
        1000,
      );
      const small = await failure(agreementsFrom(emulator.url, { maxResponseBytes: 64 * 1024 }));
      expect(small.description).toBe('body over 65536 bytes');
    } finally {
      await emulator.close();
    }
  });

  it('stops reading an endless body at the cap and closes the connection', async () => {
    const chunk = Buffer.alloc(64 * 1024, ' ');
    const safetyStop = 64 * 2 ** 20;
    let sent = 0;
    let closed: (bytes: number) => void = () => undefined;
    const connectionClosed = new Promise<number>((resolve) => (closed = resolve));
    // No Content-Length: the client only learns the size by reading.
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const pump = () => {
        while (sent < safetyStop) {
          sent += chunk.length;
          if (!response.write(chunk)) return;
        }
        response.end();
      };
      response.on('drain', pump);
      response.on('close', () => closed(sent));
      pump();
    });
    await listen(server, '127.0.0.1', 0);
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const error = await failure(agreementsFrom(url));
      expect(error).toMatchObject({ kind: 'unreadable', description: 'body over 1048576 bytes' });
      // What the sockets' buffers took before the client hung up: far from the whole body.
      expect(await connectionClosed).toBeLessThan(16 * 2 ** 20);
    } finally {
      await closeServer(server);
    }
  });

  it('keeps the status of an error answer whose body is over the cap', async () => {
    const server = await startRawServer(503, JSON.stringify({ description: 'x'.repeat(2 * 2 ** 20) }));
    try {
      const client = new PartnerCenterClient({
        baseUrl: server.url,
        applicationName: 'test',
        maxAttempts: 1,
      });
      const error = await failure(client.getCustomer(SEED_TENANT, contextFor(client)));
      expect(error).toMatchObject({ kind: 'unavailable', status: 503, description: undefined });
    } finally {
      await server.close();
    }
  });

  it('keeps a long user id apart from the next one, and no copy of it in its caches once the request is over', async () => {
    const client = suite.clientWith({ inviteLinkTtlMs: 600_000 });
    const huge = contextFor(client, { userKey: `29:${'x'.repeat(1_000_000)}` });
    const url = await client.getRelationshipRequestUrl(huge);
    expect(await client.getRelationshipRequestUrl({ ...huge, correlationId: randomUUID() })).toBe(url);
    expect(suite.emulator.requests).toHaveLength(1);
    await client.getRelationshipRequestUrl(contextFor(client, { userKey: `29:${'x'.repeat(999_999)}y` }));
    expect(suite.emulator.requests).toHaveLength(2);

    // The client takes whatever id it is given (a Teams id is short, a forged one need not be). Per-user caches that
    // kept the ids would still hold them once every request is over: 32 MiB here for one cache, 64 for both; hashed
    // keys leave about 1 MiB, the emulator's request log included.
    const USERS = 32;
    const before = heapAfterCollection();
    for (let user = 0; user < USERS; user += 1) {
      const context = contextFor(client, { userKey: `${user}:`.padEnd(2 ** 20, 'x') });
      await client.getRelationshipRequestUrl(context);
      await client.getPartnerRelationships('IsIndirectResellerOf', context);
    }
    expect(suite.emulator.requests).toHaveLength(2 + 2 * USERS);
    const grown = heapAfterCollection() - before;
    expect(grown).toBeLessThan((USERS * 2 ** 20) / 4);
  });
});

describe('PartnerCenterClient: logs', () => {
  it('writes one line per call with ids and outcome, and never the token or contact details', async () => {
    const lines: string[] = [];
    const client = suite.clientWith({ logger: createLogger('debug', (line) => lines.push(line)) });
    const context = contextFor(client);
    suite.emulator.addFault({ operation: 'directSignedStatus', status: 503, times: 1 });
    await client.getCustomerAgreements(SEED_TENANT, 'MicrosoftCustomerAgreement', context);
    await client.getDirectSignedMcaStatus(SEED_TENANT, context);
    await failure(client.getCustomer(UNKNOWN_TENANT, context));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /info +partner center call operation=getCustomerAgreements status=200 attempt=1 ms=\d+ outcome=ok requestId=[0-9a-f-]{36} correlationId=/,
    );
    expect(lines[1]).toMatch(
      /warn +partner center call operation=getDirectSignedMcaStatus status=503 code=503 attempt=1 .*outcome=unavailable/,
    );
    expect(lines[2]).toMatch(/operation=getDirectSignedMcaStatus status=200 attempt=2 .*outcome=ok/);
    expect(lines[3]).toMatch(
      /operation=getCustomer status=404 code=1000 attempt=1 .*outcome=customerNotFound/,
    );
    const all = lines.join('\n');
    expect(all).toContain(context.correlationId);
    for (const secret of [TOKEN, 'SomeEmail@example.com', '1234567890', 'Tania'])
      expect(all).not.toContain(secret);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('57')).toBe(57);
    expect(
      parseRetryAfter('Fri, 19 May 2017 22:33:07 GMT', Date.parse('Fri, 19 May 2017 22:32:07 GMT')),
    ).toBe(60);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
