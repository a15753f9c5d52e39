import type { IncomingMessage } from 'node:http';
import { graphError } from './graphErrors';
import type { EmulatorAnswer } from './replies';

/** A GDAP create is well under 4 KiB. */
const MAX_GRAPH_BODY_BYTES = 64 * 1024;

/** A Graph request's body: 64 KiB at most, JSON when there is one (Graph answers 400 to a body it cannot read). */
export async function readJsonBody(
  request: IncomingMessage,
): Promise<{ ok: true; value: unknown } | { ok: false; reply: EmulatorAnswer }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_GRAPH_BODY_BYTES) {
      request.resume();
      return { ok: false, reply: graphError(413, 'RequestEntityTooLarge', 'The request body is too large.') };
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reply: graphError(400, 'BadRequest', 'Unable to read JSON request payload.') };
  }
}
