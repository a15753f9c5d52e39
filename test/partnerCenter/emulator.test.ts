import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmulatorDataError, loadEmulatorData } from '../../src/partnerCenter/emulator/data';
import { startEmulator, type RunningEmulator } from '../../src/partnerCenter/emulator/server';
import {
  BOTH_TYPES_TENANT,
  MCLOUDA_ONLY_TENANT,
  NO_AGREEMENT_TENANT,
  SEED_TENANT,
  TOKEN,
  UNKNOWN_TENANT,
} from '../helpers/seeds';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ data: loadEmulatorData(), acceptedToken: TOKEN });
});
afterAll(() => emulator.close());

const REQUEST_ID = '94e4e214-6b06-4fb7-96d1-94d559f9b47f';
const CORRELATION_ID = 'aaaa0000-bb11-2222-33cc-444444dddddd';

async function get(pathAndQuery: string, token: string | null = TOKEN) {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'MS-RequestId': REQUEST_ID,
    'MS-CorrelationId': CORRELATION_ID,
  };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${emulator.url}${pathAndQuery}`, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('Partner Center emulator', () => {
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
    const omitted = await get(`/v1/customers/${BOTH_TYPES_TENANT}/agreements`);
    expect((omitted.body.items as Array<{ type: string }>).map((item) => item.type)).toEqual([
      'MicrosoftCloudAgreement',
    ]);
    const seedOmitted = await get(`/v1/customers/${SEED_TENANT}/agreements`);
    expect(seedOmitted.body).toEqual({ totalCount: 0, items: [] });
  });

  it('answers every type for *', async () => {
    const { body } = await get(`/v1/customers/${BOTH_TYPES_TENANT}/agreements?agreementType=*`);
    expect((body.items as Array<{ type: string }>).map((item) => item.type).sort()).toEqual([
      'MicrosoftCloudAgreement',
      'MicrosoftCustomerAgreement',
    ]);
  });

  it('holds a customer with only a Cloud Agreement and one with none', async () => {
    const mcloudA = await get(`/v1/customers/${MCLOUDA_ONLY_TENANT}/agreements?agreementType=*`);
    expect((mcloudA.body.items as Array<{ type: string }>).map((item) => item.type)).toEqual([
      'MicrosoftCloudAgreement',
    ]);
    const none = await get(`/v1/customers/${NO_AGREEMENT_TENANT}/agreements?agreementType=*`);
    expect(none.body).toEqual({ totalCount: 0, items: [] });
  });

  it('answers the customer with its company name', async () => {
    const { body } = await get(`/v1/customers/${SEED_TENANT.toUpperCase()}`);
    expect(body).toMatchObject({ id: SEED_TENANT, companyProfile: { companyName: 'Wingtip Toys' } });
  });

  it('requires a bearer token, and the right one', async () => {
    for (const token of [null, 'wrong']) {
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

  it('answers an unknown customer with 404 and a Partner Center error body', async () => {
    for (const resource of [
      `/v1/customers/${UNKNOWN_TENANT}/agreements?agreementType=*`,
      `/v1/customers/${UNKNOWN_TENANT}`,
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

describe('emulator data', () => {
  const file = (json: unknown): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pca-data-'));
    const target = path.join(dir, 'data.json');
    writeFileSync(target, typeof json === 'string' ? json : JSON.stringify(json));
    return target;
  };
  const partner = { companyName: 'P', relationshipRequestUrl: 'https://admin.microsoft.com/x' };

  it('loads a file in the documented format', () => {
    const data = loadEmulatorData(
      file({ partner, customers: [{ id: SEED_TENANT, companyName: 'C', agreements: [] }] }),
    );
    expect(data.customers).toHaveLength(1);
  });

  it.each([
    ['{ not json', 'cannot read'],
    [{ customers: [] }, 'partner.companyName'],
    [{ partner: { ...partner, relationshipRequestUrl: 'ftp://x' }, customers: [] }, 'relationshipRequestUrl'],
    [{ partner, customers: [{ id: 'x', companyName: 'C', agreements: [] }] }, 'customers[0].id'],
    [
      { partner, customers: [{ id: SEED_TENANT, companyName: 'C', agreements: [{ type: 'X' }] }] },
      'customers[0].agreements',
    ],
    [
      {
        partner,
        customers: [
          { id: SEED_TENANT, companyName: 'A', agreements: [] },
          { id: SEED_TENANT, companyName: 'B', agreements: [] },
        ],
      },
      'appears twice',
    ],
  ])('refuses %j, naming the problem', (json, problem) => {
    expect(() => loadEmulatorData(file(json))).toThrow(EmulatorDataError);
    expect(() => loadEmulatorData(file(json))).toThrow(problem);
  });
});
