import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The one way the bot signs what it hands out and later takes back (local tokens, the emulator's page tokens, local
 * CSV links): HMAC-SHA256, base64url. A caller that signs several kinds of thing with one secret prefixes the data
 * with its purpose, so that one kind cannot pass for another.
 */
export function sign(data: string, secret: string | Uint8Array): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

/** Whether `signature` is `data`'s, compared in constant time. */
export function verify(data: string, signature: string, secret: string | Uint8Array): boolean {
  const expected = Buffer.from(sign(data, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
