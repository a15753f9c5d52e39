import { within } from '../deadline';

/** A key-value store of conversation state, as botbuilder's Storage and BlobsStorage are. */
export interface KeyValueStore<Items> {
  read(keys: string[]): Promise<Items>;
  write(changes: Items): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/**
 * The store's operations, each failing after `timeoutMs` whatever the store does: BlobsStorage takes no abort
 * signal, so a hanging storage account would otherwise hold the turn (and the user) indefinitely.
 */
export function withDeadline<Items>(inner: KeyValueStore<Items>, timeoutMs: number): KeyValueStore<Items> {
  const bounded = <T>(operation: string, work: Promise<T>): Promise<T> =>
    within(work, timeoutMs, () => {
      throw new Error(`storage ${operation} did not answer within ${timeoutMs} ms`);
    });
  return {
    read: (keys) => bounded('read', inner.read(keys)),
    write: (changes) => bounded('write', inner.write(changes)),
    delete: (keys) => bounded('delete', inner.delete(keys)),
  };
}

/** Both stores report a stale write this way (botbuilder's MemoryStorage, BlobsStorage). */
export function isETagConflict(error: unknown): boolean {
  return error instanceof Error && /eTag conflict/i.test(error.message);
}
