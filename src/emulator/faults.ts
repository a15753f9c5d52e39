import { z } from 'zod';

/** What the emulator serves; faults name one, or '*' for all. */
const EMULATOR_OPERATIONS = [
  'relationshipRequest',
  'customer',
  'customerSearch',
  /** GET /v1/customers without a filter: the customer list, a page at a time. */
  'customerList',
  'agreements',
  'directSignedStatus',
  'agreementMetadata',
  /** Graph: POST, POST …/{id}/requests (lockForApproval), and GET of delegatedAdminRelationships. */
  'gdapCreate',
  'gdapLock',
  'gdapList',
  /** GET /v1/relationships: the partner's indirect providers or resellers. */
  'relationships',
] as const;
export type EmulatorOperation = (typeof EMULATOR_OPERATIONS)[number];

const count = z.number({ error: 'expected a number >= 0' }).min(0);

/**
 * A fault to inject, from the data file's `faults` or a test's `addFault`. The first rule that matches a request
 * (and has uses left) applies to it: it may add latency, then answer with an error status, never answer, or
 * answer 200 with a body that is not JSON. Strict: a misspelt field would otherwise be a fault that never fires.
 */
export const faultRuleSchema = z.strictObject({
  operation: z
    .enum(['*', ...EMULATOR_OPERATIONS], { error: `expected * or one of ${EMULATOR_OPERATIONS.join(', ')}` })
    .optional(),
  /** Only requests about this customer. */
  customerId: z.string().optional(),
  /** How many requests it applies to; then it is spent. Unlimited when absent. */
  times: count.optional(),
  latencyMs: count.optional(),
  /** Answer with this HTTP status and the API's error body for it (Partner Center's, or Graph's for gdap*). */
  status: z.number({ error: 'expected an HTTP error status (400-599)' }).min(400).max(599).optional(),
  /** The Partner Center error code in that body (default: the status), and its description. */
  code: z.string().optional(),
  description: z.string().optional(),
  /** A Retry-After header value: seconds or an HTTP date. */
  retryAfter: z.string().optional(),
  /** Never answer: the connection stays open until the client gives up or the emulator stops. */
  hang: z.boolean().optional(),
  /** Answer 200 with an unreadable body. */
  malformed: z.boolean().optional(),
  /** Answer 200 with the right body padded past 2 MiB, more than a client should read. */
  oversized: z.boolean().optional(),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;

type LiveRule = FaultRule & { left: number; order: number };

/**
 * The rules in force. Those scoped to a customer are indexed by its id: a generated population brings thousands
 * of them, and every request would otherwise scan them all. The first match in the order added still wins.
 */
export class FaultRules {
  private general: LiveRule[] = [];
  private byCustomer = new Map<string, LiveRule[]>();
  private added = 0;

  constructor(private readonly initial: FaultRule[] = []) {
    initial.forEach((rule) => this.add(rule));
  }

  add(rule: FaultRule): void {
    const live = { ...rule, left: rule.times ?? Number.POSITIVE_INFINITY, order: this.added++ };
    if (rule.customerId === undefined) return void this.general.push(live);
    const key = rule.customerId.toLowerCase();
    const rules = this.byCustomer.get(key);
    if (rules) rules.push(live);
    else this.byCustomer.set(key, [live]);
  }

  /** Back to the data file's own faults: the ones added since are gone, spent ones are whole again. */
  clear(): void {
    this.general = [];
    this.byCustomer = new Map();
    this.added = 0;
    this.initial.forEach((rule) => this.add(rule));
  }

  /** The rule for this request, counting one use of it. */
  take(operation: EmulatorOperation, customerId: string | undefined): FaultRule | undefined {
    const matches = (r: LiveRule) =>
      r.left > 0 && (r.operation === undefined || r.operation === '*' || r.operation === operation);
    const general = this.general.find(matches);
    const own =
      customerId === undefined ? undefined : this.byCustomer.get(customerId.toLowerCase())?.find(matches);
    const rule = general && own ? (general.order < own.order ? general : own) : (general ?? own);
    if (rule) rule.left -= 1;
    return rule;
  }
}
