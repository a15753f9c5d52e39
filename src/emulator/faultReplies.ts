import { graphError } from './graphErrors';

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
