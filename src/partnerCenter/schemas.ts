import { z } from 'zod';
import { isTenantId } from './tenantId';

/**
 * The shapes Partner Center answers with, as this bot reads them: the fields it uses are checked, all others
 * (userId, attributes, …) are dropped unread. The types in types.ts are inferred from these schemas.
 */

/**
 * The longest list a response may hold. A customer has a few agreements and a search asks for 500 customers at
 * most; 100,000 agreements held the event loop for seconds, so a longer list is refused, never partly read.
 */
export const MAX_LIST_ITEMS = 1000;

/** Absent or null (Partner Center sends both) reads as absent. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => value ?? undefined, schema.optional());
}

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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const isoDate = z
  .string()
  .refine((text) => ISO_DATE.test(text) && !Number.isNaN(Date.parse(text)), 'expected an ISO 8601 date');

/** Counted before any item is read, so that an endless list costs no more than a short one. */
export function listOf<T extends z.ZodType>(item: T, maxItems = MAX_LIST_ITEMS) {
  return z
    .array(z.unknown())
    .superRefine((items, ctx) => {
      if (items.length <= maxItems) return;
      const message = `expected the end of the list (${maxItems} items at most)`;
      ctx.addIssue({ code: 'custom', path: [maxItems], message });
    })
    .pipe(z.array(item));
}

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

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * `value` read with `schema`, or its first problem in one short line, "path: expected …", the path written from
 * `root` ("$.items[0].dateAgreed"; with the root '', "[0].dateAgreed").
 */
export function read<T>(schema: z.ZodType<T>, value: unknown, root = '$'): Read<T> {
  const result = schema.safeParse(value, { error: expected });
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const path = pathText(issue?.path ?? [], root);
  const message = issue?.message ?? 'invalid';
  return { ok: false, problem: path ? `${path}: ${message}` : message };
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

/** The messages of the issues a schema does not word itself. */
const expected: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  if (issue.code === 'unrecognized_keys') return `unknown field ${issue.keys.join(', ')}`;
  return undefined;
};

function pathText(path: readonly PropertyKey[], root: string): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, root);
}
