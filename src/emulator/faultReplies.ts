import type { FaultRule } from './faults';
import { graphError } from './graphErrors';
import type { Route } from './partnerCenterRoutes';
import { error, throttled, type EmulatorAnswer } from './replies';
import { SEED_MALFORMED_AGREEMENTS } from './seedSample';

/** What an injected fault (faults.ts) answers in place of the operation, in the body shape of the API it hits. */

/** Throttling has its own body shape, {statusCode, message}; every other error is {code, description, data, source}. */
export function faultReply(status: number, fault: FaultRule): EmulatorAnswer {
  if (status === 429) return throttled(fault.retryAfter);
  const headers = fault.retryAfter ? { 'Retry-After': fault.retryAfter } : undefined;
  return { ...error(status, fault.code ?? String(status), fault.description ?? 'Injected fault.'), headers };
}

/** An injected fault, in Graph's error body (and Retry-After when the rule gives one). */
export function graphFault(
  status: number,
  code: string | undefined,
  description: string | undefined,
  retryAfter?: string,
) {
  const codes: Record<number, string> = {
    403: 'forbidden',
    404: 'notFound',
    429: 'TooManyRequests',
    503: 'serviceNotAvailable',
  };
  return graphError(
    status,
    code ?? codes[status] ?? (status >= 500 ? 'generalException' : 'badRequest'),
    description ?? 'Injected fault.',
    retryAfter ? { 'Retry-After': retryAfter } : undefined,
  );
}

/** The seed page's own sample for agreements; for the others, a body cut short. */
export function malformed(route: Pick<Route, 'operation' | 'answer'>): EmulatorAnswer {
  const raw =
    route.operation === 'agreements'
      ? SEED_MALFORMED_AGREEMENTS
      : JSON.stringify(route.answer().body).slice(0, -2);
  return { status: 200, body: undefined, raw };
}

/** The right answer, with a field of 2 MiB beside it. */
export function oversized(route: Pick<Route, 'answer'>): EmulatorAnswer {
  const answer = route.answer();
  const body = answer.body as Record<string, unknown>;
  return { ...answer, body: { ...body, padding: 'x'.repeat(2 * 2 ** 20) } };
}
