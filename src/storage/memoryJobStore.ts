import type { JobStore, LeaseOutcome, Versioned, WriteCondition } from './jobStore';

/** How much a value written over may grow while the memory store is full: a job record's change of state. */
const MAX_GROWTH_WHEN_FULL = 1024;

interface Lease {
  id: string;
  ms: number;
  until: number;
  broken: boolean;
}

interface Item {
  json: string;
  eTag: string;
  lease?: Lease;
}

/** A lease that still keeps others out: not broken, not run out. */
const active = (lease: Lease | undefined, now: number): lease is Lease =>
  !!lease && !lease.broken && lease.until > now;

/**
 * One process only: jobs do not outlive it, and no other instance can take them over. It holds `maxBytes` of JSON
 * (UTF-8), 64 MiB by default, a few reports of tens of thousands of customers: a write that would take it past
 * that fails, so that no user can make the process grow without end. Only a value written over a little larger
 * than it was (a job's record saving how it ended) still goes through when it is full, so that its jobs can end:
 * that overshoots the bound by a few records, never more.
 *
 * Its leases behave as Blob storage's do (as Azurite answers them), on `now`, so that a test may speed time up.
 */
export class MemoryJobStore implements JobStore {
  private readonly items = new Map<string, Item>();
  private version = 0;
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: { maxBytes?: number; now?: () => number } = {}) {
    this.maxBytes = options.maxBytes ?? 64 * 2 ** 20;
    this.now = options.now ?? Date.now;
  }

  async read(key: string): Promise<Versioned | undefined> {
    const item = this.items.get(key);
    return item && { value: JSON.parse(item.json) as unknown, eTag: item.eTag };
  }

  async write(key: string, value: unknown, condition: WriteCondition): Promise<string | undefined> {
    const current = this.items.get(key);
    if (condition === 'absent' && current) return undefined;
    if (typeof condition === 'object' && 'eTag' in condition && current?.eTag !== condition.eTag)
      return undefined;
    if (!this.mayWrite(current, condition)) return undefined;
    const json = JSON.stringify(value);
    const growth = Buffer.byteLength(json) - (current ? Buffer.byteLength(current.json) : 0);
    const bytes = this.bytes + growth;
    const stillEnding = current !== undefined && growth <= MAX_GROWTH_WHEN_FULL;
    if (bytes > this.maxBytes && !stillEnding)
      throw new Error(`the job store is full (${this.maxBytes} bytes in memory)`);
    const eTag = String(++this.version);
    this.items.set(key, { json, eTag, lease: current?.lease });
    this.bytes = bytes;
    return eTag;
  }

  async delete(key: string, condition?: { eTag: string }): Promise<boolean> {
    const current = this.items.get(key);
    if (!current || (condition && current.eTag !== condition.eTag)) return false;
    if (active(current.lease, this.now())) return false;
    this.bytes -= Buffer.byteLength(current.json);
    return this.items.delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.items.keys()].filter((key) => key.startsWith(prefix));
  }

  async acquireLease(key: string, leaseId: string, ms: number): Promise<LeaseOutcome> {
    const item = this.items.get(key);
    if (!item) return 'absent';
    const now = this.now();
    if (active(item.lease, now) && item.lease.id !== leaseId) return 'held';
    item.lease = { id: leaseId, ms, until: now + ms, broken: false };
    return 'acquired';
  }

  async renewLease(key: string, leaseId: string): Promise<boolean> {
    const lease = this.items.get(key)?.lease;
    // One that ran out is still its holder's to renew while nobody took it.
    if (!lease || lease.broken || lease.id !== leaseId) return false;
    lease.until = this.now() + lease.ms;
    return true;
  }

  async releaseLease(key: string, leaseId: string): Promise<void> {
    const item = this.items.get(key);
    if (item?.lease?.id === leaseId) item.lease = undefined;
  }

  async breakLease(key: string): Promise<void> {
    const lease = this.items.get(key)?.lease;
    if (active(lease, this.now())) lease.broken = true;
  }

  /** Blob storage's rule: a leased value is written with its lease only; a lease named must be held. */
  private mayWrite(current: Item | undefined, condition: WriteCondition): boolean {
    const holds = active(current?.lease, this.now());
    if (typeof condition === 'object' && 'leaseId' in condition)
      return holds && current!.lease!.id === condition.leaseId;
    return !holds;
  }
}
