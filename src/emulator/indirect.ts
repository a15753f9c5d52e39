import { isTenantId } from '../checks';
import type { EmulatorData, EmulatorIndirectPartner } from './data';
import type { EmulatorPartnerKind } from '../config/emulatorPartnerKinds';
import { error, ok, type EmulatorAnswer } from './replies';

/**
 * The partner's place in the indirect model, as the emulator plays it: its indirect providers, its indirect resellers,
 * and whether it is enrolled direct-bill too. Written from the Partner Center documentation, not from the bot's own
 * rules (a test oracle that shares the code under test cannot catch its bugs).
 */
export interface IndirectWorld {
  providers: readonly EmulatorIndirectPartner[];
  resellers: readonly EmulatorIndirectPartner[];
  /** Direct-bill or indirect provider: Partner Center gives it its own link and its customers' agreements. */
  direct: boolean;
  partnerTenantId: string;
  partnerMpnId: string;
}

export function indirectWorld(data: EmulatorData, kind: EmulatorPartnerKind = 'direct'): IndirectWorld {
  const providers = data.indirectProviders ?? [];
  const resellers = data.indirectResellers ?? [];
  const base = {
    partnerTenantId: data.partner.tenantId ?? '00000000-0000-4000-8000-000000000000',
    partnerMpnId: data.partner.mpnId ?? '0',
  };
  const pick = (p: number, withResellers: boolean, direct: boolean): IndirectWorld => {
    const world = {
      ...base,
      providers: providers.slice(0, p),
      resellers: withResellers ? resellers : [],
      direct,
    };
    if (world.providers.length < p || (withResellers && resellers.length === 0))
      throw new Error(
        `emulator: the partner kind ${kind} needs indirectProviders and indirectResellers in the data`,
      );
    return world;
  };
  switch (kind) {
    case 'direct':
      return pick(0, false, true);
    case 'indirectReseller':
      return pick(1, false, false);
    case 'indirectResellerTwoProviders':
      return pick(2, false, false);
    case 'indirectProvider':
      return pick(0, true, true);
    case 'dualRole':
      // A "transitioning" partner, direct-bill and an indirect reseller at once (the documentation of
      // dualRoleIndirectRelationship); as direct-bill it may have resellers of its own.
      return pick(1, true, true);
  }
}

const RELATIONSHIP_TYPES: Record<string, (world: IndirectWorld) => readonly EmulatorIndirectPartner[]> = {
  isindirectresellerof: (world) => world.providers,
  isindirectcloudsolutionproviderof: (world) => world.resellers,
};

/** GET /v1/relationships?relationship_type=…: the providers of a reseller, or the resellers of a provider. */
export function relationships(world: IndirectWorld, type: string | null): EmulatorAnswer {
  const list = RELATIONSHIP_TYPES[(type ?? '').toLowerCase()];
  if (!list) return error(400, '400', `relationship_type "${type ?? ''}" is not supported.`);
  const items = list(world).map((partner) => ({
    id: partner.id,
    name: partner.name,
    relationshipType: type === null ? undefined : canonicalType(type),
    state: 'Active',
    mpnId: partner.mpnId,
    location: partner.location,
    attributes: { objectType: 'PartnerRelationship' },
  }));
  return ok({ totalCount: items.length, items, attributes: { objectType: 'Collection' } });
}

function canonicalType(type: string): string {
  return type.toLowerCase() === 'isindirectresellerof'
    ? 'IsIndirectResellerOf'
    : 'IsIndirectCloudSolutionProviderOf';
}

const INVITATION = '#/BillingAccounts/partner-invitation';

/**
 * GET /v1/customers/relationshiprequests with its documented query parameters. The indirect link has the shape
 * public MSP tooling shows (CIPP): invType=IndirectResellerRelationship, partnerId = the provider's tenant, msppId =
 * the reseller's MPN id, indirectCSPId = the reseller's tenant.
 */
export function relationshipRequest(
  world: IndirectWorld,
  directUrl: string,
  query: URLSearchParams,
): EmulatorAnswer {
  const providerId = query.get('indirectCloudSolutionProviderId');
  const resellerId = query.get('indirectResellerId');
  const dualRole = query.get('dualRoleIndirectRelationship');
  if (providerId !== null && resellerId !== null)
    return error(400, '400', 'Specify indirectCloudSolutionProviderId or indirectResellerId, not both.');
  for (const [name, id] of [
    ['indirectCloudSolutionProviderId', providerId],
    ['indirectResellerId', resellerId],
  ] as const) {
    if (id !== null && !isTenantId(id)) return error(400, '400', `${name} "${id}" is not a valid GUID.`);
  }
  if (dualRole !== null && dualRole !== 'true' && dualRole !== 'false')
    return error(400, '400', `dualRoleIndirectRelationship "${dualRole}" is not a boolean.`);
  if (providerId !== null) {
    const provider = world.providers.find((p) => p.id.toLowerCase() === providerId.toLowerCase());
    if (!provider)
      return error(404, '404', `No indirect provider ${providerId} has a relationship with this partner.`);
    return link(indirectUrl(provider.id, world.partnerMpnId, world.partnerTenantId));
  }
  if (resellerId !== null) {
    const reseller = world.resellers.find((r) => r.id.toLowerCase() === resellerId.toLowerCase());
    if (!reseller)
      return error(404, '404', `No indirect reseller ${resellerId} has a relationship with this partner.`);
    return link(indirectUrl(world.partnerTenantId, reseller.mpnId, reseller.id));
  }
  if (dualRole === 'true')
    return error(400, '400', 'dualRoleIndirectRelationship=true needs indirectCloudSolutionProviderId.');
  if (!world.direct) {
    return error(
      403,
      '403',
      'The partner is an indirect reseller: specify indirectCloudSolutionProviderId, the indirect provider the relationship goes through.',
    );
  }
  return link(directUrl);
}

function indirectUrl(partnerId: string, msppId: string, indirectCspId: string): string {
  const query = new URLSearchParams({
    invType: 'IndirectResellerRelationship',
    partnerId,
    msppId,
    indirectCSPId: indirectCspId,
    DAP: 'false',
  });
  return `https://admin.microsoft.com/Adminportal/Home?${query.toString()}${INVITATION}`;
}

function link(url: string): EmulatorAnswer {
  return ok({ url, attributes: { objectType: 'RelationshipRequest' } });
}

/**
 * What Partner Center tells an indirect reseller about a customer's agreements: nothing. The agreements and the
 * agreement metadata failed for an indirect reseller (maintainer's answer, microsoft/Partner-Center-PowerShell#211);
 * the direct-acceptance status is documented for "the indirect provider or direct bill partner" with an active
 * reselling relationship (LEARN get-direct-sign-status-of-customer-agreement); attestation is for indirect providers
 * and direct-bill partners, "indirect resellers can't use this experience" (LEARN
 * integrate-sandbox-confirm-customer-accept).
 */
export function indirectResellerRefusal(): EmulatorAnswer {
  return error(
    403,
    '403',
    'This operation is not available to an indirect reseller; the indirect provider of the customer holds it.',
  );
}
