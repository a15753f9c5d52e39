import { z } from 'zod';
import { isoDate, listOf, MAX_LIST_ITEMS, optional } from '../http/read';
import { isTenantId } from '../checks';

/**
 * The shapes Partner Center answers with, as this bot reads them: the fields it uses are checked, all others
 * (userId, attributes, …) are dropped unread. The types in types.ts are inferred from these schemas.
 */

// A customer has a few agreements and a search asks for 500 customers at most: the shared cap of 1,000 fits.
export { listOf, MAX_LIST_ITEMS, read } from '../http/read';

const httpsUrl = z.string().transform((text, ctx) => {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol === 'https:') return url.href;
  ctx.issues.push({
    code: 'custom',
    input: text,
    message: `expected ${url ? 'an https' : 'an absolute'} URL`,
  });
  return z.NEVER;
});

/** `{ totalCount, items }`; a missing totalCount is the number of items. */
export function collectionOf<T extends z.ZodType>(item: T, maxItems = MAX_LIST_ITEMS) {
  return z
    .object({
      totalCount: optional(z.int({ error: 'expected a whole number' }).min(0)),
      items: listOf(item, maxItems),
    })
    .transform(({ totalCount, items }) => ({ totalCount: totalCount ?? items.length, items }));
}

export const relationshipRequestSchema = z.object({ url: httpsUrl });

/**
 * A partner this one is in an indirect relationship with: its indirect provider (IsIndirectResellerOf) or its
 * indirect reseller (IsIndirectCloudSolutionProviderOf). The id is the other partner's tenant id and goes into a
 * query later (indirectCloudSolutionProviderId, indirectResellerId): anything but a GUID makes the answer unreadable.
 */
export const partnerRelationshipSchema = z.object({
  id: z
    .string()
    .refine(isTenantId, 'expected a tenant id (GUID)')
    .transform((id) => id.toLowerCase()),
  name: z.string(),
  mpnId: optional(z.string()),
  location: optional(z.string()),
  relationshipType: optional(z.string()),
  state: optional(z.string()),
});

const contactSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  email: optional(z.string()),
  phoneNumber: optional(z.string()),
});

export const agreementSchema = z.object({
  /** Kept as a string, whatever its value: Microsoft may add agreement types at any time. */
  type: z.string(),
  /** ISO 8601, UTC (Partner Center omits the zone designator). */
  dateAgreed: isoDate,
  templateId: z.string(),
  agreementLink: optional(httpsUrl),
  primaryContact: contactSchema,
});

/** Partner Center nests the name and domain in the company profile; the bot wants them flat. */
export const customerSchema = z
  .object({
    id: z.string(),
    companyProfile: z.object({ companyName: z.string(), domain: optional(z.string()) }),
  })
  .transform(({ id, companyProfile }) => ({ id, ...companyProfile }));

export const directSignedStatusSchema = z.object({ isSigned: z.boolean() });

export const agreementMetadataSchema = z.object({
  templateId: z.string(),
  /** Named agreementType here, where an agreement says type. */
  agreementType: z.string(),
  agreementLink: optional(httpsUrl),
  versionRank: optional(z.number()),
});

/**
 * One page of the customer list: its customers and, unless it is the last, where the next page is. Partner Center
 * gives the next page as a path plus the MS-ContinuationToken header to send with it (links.next.headers).
 */
export function customerPageOf(maxItems = MAX_LIST_ITEMS) {
  const header = z.object({ key: z.string(), value: z.string() });
  const link = z.object({ uri: z.string().max(2048), headers: optional(z.array(header).max(16)) });
  return z
    .object({
      items: listOf(customerSchema, maxItems),
      links: optional(z.object({ next: optional(link) })),
      continuationToken: optional(z.string()),
    })
    .transform(({ items, links, continuationToken }) => {
      const next = links?.next;
      if (!next) return { items };
      const token =
        next.headers?.find((h) => h.key.toLowerCase() === 'ms-continuationtoken')?.value ?? continuationToken;
      return {
        items,
        next: token === undefined ? { uri: next.uri } : { uri: next.uri, continuationToken: token },
      };
    });
}

export const agreementCollectionSchema = collectionOf(agreementSchema);
export const customerCollectionSchema = collectionOf(customerSchema);

/** The metadata call's items only: its totalCount says nothing the list does not. */
export function agreementMetadataListOf(maxItems = MAX_LIST_ITEMS) {
  return z.object({ items: listOf(agreementMetadataSchema, maxItems) }).transform(({ items }) => items);
}

/** Error bodies vary (429 sends {statusCode, message}); take what is there and never fail on it. */
const errorText = z.union([z.string(), z.number()]).transform(String).optional().catch(undefined);
const errorMessage = z.string().optional().catch(undefined);
export const errorBodySchema = z
  .object({ code: errorText, errorCode: errorText, description: errorMessage, message: errorMessage })
  .catch({})
  .transform((body) => ({
    code: body.code ?? body.errorCode,
    description: (body.description ?? body.message)?.slice(0, 1024),
  }));
