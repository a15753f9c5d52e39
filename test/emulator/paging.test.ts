import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createLocalToken } from '../../src/localTokens/issuer';
import { mcaVerdict } from '../../src/mca/verdict';
import { PartnerCenterClient } from '../../src/partnerCenter/client';
import { loadEmulatorData } from '../../src/emulator/data';
import { emulatorOptions } from '../../src/emulator/fromConfig';
import { countByState, generateCustomers } from '../../src/emulator/population';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { agreementMetadataSchema, agreementSchema } from '../../src/partnerCenter/schemas';
import type { CustomerPageLink } from '../../src/partnerCenter/types';
import { SEED_TENANT, TODAY, TOKEN, TOKEN_SECRET, tokenFor } from '../helpers/seeds';
import { FakeClock } from '../helpers/clocks';

const GENERATED = 1234;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Page {
  totalCount: number;
  items: Array<{ id: string; companyProfile: { companyName: string } }>;
  links: {
    self: unknown;
    next?: { uri: string; method: string; headers: Array<{ key: string; value: string }> };
  };
  continuationToken?: string;
  attributes: { objectType: string };
}

async function get(
  on: RunningEmulator,
  pathAndQuery: string,
  options: { token?: string; continuation?: string } = {},
) {
  const headers: Record<string, string> = { Authorization: `Bearer ${options.token ?? TOKEN}` };
  if (options.continuation !== undefined) headers['MS-ContinuationToken'] = options.continuation;
  const response = await fetch(`${on.url}${pathAndQuery}`, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const start = (generatedCustomers = GENERATED) =>
  startEmulator({ data: loadEmulatorData(), tokenSecret: TOKEN_SECRET, generatedCustomers });

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(() => emulator.close());

const allIds = () => [
  ...loadEmulatorData().customers.map((c) => c.id),
  ...generateCustomers(GENERATED).customers.map((c) => c.id),
];

describe('emulator: the customer list, a page at a time', () => {
  it('visits every customer once, in data order, and ends without links.next', async () => {
    const seen: string[] = [];
    let page = (await get(emulator, '/v1/customers?size=100')).body as unknown as Page;
    let pages = 1;
    for (;;) {
      expect(page.totalCount).toBe(page.items.length);
      expect(page.items.length).toBeLessThanOrEqual(100);
      expect(page.attributes).toEqual({ objectType: 'Collection' });
      expect(page.links.self).toEqual({ uri: '/v1/customers?size=100', method: 'GET', headers: [] });
      seen.push(...page.items.map((c) => c.id));
      const next = page.links.next;
      if (!next) break;
      expect(next).toEqual({
        uri: '/v1/customers?size=100&seekOperation=Next',
        method: 'GET',
        headers: [{ key: 'MS-ContinuationToken', value: page.continuationToken }],
      });
      const reply = await get(emulator, next.uri, { continuation: next.headers[0]?.value });
      expect(reply.status).toBe(200);
      page = reply.body as unknown as Page;
      pages += 1;
    }
    expect(page.continuationToken).toBeUndefined();
    expect(seen).toEqual(allIds());
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(seen.length / 100));
  });

  it('is read page by page by the bot’s own client', async () => {
    const client = new PartnerCenterClient({
      baseUrl: emulator.url,
      applicationName: 'test',
      retryBaseMs: 1,
    });
    const context = client.newRequestContext({ token: TOKEN, locale: 'en-US', userKey: randomUUID() });
    let link: CustomerPageLink | undefined;
    let count = 0;
    do {
      const page = await client.listCustomers(context, link, 500);
      count += page.items.length;
      link = page.next;
    } while (link);
    expect(count).toBe(allIds().length);
  });

  it('pages 100 customers by default, caps size at 500 and refuses a size below 1', async () => {
    expect(((await get(emulator, '/v1/customers')).body as unknown as Page).items).toHaveLength(100);
    const capped = (await get(emulator, '/v1/customers?size=1000')).body as unknown as Page;
    expect(capped.items).toHaveLength(500);
    expect(capped.links.next?.uri).toBe('/v1/customers?size=500&seekOperation=Next');
    for (const size of ['0', '-1', '2.5', 'ten'])
      expect((await get(emulator, `/v1/customers?size=${size}`)).status).toBe(400);
  });

  it('refuses a missing, tampered or foreign continuation token with 400 and an error body', async () => {
    const token = ((await get(emulator, '/v1/customers?size=10')).body as unknown as Page).continuationToken;
    const [payload, signature] = (token ?? '').split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ offset: 0, nextId: SEED_TENANT })).toString('base64url');
    const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
    for (const continuation of [
      undefined,
      '',
      'garbage',
      `${flip(payload)}.${signature}`,
      `${payload}.${flip(signature)}`,
      `${forged}.${signature}`,
    ]) {
      const reply = await get(emulator, '/v1/customers?size=10&seekOperation=Next', { continuation });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({
        code: '400',
        description: expect.any(String),
        data: [],
        source: 'PartnerCenterEmulator',
      });
    }
    const other = await startEmulator({
      data: loadEmulatorData(),
      tokenSecret: 'another-secret',
      generatedCustomers: GENERATED,
    });
    try {
      expect(
        (
          await get(other, '/v1/customers?size=10&seekOperation=Next', {
            continuation: token,
            token: createLocalToken({ secret: 'another-secret', userId: 'tania', mfa: true }),
          })
        ).status,
      ).toBe(400);
    } finally {
      await other.close();
    }
    expect(
      (await get(emulator, '/v1/customers?seekOperation=Previous', { continuation: token })).status,
    ).toBe(400);
  });

  it('honours a token after a restart with the same data, and refuses it on another customer list', async () => {
    const first = (await get(emulator, '/v1/customers?size=100')).body as unknown as Page;
    const restarted = await start();
    const smaller = await start(50);
    try {
      const next = await get(restarted, '/v1/customers?size=100&seekOperation=Next', {
        continuation: first.continuationToken,
      });
      expect(next.status).toBe(200);
      expect((next.body as unknown as Page).items[0]?.id).toBe(allIds()[100]);
      const elsewhere = await get(smaller, '/v1/customers?size=100&seekOperation=Next', {
        continuation: first.continuationToken,
      });
      expect(elsewhere.status).toBe(400);
    } finally {
      await Promise.all([restarted.close(), smaller.close()]);
    }
  });

  it('keeps the filter search as it was, over the generated customers too, without links', async () => {
    const search = (filter: object, size = 0) =>
      get(emulator, `/v1/customers?size=${size}&filter=${encodeURIComponent(JSON.stringify(filter))}`);
    const fabrikam = await search({ Field: 'Domain', Value: 'FABRIKAM', Operator: 'starts_with' });
    expect(fabrikam.body).toEqual({
      totalCount: 1,
      items: [expect.objectContaining({ id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' })],
      attributes: { objectType: 'Collection' },
    });
    const generated = generateCustomers(GENERATED).customers;
    const accented = generated.find((c) => /[À-ÿ]/.test(c.companyName)) ?? generated[0];
    const byName = await search({
      Field: 'CompanyName',
      Value: accented?.companyName,
      Operator: 'starts_with',
    });
    expect((byName.body as unknown as Page).items.map((c) => c.id)).toContain(accented?.id);
    expect(
      (await search({ Field: 'CompanyName', Value: '', Operator: 'starts_with' }, 3)).body.totalCount,
    ).toBe(3);
  });

  it('answers the per-customer routes for generated customers, with their persistent failures', async () => {
    const population = generateCustomers(GENERATED);
    const customer = population.customers[7];
    const found = await get(emulator, `/v1/customers/${customer?.id.toUpperCase()}`);
    expect(found.body).toMatchObject({ id: customer?.id, companyProfile: { domain: customer?.domain } });
    const failing = population.faults.map((f) => f.customerId);
    for (const rule of population.faults.slice(0, 4)) {
      const path =
        rule.operation === 'agreements'
          ? `/v1/customers/${rule.customerId}/agreements?agreementType=*`
          : `/v1/customers/${rule.customerId}/directSignedMicrosoftCustomerAgreementStatus`;
      const reply = await get(emulator, path);
      expect(reply.status).toBe(rule.status);
      expect(reply.body.code).toBe(rule.code);
    }
    expect(failing).toHaveLength(countByState(population).unknown);
  });
});

describe('generated population', () => {
  it('is the same for the same seed, and another for another seed', () => {
    expect(generateCustomers(300)).toEqual(generateCustomers(300));
    expect(generateCustomers(300, 2).customers[0]?.id).not.toBe(generateCustomers(300).customers[0]?.id);
  });

  it('has unique lower-case GUIDs and onmicrosoft.com domains, realistic names and readable agreements', () => {
    const { customers } = generateCustomers(5000);
    expect(customers.every((c) => GUID.test(c.id))).toBe(true);
    expect(new Set(customers.map((c) => c.id)).size).toBe(5000);
    expect(customers.every((c) => /^[a-z0-9]{1,27}\.onmicrosoft\.com$/.test(c.domain ?? ''))).toBe(true);
    expect(new Set(customers.map((c) => c.domain)).size).toBe(5000);
    expect(customers.some((c) => /[éèêôîçü]/i.test(c.companyName))).toBe(true);
    expect(customers.some((c) => /^\w[\w ]* \w+ \d{4}$/.test(c.companyName))).toBe(true);
    const agreements = customers.flatMap((c) => c.agreements);
    expect(agreements.every((a) => agreementSchema.safeParse(a).success)).toBe(true);
  });

  it('holds every state in the documented shares per hundred', () => {
    expect(countByState(generateCustomers(1000))).toEqual({
      canTransact: 700,
      reacceptanceNeeded: 150,
      notAccepted: 110,
      unknown: 40,
    });
  });

  it('gets, from the bot’s own verdict over its data and faults, the state it expects', () => {
    const population = generateCustomers(GENERATED);
    const templates =
      loadEmulatorData().agreementMetadata?.map((t) => agreementMetadataSchema.parse(t)) ?? [];
    const failing = (id: string, operation: string) =>
      population.faults.some((f) => f.customerId === id && f.operation === operation);
    for (const customer of population.customers) {
      const verdict = mcaVerdict({
        attestations: failing(customer.id, 'agreements')
          ? { ok: false, failure: 'unavailable' }
          : { ok: true, value: customer.agreements.map((a) => agreementSchema.parse(a)) },
        directSigned: failing(customer.id, 'directSignedStatus')
          ? { ok: false, failure: 'forbidden' }
          : { ok: true, value: customer.directSignedMca ?? false },
        templates: { ok: true, value: templates },
        currentSince: '2023-04-01',
        today: TODAY,
      });
      expect([customer.companyName, verdict.state]).toEqual([
        customer.companyName,
        population.expectedStates.get(customer.id),
      ]);
    }
  });
});

describe('emulator: throttling per user, like Partner Center', () => {
  let clock: FakeClock;
  let limited: RunningEmulator;
  beforeEach(async () => {
    clock = new FakeClock();
    limited = await startEmulator({
      data: loadEmulatorData(),
      tokenSecret: TOKEN_SECRET,
      clock,
      rateLimit: { requestsPerSecond: 5 },
    });
  });
  afterEach(() => limited.close());
  const link = (token = TOKEN) => get(limited, '/v1/customers/relationshiprequests', { token });

  it('answers the 6th immediate request with 429, Retry-After and the throttling body, without taking a token', async () => {
    for (let i = 0; i < 5; i += 1) expect((await link()).status).toBe(200);
    const refused = await link();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body).toEqual({
      statusCode: 429,
      message: 'Rate limit is exceeded. Try again in 1 seconds.',
    });
    expect((await link()).status).toBe(429);
    // One token comes back every 200 ms; the refused requests took none.
    clock.advance(200);
    expect((await link()).status).toBe(200);
    expect((await link()).status).toBe(429);
    clock.advance(1000);
    for (let i = 0; i < 5; i += 1) expect((await link()).status).toBe(200);
    expect((await link()).status).toBe(429);
    expect(limited.stats()).toEqual({
      requests: 15,
      throttled: 4,
      operations: { relationshipRequest: { requests: 15, throttled: 4 } },
    });
  });

  it('keeps a bucket per user', async () => {
    for (let i = 0; i < 5; i += 1) expect((await link()).status).toBe(200);
    expect((await link()).status).toBe(429);
    const omar = tokenFor('omar');
    for (let i = 0; i < 5; i += 1) expect((await link(omar)).status).toBe(200);
    expect((await link(omar)).status).toBe(429);
  });

  it('does not throttle without a rate limit', async () => {
    for (let i = 0; i < 20; i += 1) expect((await get(emulator, '/v1/agreements')).status).toBe(200);
  });
});

