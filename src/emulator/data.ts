import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  agreementMetadataSchema,
  agreementSchema,
  listOf,
  read,
  relationshipRequestSchema,
} from '../partnerCenter/schemas';
import { isTenantId } from '../checks';
import defaultData from './defaultData.json';
import { adminRelationshipSchema } from '../graph/schemas';
import { faultRuleSchema, type FaultRule } from './faults';
import type { GraphRelationship } from './gdapSeed';

export class EmulatorDataError extends Error {
  override name = 'EmulatorDataError';
}

/**
 * A value `reader` reads, kept as written. Agreements are stored as Partner Center sends them and read with the
 * client's own schemas, so the emulator never serves what the client would refuse; a problem is named from the
 * value's own root ("customers[0].agreements: [1].dateAgreed: …", "faults[0]: operation: …").
 */
function readBy<T>(reader: z.ZodType) {
  return z.custom<T>().superRefine((value, ctx) => {
    const result = read(reader, value, '');
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.problem });
  });
}

const customerSchema = z.object({
  id: z.string().refine(isTenantId, 'expected a tenant id (GUID)'),
  companyName: z.string(),
  domain: z.string().optional(),
  agreements: readBy<Record<string, unknown>[]>(listOf(agreementSchema)),
  /** The customer accepted the MCA itself, in the Microsoft 365 admin center. */
  directSignedMca: z.boolean().optional(),
});

/** An indirect provider or reseller of the partner, as GET /v1/relationships lists it. */
const indirectPartnerSchema = z.object({
  id: z.string().refine(isTenantId, 'expected a tenant id (GUID)'),
  name: z.string(),
  mpnId: z.string(),
  location: z.string().optional(),
});

/** The emulator's world: one partner and its customers. */
const emulatorDataSchema = z.object(
  {
    partner: z.object({
      companyName: z.string(),
      relationshipRequestUrl: readBy<string>(relationshipRequestSchema.shape.url),
      /** The partner's own tenant and MPN ids, for the indirect links (see indirect.ts). */
      tenantId: z.string().refine(isTenantId, 'expected a tenant id (GUID)').optional(),
      mpnId: z.string().optional(),
    }),
    customers: z.array(customerSchema).superRefine((customers, ctx) => {
      const seen = new Set<string>();
      customers.forEach(({ id }, index) => {
        if (seen.has(id.toLowerCase()))
          ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `${id} appears twice` });
        seen.add(id.toLowerCase());
      });
    }),
    /** Served by GET /v1/agreements. */
    agreementMetadata: readBy<Record<string, unknown>[]>(listOf(agreementMetadataSchema)).optional(),
    /** Added before every answer. */
    latencyMs: z.number({ error: 'expected a number of milliseconds >= 0' }).min(0).optional(),
    /**
     * Microsoft Graph's GDAP relationships of the partner, as Graph sends them (read with the Graph client's own
     * schema). `adminAgent: false` makes the signed-in user one outside Admin Agents (see gdapRelationships.ts).
     */
    gdap: z
      .object({
        adminAgent: z.boolean().optional(),
        /**
         * The day the relationships' dates are written for (YYYY-MM-DD). Local mode moves them by the days since,
         * so "ends within 30 days" still holds in the demo weeks later; tests keep them as written.
         */
        asOf: z.iso.date().optional(),
        relationships: z.array(readBy<GraphRelationship>(adminRelationshipSchema)),
      })
      .optional(),
    /** The indirect providers and resellers the partner kinds draw on (see indirect.ts). */
    indirectProviders: z.array(indirectPartnerSchema).optional(),
    indirectResellers: z.array(indirectPartnerSchema).optional(),
    /** Faults to inject from the start (see faults.ts). */
    faults: z.array(readBy<FaultRule>(faultRuleSchema)).optional(),
  },
  { error: 'expected an object with partner and customers' },
);

export type EmulatorData = z.infer<typeof emulatorDataSchema>;
export type EmulatorCustomer = EmulatorData['customers'][number];
export type EmulatorIndirectPartner = z.infer<typeof indirectPartnerSchema>;

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

function validateEmulatorData(json: unknown, source: string): EmulatorData {
  const result = read(emulatorDataSchema, json, '');
  if (!result.ok) throw new EmulatorDataError(`PARTNER_CENTER_EMULATOR_DATA: ${source}: ${result.problem}`);
  return result.value;
}
