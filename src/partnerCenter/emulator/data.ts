import { readFileSync } from 'node:fs';
import { parseAgreementCollection, parseRelationshipRequest, SchemaError } from '../schemas';
import { isTenantId } from '../tenantId';
import defaultData from './defaultData.json';

/** The emulator's world: one partner and its customers. Agreements are stored as Partner Center sends them. */
export interface EmulatorData {
  partner: { companyName: string; relationshipRequestUrl: string };
  customers: EmulatorCustomer[];
}

export interface EmulatorCustomer {
  id: string;
  companyName: string;
  domain?: string;
  agreements: Record<string, unknown>[];
}

export class EmulatorDataError extends Error {
  override name = 'EmulatorDataError';
}

/** The shipped data, or the JSON file named by PARTNER_CENTER_EMULATOR_DATA, checked before anything is served. */
export function loadEmulatorData(file?: string): EmulatorData {
  if (!file) return validateEmulatorData(defaultData, 'the built-in data');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EmulatorDataError(
      `PARTNER_CENTER_EMULATOR_DATA: cannot read ${file} as JSON (${(error as Error).message})`,
    );
  }
  return validateEmulatorData(json, file);
}

export function validateEmulatorData(json: unknown, source: string): EmulatorData {
  const fail = (what: string): never => {
    throw new EmulatorDataError(`PARTNER_CENTER_EMULATOR_DATA: ${source}: ${what}`);
  };
  const root = json as Partial<EmulatorData> | null;
  if (typeof root !== 'object' || root === null) return fail('expected an object with partner and customers');
  const partner = root.partner;
  if (typeof partner?.companyName !== 'string') fail('partner.companyName: expected a string');
  try {
    parseRelationshipRequest({ url: partner?.relationshipRequestUrl });
  } catch {
    fail('partner.relationshipRequestUrl: expected an https URL');
  }
  if (!Array.isArray(root.customers)) return fail('customers: expected an array');
  const seen = new Set<string>();
  root.customers.forEach((customer, index) => {
    const at = `customers[${index}]`;
    if (typeof customer?.id !== 'string' || !isTenantId(customer.id))
      fail(`${at}.id: expected a tenant id (GUID)`);
    if (seen.has(customer.id.toLowerCase())) fail(`${at}.id: ${customer.id} appears twice`);
    seen.add(customer.id.toLowerCase());
    if (typeof customer.companyName !== 'string') fail(`${at}.companyName: expected a string`);
    if (customer.domain !== undefined && typeof customer.domain !== 'string')
      fail(`${at}.domain: expected a string`);
    try {
      // The same parser the client uses: the emulator never serves what the client would refuse.
      parseAgreementCollection({ items: customer.agreements });
    } catch (error) {
      fail(
        `${at}.agreements: ${error instanceof SchemaError ? error.message.replace('$.items', '') : 'invalid'}`,
      );
    }
  });
  return root as EmulatorData;
}
