const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A customer's tenant id as Partner Center wants it: a bare GUID. */
export function isTenantId(text: string): boolean {
  return TENANT_ID.test(text);
}

/** Accepts the forms people paste (braces, upper case, spaces around) and returns the bare lower-case GUID. */
export function normalizeTenantId(text: string): string | undefined {
  const bare = text.trim().replace(/^\{(.*)\}$/, '$1');
  return isTenantId(bare) ? bare.toLowerCase() : undefined;
}
