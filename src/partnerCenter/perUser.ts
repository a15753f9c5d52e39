import { createHash } from 'node:crypto';
import { InFlight } from '../cache';
import type { Call, PartnerCenterRequestContext, PartnerCenterTransport } from './transport';

/**
 * The cache and coalescing key of a user: who they are and which token they hold, hashed whole, so that an
 * entry's size does not depend on ids the client sends.
 */
export function userKey(context: PartnerCenterRequestContext): string {
  return createHash('sha256')
    .update(JSON.stringify([context.userKey, context.token]))
    .digest('base64url');
}

/** Identical GETs of one user under way at once are sent once; each call is retried as the policy allows. */
export class CoalescedGets {
  private readonly inFlight = new InFlight<unknown>();

  constructor(readonly transport: PartnerCenterTransport) {}

  get<T>(context: PartnerCenterRequestContext, call: Call<T>): Promise<T> {
    const key = `${userKey(context)} ${call.path}`;
    return this.inFlight.run(key, () => this.transport.get(context, call)) as Promise<T>;
  }
}
