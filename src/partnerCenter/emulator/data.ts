import { readFileSync } from 'node:fs';
import {
  parseAgreementCollection,
  parseAgreementMetadataCollection,
  parseRelationshipRequest,
  SchemaError,
} from '../schemas';
import { isTenantId } from '../tenantId';
import defaultData from './defaultData.json';
import { faultRuleProblem, type FaultRule } from './faults';

/** The emulator's world: one partner and its customers. Agreements are stored as Partner Center sends them. */
export interface EmulatorData {
  partner: { companyName: string; relationshipRequestUrl: string };
  customers: EmulatorCustomer[];
  /** Served by GET /v1/agreements. */
  agreementMetadata?: Record<string, unknown>[];
  /** Added before every answer. */
  latencyMs?: number;
  /** Faults to inject from the start (see faults.ts). */
  faults?: FaultRule[];
}

export interface EmulatorCustomer {
  id: string;
  companyName: string;
  domain?: string;
  agreements: Record<string, unknown>[];
  /** The customer accepted the MCA itself, in the Microsoft 365 admin center. */
  directSignedMca?: boolean;
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
  const schemaProblem = (at: string, parse: () => unknown): void => {
    try {
      // The same parsers the client uses: the emulator never serves what the client would refuse.
      parse();
    } catch (error) {
      fail(`${at}: ${error instanceof SchemaError ? error.message.replace('$.items', '') : 'invalid'}`);
    }
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
    if (customer.directSignedMca !== undefined && typeof customer.directSignedMca !== 'boolean') {
      fail(`${at}.directSignedMca: expected true or false`);
    }
    schemaProblem(`${at}.agreements`, () => parseAgreementCollection({ items: customer.agreements }));
  });
  if (root.agreementMetadata !== undefined) {
    schemaProblem('agreementMetadata', () =>
      parseAgreementMetadataCollection({ items: root.agreementMetadata }),
    );
  }
  if (root.latencyMs !== undefined && (typeof root.latencyMs !== 'number' || root.latencyMs < 0)) {
    fail('latencyMs: expected a number of milliseconds >= 0');
  }
  if (root.faults !== undefined && !Array.isArray(root.faults)) fail('faults: expected an array');
  (root.faults ?? []).forEach((rule, index) => {
    const problem = faultRuleProblem(rule);
    if (problem) fail(`faults[${index}]: ${problem}`);
  });
  return root as EmulatorData;
}
