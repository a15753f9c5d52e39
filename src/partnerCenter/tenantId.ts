import { isGuid } from '../checks';

/** A customer's tenant id as Partner Center wants it: a bare GUID. */
export function isTenantId(text: string): boolean {
  return isGuid(text);
}

/** Accepts the forms people paste (braces, upper case, spaces around) and returns the bare lower-case GUID. */
export function normalizeTenantId(text: string): string | undefined {
  const bare = text.trim().replace(/^\{(.*)\}$/, '$1');
  return isTenantId(bare) ? bare.toLowerCase() : undefined;
}
