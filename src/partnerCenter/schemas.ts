import type {
  Agreement,
  AgreementCollection,
  AgreementMetadata,
  Contact,
  Customer,
  CustomerCollection,
} from './types';

/** A body that does not have the documented shape. The path says where, for the logs. */
export class SchemaError extends Error {
  override name = 'SchemaError';
  constructor(
    readonly path: string,
    expected: string,
  ) {
    super(`${path}: expected ${expected}`);
  }
}

type Obj = Record<string, unknown>;

/**
 * The longest list a response may hold. A customer has a few agreements and a search asks for 500 customers at
 * most; 100,000 agreements held the event loop for seconds, so a longer list is refused, never partly read.
 */
export const MAX_LIST_ITEMS = 1000;

function object(value: unknown, path: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SchemaError(path, 'an object');
  return value as Obj;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new SchemaError(path, 'a string');
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, path);
}

function httpsUrl(value: unknown, path: string): string {
  const text = string(value, path);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SchemaError(path, 'an absolute URL');
  }
  if (url.protocol !== 'https:') throw new SchemaError(path, 'an https URL');
  return url.href;
}

function isoDate(value: unknown, path: string): string {
  const text = string(value, path);
  if (
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text) ||
    Number.isNaN(Date.parse(text))
  ) {
    throw new SchemaError(path, 'an ISO 8601 date');
  }
  return text;
}

export function parseRelationshipRequest(body: unknown): { url: string } {
  const root = object(body, '$');
  return { url: httpsUrl(root.url, '$.url') };
}

function parseContact(value: unknown, path: string): Contact {
  const contact = object(value, path);
  return {
    firstName: string(contact.firstName, `${path}.firstName`),
    lastName: string(contact.lastName, `${path}.lastName`),
    email: optionalString(contact.email, `${path}.email`),
    phoneNumber: optionalString(contact.phoneNumber, `${path}.phoneNumber`),
  };
}

function parseAgreement(value: unknown, path: string): Agreement {
  const item = object(value, path);
  const link = optionalString(item.agreementLink, `${path}.agreementLink`);
  return {
    type: string(item.type, `${path}.type`),
    dateAgreed: isoDate(item.dateAgreed, `${path}.dateAgreed`),
    templateId: string(item.templateId, `${path}.templateId`),
    agreementLink: link === undefined ? undefined : httpsUrl(link, `${path}.agreementLink`),
    primaryContact: parseContact(item.primaryContact, `${path}.primaryContact`),
    userId: optionalString(item.userId, `${path}.userId`),
  };
}

/** Every item is kept whatever its type: Microsoft may add agreement types at any time. */
export function parseAgreementCollection(body: unknown, maxItems = MAX_LIST_ITEMS): AgreementCollection {
  const root = object(body, '$');
  const agreements = items(root, maxItems).map((item, index) => parseAgreement(item, `$.items[${index}]`));
  return { totalCount: count(root.totalCount, agreements.length), items: agreements };
}

export function parseCustomer(body: unknown, path = '$'): Customer {
  const root = object(body, path);
  const profile = object(root.companyProfile, `${path}.companyProfile`);
  return {
    id: string(root.id, `${path}.id`),
    companyName: string(profile.companyName, `${path}.companyProfile.companyName`),
    domain: optionalString(profile.domain, `${path}.companyProfile.domain`),
  };
}

function items(root: Obj, maxItems: number): unknown[] {
  if (!Array.isArray(root.items)) throw new SchemaError('$.items', 'an array');
  if (root.items.length > maxItems) {
    throw new SchemaError(`$.items[${maxItems}]`, `the end of the list (${maxItems} items at most)`);
  }
  return root.items;
}

function count(value: unknown, fallback: number): number {
  const total = value ?? fallback;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
    throw new SchemaError('$.totalCount', 'a whole number');
  }
  return total;
}

export function parseCustomerCollection(body: unknown, maxItems = MAX_LIST_ITEMS): CustomerCollection {
  const root = object(body, '$');
  const customers = items(root, maxItems).map((item, index) => parseCustomer(item, `$.items[${index}]`));
  return { totalCount: count(root.totalCount, customers.length), items: customers };
}

export function parseDirectSignedStatus(body: unknown): { isSigned: boolean } {
  const root = object(body, '$');
  if (typeof root.isSigned !== 'boolean') throw new SchemaError('$.isSigned', 'true or false');
  return { isSigned: root.isSigned };
}

export function parseAgreementMetadataCollection(
  body: unknown,
  maxItems = MAX_LIST_ITEMS,
): AgreementMetadata[] {
  return items(object(body, '$'), maxItems).map((value, index) => {
    const path = `$.items[${index}]`;
    const item = object(value, path);
    const link = optionalString(item.agreementLink, `${path}.agreementLink`);
    const rank = item.versionRank;
    if (rank !== undefined && rank !== null && typeof rank !== 'number') {
      throw new SchemaError(`${path}.versionRank`, 'a number');
    }
    return {
      templateId: string(item.templateId, `${path}.templateId`),
      agreementType: string(item.agreementType, `${path}.agreementType`),
      agreementLink: link === undefined ? undefined : httpsUrl(link, `${path}.agreementLink`),
      versionRank: typeof rank === 'number' ? rank : undefined,
    };
  });
}

export interface PartnerCenterErrorBody {
  code?: string;
  description?: string;
}

/** Error bodies vary (429 sends {statusCode, message}); take what is there and never fail on it. */
export function parseErrorBody(body: unknown): PartnerCenterErrorBody {
  if (typeof body !== 'object' || body === null) return {};
  const root = body as Obj;
  const code = root.code ?? root.errorCode;
  const description = root.description ?? root.message;
  return {
    code: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
    description: typeof description === 'string' ? description.slice(0, 1024) : undefined,
  };
}
