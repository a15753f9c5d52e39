import { GraphError, graphErrorKind, isRetryableCreate, isRetryableRead } from '../../src/graph/errors';

describe('Graph error kinds', () => {
  it.each([
    [401, {}, false, 'unauthorized'],
    [
      401,
      { wwwAuthenticate: 'Bearer realm="", error="insufficient_claims", claims="e30="' },
      false,
      'mfaRequired',
    ],
    [401, { message: 'AADSTS50076: you must use multi-factor authentication' }, false, 'mfaRequired'],
    [403, { code: 'forbidden' }, true, 'notAdminAgent'],
    [
      400,
      { code: 'badRequest', message: 'The duration must be between P1D and P2Y.' },
      true,
      'invalidRequest',
    ],
    [
      400,
      { code: 'badRequest', message: "A relationship with the displayName 'x' already exists." },
      true,
      'duplicateName',
    ],
    [409, { code: 'conflict' }, true, 'duplicateName'],
    [409, { code: 'conflict' }, false, 'rejected'],
    [400, { message: "A relationship with the displayName 'x' already exists." }, false, 'invalidRequest'],
    [404, {}, false, 'notFound'],
    [429, {}, false, 'throttled'],
    [500, {}, false, 'unavailable'],
    [503, {}, true, 'unavailable'],
    [412, {}, false, 'rejected'],
  ] as const)('%d %j (a create: %s) is %s', (status, answer, setsName, kind) => {
    expect(graphErrorKind(status, answer, setsName)).toBe(kind);
  });

  const error = (kind: GraphError['kind'], extra: { status?: number; retryAfterSeconds?: number } = {}) =>
    new GraphError({ kind, operation: 'x', correlationId: 'c', ...extra });

  it('retries a create only when Graph says it did not act', () => {
    expect(isRetryableCreate(error('throttled', { status: 429 }))).toBe(true);
    expect(isRetryableCreate(error('unavailable', { status: 503, retryAfterSeconds: 2 }))).toBe(true);
    expect(isRetryableCreate(error('unavailable', { status: 503 }))).toBe(false);
    expect(isRetryableCreate(error('unavailable', { status: 500, retryAfterSeconds: 2 }))).toBe(false);
    expect(isRetryableCreate(error('timeout'))).toBe(false);
    expect(isRetryableCreate(error('network'))).toBe(false);
  });

  it('retries a read after no answer, a server fault or throttling, never after a refusal', () => {
    for (const kind of ['timeout', 'network', 'unavailable', 'throttled'] as const)
      expect(isRetryableRead(error(kind))).toBe(true);
    for (const kind of ['unauthorized', 'notAdminAgent', 'invalidRequest', 'notFound', 'unreadable'] as const)
      expect(isRetryableRead(error(kind))).toBe(false);
  });
});
