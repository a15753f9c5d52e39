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

/** How much a value written over may grow while the memory store is full: a job record's change of state. */
const MAX_GROWTH_WHEN_FULL = 1024;

/**
 * One process only: jobs do not outlive it, and no other instance can take them over. It holds `maxBytes` of JSON
 * (UTF-8), 64 MiB by default, a few reports of tens of thousands of customers: a write that would take it past
 * that fails, so that no user can make the process grow without end. Only a value written over a little larger
 * than it was (a job's record saving how it ended) still goes through when it is full, so that its jobs can end:
 * that overshoots the bound by a few records, never more.
 */
export class MemoryJobStore implements JobStore {
  private readonly items = new Map<string, { json: string; eTag: string }>();
  private version = 0;
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 2 ** 20) {}

  async read(key: string): Promise<Versioned | undefined> {
    const item = this.items.get(key);
    return item && { value: JSON.parse(item.json) as unknown, eTag: item.eTag };
  }

  async write(key: string, value: unknown, condition: WriteCondition): Promise<string | undefined> {
    const current = this.items.get(key);
    if (condition === 'absent' && current) return undefined;
    if (typeof condition === 'object' && current?.eTag !== condition.eTag) return undefined;
    const json = JSON.stringify(value);
    const growth = Buffer.byteLength(json) - (current ? Buffer.byteLength(current.json) : 0);
    const bytes = this.bytes + growth;
    const stillEnding = current !== undefined && growth <= MAX_GROWTH_WHEN_FULL;
    if (bytes > this.maxBytes && !stillEnding)
      throw new Error(`the job store is full (${this.maxBytes} bytes in memory)`);
    const eTag = String(++this.version);
    this.items.set(key, { json, eTag });
    this.bytes = bytes;
    return eTag;
  }

  async delete(key: string, condition?: { eTag: string }): Promise<boolean> {
    const current = this.items.get(key);
    if (!current || (condition && current.eTag !== condition.eTag)) return false;
    this.bytes -= Buffer.byteLength(current.json);
    return this.items.delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.items.keys()].filter((key) => key.startsWith(prefix));
  }
}
