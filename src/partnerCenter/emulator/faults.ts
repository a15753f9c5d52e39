/** What the emulator serves; faults name one, or '*' for all. */
export const EMULATOR_OPERATIONS = [
  'relationshipRequest',
  'customer',
  'customerSearch',
  'agreements',
  'directSignedStatus',
  'agreementMetadata',
] as const;
export type EmulatorOperation = (typeof EMULATOR_OPERATIONS)[number];

/**
 * A fault to inject, from the data file's `faults` or a test's `addFault`. The first rule that matches a request
 * (and has uses left) applies to it: it may add latency, then answer with an error status, never answer, or
 * answer 200 with a body that is not JSON.
 */
export interface FaultRule {
  operation?: EmulatorOperation | '*';
  /** Only requests about this customer. */
  customerId?: string;
  /** How many requests it applies to; then it is spent. Unlimited when absent. */
  times?: number;
  latencyMs?: number;
  /** Answer with this HTTP status and Partner Center's error body for it. */
  status?: number;
  /** The Partner Center error code in that body (default: the status). */
  code?: string;
  /** A Retry-After header value: seconds or an HTTP date. */
  retryAfter?: string;
  /** Never answer: the connection stays open until the client gives up or the emulator stops. */
  hang?: boolean;
  /** Answer 200 with an unreadable body. */
  malformed?: boolean;
}

export class FaultRules {
  private rules: Array<FaultRule & { left: number }> = [];

  constructor(initial: FaultRule[] = []) {
    initial.forEach((rule) => this.add(rule));
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule for this request, counting one use of it. */
  take(operation: EmulatorOperation, customerId: string | undefined): FaultRule | undefined {
    const rule = this.rules.find(
      (r) =>
        r.left > 0 &&
        (r.operation === undefined || r.operation === '*' || r.operation === operation) &&
        (r.customerId === undefined || r.customerId.toLowerCase() === customerId?.toLowerCase()),
    );
    if (rule) rule.left -= 1;
    return rule;
  }
}

/** Checks one rule from a data file; the message names what is wrong. */
export function faultRuleProblem(rule: unknown): string | undefined {
  if (typeof rule !== 'object' || rule === null) return 'expected an object';
  const r = rule as Record<string, unknown>;
  const known = [
    'operation',
    'customerId',
    'times',
    'latencyMs',
    'status',
    'code',
    'retryAfter',
    'hang',
    'malformed',
  ];
  const unknown = Object.keys(r).find((key) => !known.includes(key));
  if (unknown) return `unknown field ${unknown}`;
  if (
    r.operation !== undefined &&
    r.operation !== '*' &&
    !(EMULATOR_OPERATIONS as readonly unknown[]).includes(r.operation)
  ) {
    return `operation: expected * or one of ${EMULATOR_OPERATIONS.join(', ')}`;
  }
  for (const key of ['times', 'latencyMs']) {
    if (r[key] !== undefined && (typeof r[key] !== 'number' || (r[key] as number) < 0))
      return `${key}: expected a number >= 0`;
  }
  if (r.status !== undefined && (typeof r.status !== 'number' || r.status < 400 || r.status > 599)) {
    return 'status: expected an HTTP error status (400-599)';
  }
  for (const key of ['customerId', 'code', 'retryAfter']) {
    if (r[key] !== undefined && typeof r[key] !== 'string') return `${key}: expected a string`;
  }
  for (const key of ['hang', 'malformed']) {
    if (r[key] !== undefined && typeof r[key] !== 'boolean') return `${key}: expected true or false`;
  }
  return undefined;
}
