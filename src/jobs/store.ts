/** A value as stored, with the version a conditional write must name. */
export interface Versioned {
  value: unknown;
  eTag: string;
}

/** Write only over this version, only where nothing is yet, or whatever is there. */
export type WriteCondition = { eTag: string } | 'absent' | 'any';

/**
 * Where long jobs keep their state: JSON values under keys, with compare-and-swap writes, so that when several
 * instances share the store exactly one of them wins a job's lease. Blob storage when configured (every instance
 * sees the same), else this process's memory.
 */
export interface JobStore {
  read(key: string): Promise<Versioned | undefined>;
  /** The new version, or undefined when the condition did not hold (another writer was first). */
  write(key: string, value: unknown, condition: WriteCondition): Promise<string | undefined>;
  /** Deletes the value; with `eTag`, only that version. False when nothing was deleted (gone, or changed). */
  delete(key: string, condition?: { eTag: string }): Promise<boolean>;
  /** The keys that start with `prefix`. */
  list(prefix: string): Promise<string[]>;
}

/** One process only: jobs do not outlive it, and no other instance can take them over. */
export class MemoryJobStore implements JobStore {
  private readonly items = new Map<string, { json: string; eTag: string }>();
  private version = 0;

  async read(key: string): Promise<Versioned | undefined> {
    const item = this.items.get(key);
    return item && { value: JSON.parse(item.json) as unknown, eTag: item.eTag };
  }

  async write(key: string, value: unknown, condition: WriteCondition): Promise<string | undefined> {
    const current = this.items.get(key);
    if (condition === 'absent' && current) return undefined;
    if (typeof condition === 'object' && current?.eTag !== condition.eTag) return undefined;
    const eTag = String(++this.version);
    this.items.set(key, { json: JSON.stringify(value), eTag });
    return eTag;
  }

  async delete(key: string, condition?: { eTag: string }): Promise<boolean> {
    if (condition && this.items.get(key)?.eTag !== condition.eTag) return false;
    return this.items.delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.items.keys()].filter((key) => key.startsWith(prefix));
  }
}
