import { readFileSync } from 'node:fs';
import path from 'node:path';

export const SEED_TENANT = '14876998-c0dc-46e6-9d0c-65a57a6c32ec';
export const MCLOUDA_ONLY_TENANT = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
export const BOTH_TYPES_TENANT = '2b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b';
export const NO_AGREEMENT_TENANT = '0d8f3e2a-1b4c-4d5e-8f6a-7b8c9d0e1f2a';
export const UNKNOWN_TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const TOKEN = 'test-token';

/**
 * The sample response body of the agreements page in shared/seeds (004_2f7b85236b039845.txt), copied as published:
 * it is not valid JSON (missing commas and a quote), which is exactly the case a client must survive.
 */
export function seedAgreementsSample(): string {
  return readFileSync(path.join(__dirname, '..', 'fixtures', 'seed-agreements-sample.txt'), 'utf8');
}
