import { INVISIBLE, trimEndOf } from './normalize';
import { normalizeTenantId } from '../checks';

/** Which customer the user means, as they said it. A malformed tenant id is kept to show back what was typed. */
export type CustomerReference =
  | { kind: 'tenantId'; tenantId: string }
  | { kind: 'domain'; domain: string }
  | { kind: 'name'; name: string }
  | { kind: 'missing' }
  | { kind: 'invalid'; text: string };

const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
/**
 * Hex digits and dashes only, with a digit, and long enough or all digits ("1234"): meant as an id, a tenant id
 * with a typo, not a name.
 */
const ID_LIKE = /^\{?(?:[0-9a-f-]{8,}|[0-9]+)\}?$/i;
const POLITE_END = /\s+(please|pls|thanks|thank you|stp|svp|s'il te pla[iî]t|s'il vous pla[iî]t|merci)$/i;
const MAX_LENGTH = 256;
/** Room for quotes, polite words and white space around the longest reference. */
const MAX_INPUT_LENGTH = 1000;

/** "14876998-c0dc-…", "{…}", "contoso.onmicrosoft.com", "Contoso Ltd", "\"Contoso Ltd\"" → what they are. */
export function customerReference(text: string): CustomerReference {
  // Far longer than any name, domain or id: not read further, whichever path it came by.
  if (text.length > MAX_INPUT_LENGTH) return { kind: 'invalid', text: text.slice(0, MAX_LENGTH) };
  const candidate = trimEndOf(
    text
      .replace(INVISIBLE, '')
      // A name is one line: pasted line breaks and tabs are spaces.
      .replace(/\s+/g, ' ')
      .trim()
      .replace(POLITE_END, '')
      .replace(
        /^(?:the customer|customer|the company|company|client|le client|la soci[eé]t[eé]|l'entreprise)\s+/i,
        '',
      )
      .replace(/^["'“”«»\s]+/, ''),
    `"'“”«»?!.,;: `,
  );
  if (!candidate) return { kind: 'missing' };
  if (candidate.length > MAX_LENGTH) return { kind: 'invalid', text: candidate };
  const tenantId = normalizeTenantId(candidate);
  if (tenantId) return { kind: 'tenantId', tenantId };
  if (ID_LIKE.test(candidate) && /\d/.test(candidate)) return { kind: 'invalid', text: candidate };
  if (DOMAIN.test(candidate)) return { kind: 'domain', domain: candidate.toLowerCase() };
  return { kind: 'name', name: candidate };
}
