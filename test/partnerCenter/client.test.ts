import { PartnerCenterClient, type PartnerCenterRequestContext } from '../../src/partnerCenter/client';
import { PartnerCenterError, parseRetryAfter } from '../../src/partnerCenter/errors';
import { loadEmulatorData } from '../../src/partnerCenter/emulator/data';
import { startEmulator } from '../../src/partnerCenter/emulator/server';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import {
  seedAgreementsSample,
  SEED_TENANT,
  TOKEN,
  UNKNOWN_TENANT,
  BOTH_TYPES_TENANT,
} from '../helpers/seeds';
import { startRawServer, unusedPort } from '../helpers/servers';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const context: PartnerCenterRequestContext = {
  token: TOKEN,
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  locale: 'fr-FR',
};

const suite = useSeedEmulator();

async function failure(promise: Promise<unknown>): Promise<PartnerCenterError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PartnerCenterError) return error;
    throw error;
  }
  throw new Error('expected a PartnerCenterError');
}

describe('PartnerCenterClient against the emulator', () => {
  it('gets the relationship request URL with the documented headers', async () => {
    const url = await suite.client.getRelationshipRequestUrl(context);
    expect(url).toMatch(
      /^https:\/\/admin\.microsoft\.com\/Adminportal\/Home\?invType=ResellerRelationship&partnerId=/,
    );
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

  it("asks for MCA explicitly and parses both of Tania Carr's acceptances", async () => {
    const result = await suite.client.getCustomerAgreements(
      SEED_TENANT,
      'MicrosoftCustomerAgreement',
      context,
    );
    expect(suite.emulator.requests[0]?.path).toBe(
      `/v1/customers/${SEED_TENANT}/agreements?agreementType=MicrosoftCustomerAgreement`,
    );
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

  it('encodes * and gets every type', async () => {
    const result = await suite.client.getCustomerAgreements(BOTH_TYPES_TENANT, '*', context);
    expect(suite.emulator.requests[0]?.path).toBe(
      `/v1/customers/${BOTH_TYPES_TENANT}/agreements?agreementType=*`,
    );
    expect(result.items).toHaveLength(2);
  });

  it('sends one correlation id for a request and a new request id per call', async () => {
    await Promise.all([
      suite.client.getCustomer(SEED_TENANT, context),
      suite.client.getCustomerAgreements(SEED_TENANT, 'MicrosoftCustomerAgreement', context),
    ]);
    const [a, b] = suite.emulator.requests;
    expect(a?.headers['ms-correlationid']).toBe(context.correlationId);
    expect(b?.headers['ms-correlationid']).toBe(context.correlationId);
    expect(a?.headers['ms-requestid']).not.toBe(b?.headers['ms-requestid']);
  });

  it('falls back to en-US when the locale is not a language tag', async () => {
    await suite.client.getRelationshipRequestUrl({ ...context, locale: 'fr\r\nX-Evil: 1' });
    expect(suite.emulator.requests[0]?.headers['x-locale']).toBe('en-US');
  });

  it('reports an unknown customer as customerNotFound, with the ids support needs', async () => {
    const error = await failure(
      suite.client.getCustomerAgreements(UNKNOWN_TENANT, 'MicrosoftCustomerAgreement', context),
    );
    expect(error).toMatchObject({
      kind: 'customerNotFound',
      status: 404,
      code: '1000',
      correlationId: context.correlationId,
    });
    expect(error.requestId).toMatch(GUID);
  });

  it('reports a refused token as unauthorized', async () => {
    const error = await failure(suite.client.getRelationshipRequestUrl({ ...context, token: 'expired' }));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('refuses to build a call from anything but a tenant id', async () => {
    await expect(suite.client.getCustomerAgreements('../partners', '*', context)).rejects.toThrow(TypeError);
    expect(suite.emulator.requests).toHaveLength(0);
  });
});

describe('PartnerCenterClient on bad answers', () => {
  it("treats the seed page's malformed sample as unreadable, not as data", async () => {
    const server = await startRawServer(200, seedAgreementsSample());
    try {
      const seeded = new PartnerCenterClient({ baseUrl: server.url, applicationName: 'test' });
      const error = await failure(
        seeded.getCustomerAgreements(SEED_TENANT, 'MicrosoftCustomerAgreement', context),
      );
      expect(error).toMatchObject({ kind: 'unreadable', correlationId: context.correlationId });
    } finally {
      await server.close();
    }
  });

  it('treats valid JSON of the wrong shape as unreadable and says where', async () => {
    const server = await startRawServer(
      200,
      JSON.stringify({ totalCount: 1, items: [{ type: 'MicrosoftCustomerAgreement' }] }),
    );
    try {
      const wrong = new PartnerCenterClient({ baseUrl: server.url, applicationName: 'test' });
      const error = await failure(wrong.getCustomerAgreements(SEED_TENANT, '*', context));
      expect(error.kind).toBe('unreadable');
      expect(error.description).toContain('$.items[0].dateAgreed');
    } finally {
      await server.close();
    }
  });

  it.each([
    [403, { code: '20002', description: 'no relationship' }, 'noRelationship'],
    [403, { code: '900329', description: 'role' }, 'forbidden'],
    [401, { code: '10001', description: 'MFA required.' }, 'mfaRequired'],
    [429, { statusCode: 429, message: 'Rate limit is exceeded' }, 'throttled'],
    [503, { code: '5000', description: 'down' }, 'unavailable'],
    [400, { code: '400', description: 'bad' }, 'rejected'],
  ])('maps HTTP %i %j to %s', async (status, body, kind) => {
    const server = await startRawServer(status, JSON.stringify(body));
    try {
      const failing = new PartnerCenterClient({ baseUrl: server.url, applicationName: 'test' });
      expect((await failure(failing.getRelationshipRequestUrl(context))).kind).toBe(kind);
    } finally {
      await server.close();
    }
  });

  it('reports no answer at all as a network failure', async () => {
    const nowhere = new PartnerCenterClient({
      baseUrl: `http://127.0.0.1:${await unusedPort()}`,
      applicationName: 'test',
    });
    expect((await failure(nowhere.getRelationshipRequestUrl(context))).kind).toBe('network');
  });

  it('reports a slow answer as a timeout', async () => {
    const slow = await startEmulator({ data: loadEmulatorData(), acceptedToken: TOKEN, latencyMs: 500 });
    try {
      const impatient = new PartnerCenterClient({
        baseUrl: slow.url,
        applicationName: 'test',
        timeoutMs: 50,
      });
      expect((await failure(impatient.getRelationshipRequestUrl(context))).kind).toBe('timeout');
    } finally {
      await slow.close();
    }
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
