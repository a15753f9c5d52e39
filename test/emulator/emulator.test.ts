import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalToken } from '../../src/localTokens/issuer';
import type { Clock } from '../../src/clock';
import { EmulatorDataError, loadEmulatorData, type EmulatorData } from '../../src/emulator/data';
import { SEED_MALFORMED_AGREEMENTS } from '../../src/emulator/seedSample';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import {
  BOTH_TYPES_TENANT,
  DIRECT_SIGNED_TENANT,
  MCLOUDA_ONLY_TENANT,
  NO_AGREEMENT_TENANT,
  SEED_TENANT,
  TOKEN,
  TOKEN_SECRET,
  tokenFor,
  UNKNOWN_TENANT,
} from '../helpers/seeds';
import { FakeClock } from '../helpers/clocks';

const REQUEST_ID = '94e4e214-6b06-4fb7-96d1-94d559f9b47f';
const CORRELATION_ID = 'aaaa0000-bb11-2222-33cc-444444dddddd';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ data: loadEmulatorData(), tokenSecret: TOKEN_SECRET });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearFaults());

async function get(pathAndQuery: string, token: string | null = TOKEN, on: RunningEmulator = emulator) {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'MS-RequestId': REQUEST_ID,
    'MS-CorrelationId': CORRELATION_ID,
  };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${on.url}${pathAndQuery}`, { headers });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // a malformed body, kept as text below
  }
  return { status: response.status, headers: response.headers, body, text };
}

const types = (body: Record<string, unknown>) =>
  (body.items as Array<{ type: string }>).map((item) => item.type);

describe('Partner Center emulator: the documented operations', () => {
  it('answers the relationship request with the documented shape and echoes the ids', async () => {
    const { status, headers, body } = await get('/v1/customers/relationshiprequests');
    expect(status).toBe(200);
    expect(body).toEqual({
      url: expect.stringMatching(/^https:\/\/admin\.microsoft\.com\/.*invType=ResellerRelationship/),
      attributes: { objectType: 'RelationshipRequest' },
    });
    expect(headers.get('ms-requestid')).toBe(REQUEST_ID);
    expect(headers.get('ms-correlationid')).toBe(CORRELATION_ID);
  });

  it("returns the seeds' two MCA acceptances by Tania Carr", async () => {
    const { body } = await get(
      `/v1/customers/${SEED_TENANT}/agreements?agreementType=MicrosoftCustomerAgreement`,
    );
    expect(body.totalCount).toBe(2);
    expect(body.items).toEqual([
      expect.objectContaining({
        dateAgreed: '2019-08-26T00:00:00',
        type: 'MicrosoftCustomerAgreement',
        primaryContact: expect.objectContaining({ firstName: 'Tania', lastName: 'Carr' }),
        templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
        agreementLink: 'https://aka.ms/customeragreement',
      }),
      expect.objectContaining({ dateAgreed: '2019-08-27T00:00:00', type: 'MicrosoftCustomerAgreement' }),
    ]);
  });

  it('answers Microsoft Cloud Agreements when the type is omitted, as the API does for compatibility', async () => {
    expect(types((await get(`/v1/customers/${BOTH_TYPES_TENANT}/agreements`)).body)).toEqual([
      'MicrosoftCloudAgreement',
    ]);
    expect((await get(`/v1/customers/${SEED_TENANT}/agreements`)).body).toEqual({ totalCount: 0, items: [] });
  });

  it('answers every type for *, and holds one customer for each agreement situation', async () => {
    const all = (id: string) => get(`/v1/customers/${id}/agreements?agreementType=*`);
    expect(types((await all(BOTH_TYPES_TENANT)).body).sort()).toEqual([
      'MicrosoftCloudAgreement',
      'MicrosoftCustomerAgreement',
    ]);
    expect(types((await all(MCLOUDA_ONLY_TENANT)).body)).toEqual(['MicrosoftCloudAgreement']);
    expect((await all(NO_AGREEMENT_TENANT)).body).toEqual({ totalCount: 0, items: [] });
  });

  it('answers the customer, the direct-signed status and the agreement metadata', async () => {
    expect((await get(`/v1/customers/${SEED_TENANT.toUpperCase()}`)).body).toMatchObject({
      id: SEED_TENANT,
      companyProfile: { companyName: 'Wingtip Toys', domain: 'wingtiptoys.onmicrosoft.com' },
    });
    const status = (id: string) => get(`/v1/customers/${id}/directSignedMicrosoftCustomerAgreementStatus`);
    expect((await status(DIRECT_SIGNED_TENANT)).body).toEqual({ isSigned: true });
    expect((await status(SEED_TENANT)).body).toEqual({ isSigned: false });
    const metadata = await get('/v1/agreements?agreementType=MicrosoftCloudAgreement');
    expect(metadata.body).toMatchObject({
      totalCount: 1,
      items: [
        { templateId: '998b88de-aa99-4388-a42c-1b3517d49490', agreementType: 'MicrosoftCloudAgreement' },
      ],
    });
  });

  it('searches customers with starts_with on Domain or CompanyName, ignoring case, and honours size', async () => {
    const search = (filter: object, size?: number) =>
      get(
        `/v1/customers?${size === undefined ? '' : `size=${size}&`}filter=${encodeURIComponent(JSON.stringify(filter))}`,
      );
    const names = (body: Record<string, unknown>) =>
      (body.items as Array<{ companyProfile: { companyName: string } }>).map(
        (c) => c.companyProfile.companyName,
      );
    expect(
      names((await search({ Field: 'Domain', Value: 'FABRIKAM', Operator: 'starts_with' })).body),
    ).toEqual(['Fabrikam, Inc.']);
    expect(names((await search({ Field: 'CompanyName', Value: 'a', Operator: 'starts_with' })).body)).toEqual(
      ['Adventure Works Cycles', 'Alpine Ski House'],
    );
    expect(
      (await search({ Field: 'CompanyName', Value: '', Operator: 'starts_with' }, 2)).body.totalCount,
    ).toBe(2);
    expect((await search({ Field: 'Domain', Value: 'x', Operator: 'equals' })).status).toBe(400);
    expect((await search({ Field: 'Nope', Value: 'x', Operator: 'starts_with' })).status).toBe(400);
    expect((await get('/v1/customers?filter=%7Bnot-json')).status).toBe(400);
  });
});

describe('Partner Center emulator: tokens and errors', () => {
  it('requires a valid bearer token', async () => {
    const expired = createLocalToken({
      secret: TOKEN_SECRET,
      userId: 'u',
      mfa: true,
      now: Date.now() - 7_200_000,
    });
    const forged = createLocalToken({ secret: 'another-secret', userId: 'u', mfa: true });
    for (const token of [null, 'not-a-jwt', forged, expired]) {
      const { status, headers, body } = await get('/v1/customers/relationshiprequests', token);
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toMatch(/^OAuth realm=/);
      expect(body).toEqual({
        code: '401',
        description: expect.any(String),
        data: [],
        source: 'PartnerCenterEmulator',
      });
    }
  });

  it('refuses a token without an MFA claim with 401 and code 900421, as Partner Center does since April 2026', async () => {
    const { status, body } = await get('/v1/customers/relationshiprequests', tokenFor('tania', false));
    expect(status).toBe(401);
    expect(body).toMatchObject({ code: '900421', description: expect.stringMatching(/^MFA required/) });
  });

  it('answers an unknown customer with 404 and a Partner Center error body', async () => {
    for (const resource of [
      `/v1/customers/${UNKNOWN_TENANT}/agreements?agreementType=*`,
      `/v1/customers/${UNKNOWN_TENANT}`,
      `/v1/customers/${UNKNOWN_TENANT}/directSignedMicrosoftCustomerAgreementStatus`,
    ]) {
      const { status, body } = await get(resource);
      expect(status).toBe(404);
      expect(body).toEqual({
        code: '1000',
        description: expect.stringContaining(UNKNOWN_TENANT),
        data: [],
        source: 'PartnerCenterEmulator',
      });
    }
  });

  it('refuses a malformed customer id, an unknown type and an unknown path', async () => {
    expect((await get('/v1/customers/not-a-guid/agreements')).status).toBe(400);
    expect((await get(`/v1/customers/${SEED_TENANT}/agreements?agreementType=Other`)).status).toBe(400);
    expect((await get('/v1/partners')).status).toBe(404);
  });
});

describe('Partner Center emulator: fault injection per test', () => {
  it('fails N times with a status, then answers', async () => {
    emulator.addFault({ operation: 'agreements', status: 503, times: 2 });
    const path = `/v1/customers/${SEED_TENANT}/agreements?agreementType=*`;
    expect((await get(path)).status).toBe(503);
    expect((await get(path)).body).toMatchObject({ code: '503', source: 'PartnerCenterEmulator' });
    expect((await get(path)).status).toBe(200);
  });

  it('throttles with the documented 429 shape and Retry-After', async () => {
    emulator.addFault({ operation: '*', status: 429, retryAfter: '57' });
    const { status, headers, body } = await get('/v1/customers/relationshiprequests');
    expect(status).toBe(429);
    expect(headers.get('retry-after')).toBe('57');
    expect(body).toEqual({ statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' });
  });

  it("serves the seed's malformed sample for agreements, and a cut body elsewhere", async () => {
    emulator.addFault({ malformed: true });
    const agreements = await get(
      `/v1/customers/${SEED_TENANT}/agreements?agreementType=MicrosoftCustomerAgreement`,
    );
    expect(agreements.status).toBe(200);
    expect(agreements.text).toBe(SEED_MALFORMED_AGREEMENTS);
    expect(() => JSON.parse(agreements.text)).toThrow();
    const link = await get('/v1/customers/relationshiprequests');
    expect(() => JSON.parse(link.text)).toThrow();
  });

  it('targets one customer only, and holds its answer for the latency', async () => {
    // The emulator's waits end when the test says, so what is held is seen without timing anything.
    const waits: number[] = [];
    let endWaits = () => {};
    const waitsEnded = new Promise<void>((resolve) => (endWaits = resolve));
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => {
        waits.push(ms);
        return waitsEnded;
      },
    };
    const held = await startEmulator({ data: loadEmulatorData(), tokenSecret: TOKEN_SECRET, clock });
    try {
      held.addFault({ customerId: NO_AGREEMENT_TENANT, latencyMs: 300 });
      let answered = false;
      const slow = get(`/v1/customers/${NO_AGREEMENT_TENANT}`, TOKEN, held).then((reply) => {
        answered = true;
        return reply;
      });
      while (waits.length === 0) await new Promise((resolve) => setImmediate(resolve));
      expect(waits).toEqual([300]);
      // Another customer is answered at once, without a wait, while the first answer is still held.
      expect((await get(`/v1/customers/${SEED_TENANT}`, TOKEN, held)).status).toBe(200);
      expect(waits).toEqual([300]);
      expect(answered).toBe(false);
      endWaits();
      expect((await slow).status).toBe(200);
    } finally {
      await held.close();
    }
  });

  it('hangs without answering until the client gives up', async () => {
    emulator.addFault({ operation: 'customer', hang: true, times: 1 });
    await expect(
      fetch(`${emulator.url}/v1/customers/${SEED_TENANT}`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect((await get(`/v1/customers/${SEED_TENANT}`)).status).toBe(200);
  });
});

describe('emulator data', () => {
  const file = (json: unknown): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pca-data-'));
    const target = path.join(dir, 'data.json');
    writeFileSync(target, typeof json === 'string' ? json : JSON.stringify(json));
    return target;
  };
  const partner = { companyName: 'P', relationshipRequestUrl: 'https://admin.microsoft.com/x' };
  const customer = { id: SEED_TENANT, companyName: 'C', agreements: [] };

  it('loads a file in the documented format, with latency and faults that the emulator applies', async () => {
    const data: EmulatorData = loadEmulatorData(
      file({
        partner,
        customers: [customer],
        latencyMs: 200,
        faults: [{ operation: 'relationshipRequest', status: 500, times: 1 }],
      }),
    );
    const clock = new FakeClock();
    const fromFile = await startEmulator({ data, tokenSecret: TOKEN_SECRET, clock });
    try {
      expect((await get('/v1/customers/relationshiprequests', TOKEN, fromFile)).status).toBe(500);
      expect(clock.waits).toEqual([200]);
      expect((await get('/v1/customers/relationshiprequests', TOKEN, fromFile)).body.url).toBe(
        partner.relationshipRequestUrl,
      );
      expect(clock.waits).toEqual([200, 200]);
    } finally {
      await fromFile.close();
    }
  });

  it.each([
    ['{ not json', 'cannot read'],
    [{ customers: [] }, 'partner: expected an object'],
    [
      { partner: { relationshipRequestUrl: partner.relationshipRequestUrl }, customers: [] },
      'partner.companyName',
    ],
    [{ partner: { ...partner, relationshipRequestUrl: 'ftp://x' }, customers: [] }, 'relationshipRequestUrl'],
    [{ partner, customers: [{ ...customer, id: 'x' }] }, 'customers[0].id'],
    [{ partner, customers: [{ ...customer, agreements: [{ type: 'X' }] }] }, 'customers[0].agreements'],
    [{ partner, customers: [customer, customer] }, 'appears twice'],
    [{ partner, customers: [{ ...customer, directSignedMca: 'yes' }] }, 'directSignedMca'],
    [{ partner, customers: [], agreementMetadata: [{ agreementType: 'X' }] }, 'agreementMetadata'],
    [{ partner, customers: [], latencyMs: -1 }, 'latencyMs'],
    [{ partner, customers: [], faults: [{ operation: 'everything' }] }, 'faults[0]: operation'],
    [{ partner, customers: [], faults: [{ status: 200 }] }, 'faults[0]: status'],
    [{ partner, customers: [], faults: [{ explode: true }] }, 'faults[0]: unknown field explode'],
  ])('refuses %j, naming the problem', (json, problem) => {
    const target = file(json);
    expect(() => loadEmulatorData(target)).toThrow(EmulatorDataError);
    expect(() => loadEmulatorData(target)).toThrow(problem);
  });
});