describe('emulator settings', () => {
  const load = (env: Record<string, string>) =>
    loadConfig({ env, envDir: mkdtempSync(path.join(tmpdir(), 'pca-env-')) });

  it('generates no customers and throttles no one unless told', () => {
    const options = emulatorOptions(load({}));
    expect(options).toMatchObject({ generatedCustomers: 0, rateLimit: undefined });
  });

  it('reads PARTNER_CENTER_EMULATOR_CUSTOMERS and PARTNER_CENTER_EMULATOR_RATE_LIMIT', () => {
    const config = load({
      PARTNER_CENTER_EMULATOR_CUSTOMERS: '5000',
      PARTNER_CENTER_EMULATOR_RATE_LIMIT: '100',
    });
    expect(config.emulator).toMatchObject({ generatedCustomers: 5000, rateLimitPerSecond: 100 });
    expect(emulatorOptions(config)).toMatchObject({
      generatedCustomers: 5000,
      rateLimit: { requestsPerSecond: 100 },
    });
  });

  it.each([
    ['PARTNER_CENTER_EMULATOR_CUSTOMERS', '100001'],
    ['PARTNER_CENTER_EMULATOR_CUSTOMERS', '-1'],
    ['PARTNER_CENTER_EMULATOR_RATE_LIMIT', '2.5'],
    ['PARTNER_CENTER_EMULATOR_RATE_LIMIT', 'fast'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(name);
  });
});
