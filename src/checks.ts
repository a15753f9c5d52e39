/** Checks used at more than one edge (configuration, recognizer, packaging, cards): one definition each. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A bare GUID, as Entra tenant ids, app ids and Teams app ids are written. */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/** The URL the text is, or undefined: for text from a user, a setting or Partner Center. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** https anywhere, or plain http to this machine only (local mode, the emulator). */
export function isHttpsOrLocalhost(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

/** Untrusted text cut to `max` characters (an ellipsis says so), so a pasted novel cannot fill a card. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A customer's tenant id as Partner Center wants it: a bare GUID. */
export function isTenantId(text: string): boolean {
  return isGuid(text);
}

/** Accepts the forms people paste (braces, upper case, spaces around) and returns the bare lower-case GUID. */
export function normalizeTenantId(text: string): string | undefined {
  const bare = text.trim().replace(/^\{(.*)\}$/, '$1');
  return isTenantId(bare) ? bare.toLowerCase() : undefined;
}
