import { z } from 'zod';
import { sign, verify } from '../signing';

/**
 * The customer list's MS-ContinuationToken: where the next page starts, signed with the emulator's token secret.
 * Stateless on purpose: a bot instance that restarts (or another instance) resumes a report from a stored token,
 * and an emulator restarted with the same data still honours it. The id of the next customer rides along, so a
 * token from another customer list is refused instead of silently skipping or repeating customers.
 */
const positionSchema = z.strictObject({ offset: z.int().min(0), nextId: z.string().max(64) });
export type PagePosition = z.infer<typeof positionSchema>;

/** Kept apart from the local JWTs signed with the same secret: neither can pass for the other. */
const PURPOSE = 'emulator-customer-page:';

export function encodePageToken(position: PagePosition, secret: string): string {
  const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${payload}.${sign(PURPOSE + payload, secret)}`;
}

/** The position a token holds, or undefined when it is not one of ours, unchanged. */
export function decodePageToken(token: string, secret: string): PagePosition | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || token.length > 512) return undefined;
  if (!verify(PURPOSE + payload, signature, secret)) return undefined;
  try {
    const parsed = positionSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
