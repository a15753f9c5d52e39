import { z } from 'zod';
import { isGuid } from '../checks';
import { isoDate, listOf, MAX_LIST_ITEMS, optional } from '../http/read';
import { daysOfDuration } from './durations';

/**
 * The shapes Graph answers with for GDAP (resources/delegatedadminrelationship.md), as this bot reads them: the
 * fields it uses are checked, all others (@odata.*, accessDetails' other parts, …) are dropped unread.
 */

/** Graph has sent "" for a date not reached yet (activatedDateTime of a new relationship): read as absent. */
const dateOrNone = z.preprocess(
  (value) => (value === '' || value === null ? undefined : value),
  isoDate.optional(),
);

export const adminRelationshipSchema = z
  .object({
    id: z.string().min(1).max(200),
    displayName: z.string(),
    /** Kept as read: Graph may add statuses (its enums end with unknownFutureValue). */
    status: z.string(),
    customer: optional(
      z.object({
        tenantId: optional(z.string().refine(isGuid, 'expected a GUID')),
        displayName: optional(z.string()),
      }),
    ),
    duration: optional(z.string()),
    autoExtendDuration: optional(z.string()),
    accessDetails: optional(
      z.object({ unifiedRoles: listOf(z.object({ roleDefinitionId: z.string() }), 200) }),
    ),
    createdDateTime: dateOrNone,
    activatedDateTime: dateOrNone,
    endDateTime: dateOrNone,
    lastModifiedDateTime: dateOrNone,
  })
  .transform(({ duration, autoExtendDuration, accessDetails, customer, ...relationship }) => ({
    id: relationship.id,
    displayName: relationship.displayName,
    status: relationship.status,
    ...(customer ? { customer } : {}),
    durationDays: daysOfDuration(duration),
    autoExtendDays: daysOfDuration(autoExtendDuration),
    roleIds: (accessDetails?.unifiedRoles ?? []).map((role) => role.roleDefinitionId),
    createdDateTime: relationship.createdDateTime,
    activatedDateTime: relationship.activatedDateTime,
    endDateTime: relationship.endDateTime,
    lastModifiedDateTime: relationship.lastModifiedDateTime,
  }));

/** One page of a list: its items and, unless it is the last, the absolute link to the next one. */
export function relationshipPageOf(maxItems = MAX_LIST_ITEMS) {
  return z
    .object({
      value: listOf(adminRelationshipSchema, maxItems),
      '@odata.nextLink': optional(z.string().max(4096)),
    })
    .transform((page) => ({ items: page.value, nextLink: page['@odata.nextLink'] }));
}

/** lockForApproval answers with the request it made: only that there is one is checked. */
export const relationshipRequestSchema = z.object({ id: z.string(), action: optional(z.string()) });

/** Graph's error body; anything else (an HTML page from a proxy) reads as no code and no message, never a failure. */
const text = z.string().optional().catch(undefined);
export const graphErrorBodySchema = z
  .object({
    error: z.object({
      code: text,
      message: text,
      innerError: z.object({ 'request-id': text, 'client-request-id': text }).optional().catch(undefined),
    }),
  })
  .catch({ error: {} })
  .transform(({ error }) => ({
    code: error.code?.slice(0, 200),
    message: error.message?.trim().slice(0, 1024),
    requestId: error.innerError?.['request-id'],
  }));
