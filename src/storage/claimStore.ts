import { createHash } from 'node:crypto';
import { ttlCache, type BoundedCache } from '../cache';

/**
 * First come, first served: `claim` is true for the one caller that created the key, false for every other.
 * Used to process each Teams token exchange once when several Teams clients, or several bot instances,
 * receive the same one.
 */
export interface ClaimStore {
  claim(key: string): Promise<boolean>;
}

/** One process only: enough for a single instance. Claims are forgotten after `ttlMs`. */
export class MemoryClaimStore implements ClaimStore {
  private readonly claims: BoundedCache<true>;

  constructor(ttlMs = 5 * 60_000, maxEntries = 10_000) {
    this.claims = ttlCache<true>(ttlMs, maxEntries);
  }

  async claim(key: string): Promise<boolean> {
    if (this.claims.get(key)) return false;
    this.claims.set(key, true);
    return true;
  }
}

/** A key made of `parts`, hashed: ids a client sends cannot make a long key. */
export function claimKey(...parts: (string | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
