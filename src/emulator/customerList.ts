import type { EmulatorCustomer } from './data';
import { decodePageToken, encodePageToken } from './pageToken';
import { error, ok, type EmulatorAnswer } from './replies';

/**
 * GET /v1/customers: with a `filter`, the search (starts_with on CompanyName or Domain); without one, the whole
 * list a page at a time, in Partner Center's seek-based shape ([SDK] SeekBasedResourceCollection): the next page
 * is `links.next.uri` sent with the MS-ContinuationToken header that `links.next.headers` names.
 */
export function customerList(
  customers: readonly EmulatorCustomer[],
  query: URLSearchParams,
  continuationToken: string | undefined,
  tokenSecret: string,
): EmulatorAnswer {
  if (query.get('filter') !== null) return customerSearch(customers, query);
  return customerPage(customers, query, continuationToken, tokenSecret);
}

/** Partner Center's page size is 1 to 500; the emulator's default when none is asked for. */
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;
const SEARCH_FIELDS = ['CompanyName', 'Domain', 'IndirectReseller', 'IndirectCloudSolutionProvider'];

function customerPage(
  customers: readonly EmulatorCustomer[],
  query: URLSearchParams,
  continuationToken: string | undefined,
  tokenSecret: string,
): EmulatorAnswer {
  const sizeText = query.get('size');
  const asked = sizeText === null ? DEFAULT_PAGE_SIZE : Number(sizeText);
  if (!Number.isInteger(asked) || asked < 1) return error(400, '400', 'size must be a whole number from 1.');
  const size = Math.min(asked, MAX_PAGE_SIZE);
  const seek = query.get('seekOperation');
  let offset = 0;
  if (seek !== null) {
    if (seek.toLowerCase() !== 'next') return error(400, '400', 'The only supported seekOperation is Next.');
    const position = continuationToken ? decodePageToken(continuationToken, tokenSecret) : undefined;
    if (!position) return error(400, '400', 'seekOperation=Next needs a valid MS-ContinuationToken header.');
    if (customers[position.offset]?.id.toLowerCase() !== position.nextId.toLowerCase())
      return error(400, '400', 'The continuation token does not match the customer list.');
    offset = position.offset;
  }
  const end = Math.min(offset + size, customers.length);
  const items = customers.slice(offset, end).map(customerBody);
  const next = customers[end];
  const token = next && encodePageToken({ offset: end, nextId: next.id.toLowerCase() }, tokenSecret);
  const self = { uri: `/v1/customers?size=${size}`, method: 'GET', headers: [] };
  const links = token
    ? {
        self,
        next: {
          uri: `/v1/customers?size=${size}&seekOperation=Next`,
          method: 'GET',
          headers: [{ key: 'MS-ContinuationToken', value: token }],
        },
      }
    : { self };
  // totalCount counts this page's items, as Partner Center's samples show, not the whole list.
  return ok({
    totalCount: items.length,
    items,
    links,
    ...(token ? { continuationToken: token } : {}),
    attributes: { objectType: 'Collection' },
  });
}

/** Filter: URL-encoded JSON {Field, Value, Operator}; starts_with is the only operator, the value's case is ignored. */
function customerSearch(customers: readonly EmulatorCustomer[], query: URLSearchParams): EmulatorAnswer {
  const size = Number(query.get('size') ?? '0');
  if (!Number.isInteger(size) || size < 0) return error(400, '400', 'size must be a whole number.');
  let filter: { Field?: unknown; Value?: unknown; Operator?: unknown };
  try {
    filter = JSON.parse(query.get('filter') ?? '') as typeof filter;
  } catch {
    return error(400, '400', 'The filter is not valid JSON.');
  }
  if (filter.Operator !== 'starts_with')
    return error(400, '400', 'The only supported operator is starts_with.');
  if (typeof filter.Value !== 'string') return error(400, '400', 'The filter needs a string Value.');
  const value = filter.Value.toLowerCase();
  const field = (c: EmulatorCustomer): string | undefined => {
    if (filter.Field === 'CompanyName') return c.companyName;
    if (filter.Field === 'Domain') return c.domain;
    return undefined; // IndirectReseller, IndirectCloudSolutionProvider: no indirect partners here
  };
  if (!SEARCH_FIELDS.includes(String(filter.Field)))
    return error(400, '400', `Unknown search field ${String(filter.Field)}.`);
  const matches = customers.filter((c) => field(c)?.toLowerCase().startsWith(value));
  const items = (size > 0 ? matches.slice(0, size) : matches).map(customerBody);
  return ok({ totalCount: items.length, items, attributes: { objectType: 'Collection' } });
}

/** The customer resource, as GET /v1/customers/{id} and the lists answer it. */
export function customerBody(customer: EmulatorCustomer): unknown {
  return {
    id: customer.id,
    companyProfile: {
      tenantId: customer.id,
      domain: customer.domain,
      companyName: customer.companyName,
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    relationshipToPartner: 'reseller',
    attributes: { objectType: 'Customer' },
  };
}
