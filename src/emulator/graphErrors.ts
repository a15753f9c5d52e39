import type { EmulatorAnswer } from './replies';

/** Graph's error body. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): EmulatorAnswer {
  return {
    status,
    body: { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19) } } },
    headers,
  };
}

export const badRequest = (message: string) => graphError(400, 'badRequest', message);
