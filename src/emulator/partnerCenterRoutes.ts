import { isTenantId } from '../checks';
import { AGREEMENT_TYPES } from '../partnerCenter/types';
import { customerBody, customerList } from './customerList';
import type { EmulatorCustomer, EmulatorData } from './data';
import type { EmulatorOperation } from './faults';
import { indirectResellerRefusal, relationshipRequest, relationships } from './indirect';
import { error, ok, type EmulatorAnswer } from './replies';
import type { World } from './world';

/** A Partner Center operation found at a path: what it is (faults and stats go by it), and how to answer it. */
export interface Route {
  operation: EmulatorOperation;
  customerId?: string;
  answer(): EmulatorAnswer;
}

/** The operation at this path, or Partner Center's answer for a path it does not have or an id it cannot read. */
export function routeOf(url: URL, pageToken: string | undefined, world: World): Route | EmulatorAnswer {
  const { data, tokenSecret } = world.options;
  const path = url.pathname.replace(/\/+$/, '');
  const query = url.searchParams;
  if (/^\/v1\/customers\/relationshiprequests$/i.test(path)) {
    return {
      operation: 'relationshipRequest',
      answer: () => relationshipRequest(world.indirect, data.partner.relationshipRequestUrl, query),
    };
  }
  if (/^\/v1\/relationships$/i.test(path)) {
    return {
      operation: 'relationships',
      answer: () => relationships(world.indirect, query.get('relationship_type')),
    };
  }
  // An indirect reseller reads its customers, but not their agreements (see indirectResellerRefusal).
  const refused = !world.indirect.direct;
  if (/^\/v1\/customers$/i.test(path))
    return {
      operation: query.get('filter') === null ? 'customerList' : 'customerSearch',
      answer: () => customerList(world.customers, query, pageToken, tokenSecret),
    };
  if (/^\/v1\/agreements$/i.test(path)) {
    return {
      operation: 'agreementMetadata',
      answer: () =>
        refused ? indirectResellerRefusal() : agreementMetadata(data, query.get('agreementType')),
    };
  }
  const match =
    /^\/v1\/customers\/([^/]+)(?:\/(agreements|directSignedMicrosoftCustomerAgreementStatus))?$/i.exec(path);
  if (!match) return error(404, '404', `No resource at ${path}.`);
  const customerId = decodeURIComponent(match[1] ?? '');
  if (!isTenantId(customerId))
    return error(400, '400', `The customer id "${customerId}" is not a valid GUID.`);
  const customer = world.byId.get(customerId.toLowerCase());
  const known = (answer: (c: EmulatorCustomer) => EmulatorAnswer) => () =>
    customer
      ? answer(customer)
      : error(404, '1000', `Customer ${customerId} was not found for this partner.`);
  const resource = match[2]?.toLowerCase();
  if (resource === 'agreements') {
    return {
      operation: 'agreements',
      customerId,
      answer: known((c) => (refused ? indirectResellerRefusal() : agreements(c, query.get('agreementType')))),
    };
  }
  if (resource) {
    return {
      operation: 'directSignedStatus',
      customerId,
      answer: known((c) =>
        refused ? indirectResellerRefusal() : ok({ isSigned: c.directSignedMca ?? false }),
      ),
    };
  }
  return { operation: 'customer', customerId, answer: known((c) => ok(customerBody(c))) };
}

/** An omitted type means MicrosoftCloudAgreement, for backward compatibility, as the API documents. */
function agreements(customer: EmulatorCustomer, requestedType: string | null): EmulatorAnswer {
  const type = requestedType ?? 'MicrosoftCloudAgreement';
  if (type !== '*' && !(AGREEMENT_TYPES as readonly string[]).includes(type)) {
    return error(400, '400', `agreementType "${type}" is not supported.`);
  }
  const items = customer.agreements.filter((item) => type === '*' || item.type === type);
  return ok({ totalCount: items.length, items });
}

function agreementMetadata(data: EmulatorData, type: string | null): EmulatorAnswer {
  const all = data.agreementMetadata ?? [];
  const items = type && type !== '*' ? all.filter((item) => item.agreementType === type) : all;
  return ok({ totalCount: items.length, items, attributes: { objectType: 'Collection' } });
}
