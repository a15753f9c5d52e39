import { randomUUID } from 'node:crypto';
import { PartnerCenterClient, type PartnerCenterRequestContext } from '../../src/partnerCenter/client';
import { PartnerCenterError } from '../../src/partnerCenter/errors';
import { useSeedEmulator, type EmulatorSuite } from '../helpers/emulatorSuite';
import { SEED_TENANT, TOKEN } from '../helpers/seeds';

// The emulator's data (defaultData.json): the partner, its providers and its resellers.
const PARTNER_TENANT = '5c7e3b0a-9f4d-4b8e-a1c2-3d4e5f60718a';
const PARTNER_MPN = '4816273';
const CONTOSO_DISTRIBUTION = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const NORTHWIND_DISTRIBUTION = 'd2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f60';
const CONTOSO_IT = 'e3f4a5b6-c7d8-4e9f-a0b1-2c3d4e5f6071';
const UNKNOWN_PARTNER = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';

function contextFor(client: PartnerCenterClient, overrides: Partial<PartnerCenterRequestContext> = {}) {
  return {
    ...client.newRequestContext({ token: TOKEN, locale: 'en-US', userKey: `user-${randomUUID()}` }),
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

const pathsOf = (suite: EmulatorSuite) => suite.emulator.requests.map((r) => r.path);

describe('an indirect reseller with two providers', () => {
  const suite = useSeedEmulator({ partnerKind: 'indirectResellerTwoProviders' });

  it('lists its providers (IsIndirectResellerOf) and no resellers', async () => {
    const context = contextFor(suite.client);
    const providers = await suite.client.getPartnerRelationships('IsIndirectResellerOf', context);
    expect(providers.map((p) => [p.id, p.name, p.mpnId])).toEqual([
      [CONTOSO_DISTRIBUTION, 'Contoso Distribution', '5101234'],
      [NORTHWIND_DISTRIBUTION, 'Northwind Cloud Distribution', '5205678'],
    ]);
    expect(await suite.client.getPartnerRelationships('IsIndirectCloudSolutionProviderOf', context)).toEqual(
      [],
    );
    expect(pathsOf(suite)).toEqual([
      '/v1/relationships?relationship_type=IsIndirectResellerOf',
      '/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf',
    ]);
  });

  it('is refused the plain link, with a description that names indirect resellers', async () => {
    const error = await failure(suite.client.getRelationshipRequestUrl(contextFor(suite.client)));
    expect([error.kind, error.status]).toEqual(['indirectReseller', 403]);
  });

  it('gets the link through a provider, shaped as Partner Center shapes it', async () => {
    const url = await suite.client.getRelationshipRequestUrl(contextFor(suite.client), {
      indirectCloudSolutionProviderId: NORTHWIND_DISTRIBUTION.toUpperCase(),
    });
    const query = new URL(url).searchParams;
    expect(Object.fromEntries(query)).toEqual({
      invType: 'IndirectResellerRelationship',
      partnerId: NORTHWIND_DISTRIBUTION,
      msppId: PARTNER_MPN,
      indirectCSPId: PARTNER_TENANT,
      DAP: 'false',
    });
    expect(new URL(url).hash).toBe('#/BillingAccounts/partner-invitation');
    expect(pathsOf(suite)).toEqual([
      `/v1/customers/relationshiprequests?indirectCloudSolutionProviderId=${NORTHWIND_DISTRIBUTION}`,
    ]);
  });

  it('is answered 404 for a provider it has no relationship with', async () => {
    const error = await failure(
      suite.client.getRelationshipRequestUrl(contextFor(suite.client), {
        indirectCloudSolutionProviderId: UNKNOWN_PARTNER,
      }),
    );
    expect([error.kind, error.status]).toEqual(['rejected', 404]);
  });

  it('sends no id that is not a tenant id, nor a provider and a reseller at once', async () => {
    const context = contextFor(suite.client);
    await expect(
      suite.client.getRelationshipRequestUrl(context, {
        indirectCloudSolutionProviderId: 'x&indirectResellerId=y',
      }),
    ).rejects.toThrow(TypeError);
    await expect(
      suite.client.getRelationshipRequestUrl(context, {
        indirectCloudSolutionProviderId: CONTOSO_DISTRIBUTION,
        indirectResellerId: CONTOSO_IT,
      }),
    ).rejects.toThrow(TypeError);
    expect(pathsOf(suite)).toEqual([]);
  });

  it("caches the relationships and each target's link per user: known, they cost no call", async () => {
    const context = contextFor(suite.client);
    const through = { indirectCloudSolutionProviderId: CONTOSO_DISTRIBUTION };
    await suite.client.getPartnerRelationships('IsIndirectResellerOf', context);
    const first = await suite.client.getRelationshipRequestUrl(context, through);
    const other = await suite.client.getRelationshipRequestUrl(context, {
      indirectCloudSolutionProviderId: NORTHWIND_DISTRIBUTION,
    });
    expect(other).not.toBe(first);
    const before = suite.emulator.requests.length;
    const again = { ...context, correlationId: randomUUID() };
    await suite.client.getPartnerRelationships('IsIndirectResellerOf', again);
    expect(await suite.client.getRelationshipRequestUrl(again, through)).toBe(first);
    expect(suite.emulator.requests.length).toBe(before);
    // Another user asks for their own.
    await suite.client.getPartnerRelationships('IsIndirectResellerOf', contextFor(suite.client));
    expect(suite.emulator.requests.length).toBe(before + 1);
  });

  it("is refused the customers' agreements, their direct acceptance and the agreement metadata", async () => {
    const context = contextFor(suite.client);
    for (const call of [
      suite.client.getCustomerAgreements(SEED_TENANT, '*', context),
      suite.client.getDirectSignedMcaStatus(SEED_TENANT, context),
      suite.client.getAgreementMetadata('MicrosoftCustomerAgreement', context),
    ]) {
      expect((await failure(call)).kind).toBe('indirectReseller');
    }
    // Its customers it reads.
    expect((await suite.client.getCustomer(SEED_TENANT, context)).companyName).toBe('Wingtip Toys');
  });
});

describe('an indirect provider', () => {
  const suite = useSeedEmulator({ partnerKind: 'indirectProvider' });

  it('lists its resellers, gets its own link, and one on behalf of a reseller', async () => {
    const context = contextFor(suite.client);
    const resellers = await suite.client.getPartnerRelationships(
      'IsIndirectCloudSolutionProviderOf',
      context,
    );
    expect(resellers.map((r) => r.name)).toContain('Contoso IT Services');
    expect(await suite.client.getRelationshipRequestUrl(context)).toContain('invType=ResellerRelationship');
    const url = await suite.client.getRelationshipRequestUrl(context, { indirectResellerId: CONTOSO_IT });
    expect(Object.fromEntries(new URL(url).searchParams)).toMatchObject({
      invType: 'IndirectResellerRelationship',
      partnerId: PARTNER_TENANT,
      msppId: '6301122',
      indirectCSPId: CONTOSO_IT,
    });
    const error = await failure(
      suite.client.getRelationshipRequestUrl(context, { indirectResellerId: UNKNOWN_PARTNER }),
    );
    expect(error.status).toBe(404);
  });
});

describe('the relationships call, read at the edge', () => {
  const suite = useSeedEmulator();

  it.each([
    [
      'a provider whose id is not a tenant id',
      { id: 'contoso', name: 'Contoso Distribution' },
      /\$\.items\[0\]\.id/,
    ],
    ['a provider without a name', { id: UNKNOWN_PARTNER }, /\$\.items\[0\]\.name/],
  ])('fails as unreadable on %s', async (_, item, problem) => {
    const fetchDouble: typeof fetch = async () =>
      new Response(JSON.stringify({ totalCount: 1, items: [item] }), { status: 200 });
    const client = suite.clientWith({ fetch: fetchDouble });
    const error = await failure(client.getPartnerRelationships('IsIndirectResellerOf', contextFor(client)));
    expect(error.kind).toBe('unreadable');
    expect(error.description).toMatch(problem);
  });

  it('a direct-bill partner has neither providers nor resellers, and its own link', async () => {
    const context = contextFor(suite.client);
    expect(await suite.client.getPartnerRelationships('IsIndirectResellerOf', context)).toEqual([]);
    expect(await suite.client.getPartnerRelationships('IsIndirectCloudSolutionProviderOf', context)).toEqual(
      [],
    );
    expect(await suite.client.getRelationshipRequestUrl(context)).toContain('invType=ResellerRelationship');
  });
});
