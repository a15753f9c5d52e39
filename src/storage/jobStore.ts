/** A value as stored, with the version a conditional write must name. */
export interface Versioned {
  value: unknown;
  eTag: string;
}

/**
 * Write only over this version, only where nothing is yet, whatever is there, or under a lease the writer holds
 * (refused once another holds it, or it was broken).
 */
export type WriteCondition = { eTag: string } | 'absent' | 'any' | { leaseId: string };

/** What asking for a lease found: it is the caller's now, another's, or there is nothing under the key to lease. */
export type LeaseOutcome = 'acquired' | 'held' | 'absent';

/**
 * Where long jobs keep their state: JSON values under keys, with compare-and-swap writes and leases, so that when
 * several instances share the store the store itself decides which one works on a job, and refuses the writes of
 * one that lost it. Blob storage when configured (every instance sees the same), else this process's memory.
 */
export interface JobStore {
  read(key: string): Promise<Versioned | undefined>;
  /** The new version, or undefined when the condition did not hold (another writer was first, or holds the lease). */
  write(key: string, value: unknown, condition: WriteCondition): Promise<string | undefined>;
  /** Deletes the value; with `eTag`, only that version. False when nothing was deleted (gone, changed, or leased). */
  delete(key: string, condition?: { eTag: string }): Promise<boolean>;
  /** The keys that start with `prefix`. */
  list(prefix: string): Promise<string[]>;
  /** A lease of `ms` on an existing value, named `leaseId`; asking again for one's own lease keeps it. */
  acquireLease(key: string, leaseId: string, ms: number): Promise<LeaseOutcome>;
  /** Extends the lease for as long again; false when it is no longer the caller's (broken, or taken since it ran out). */
  renewLease(key: string, leaseId: string): Promise<boolean>;
  /** Gives the lease up, if it is still the caller's. */
  releaseLease(key: string, leaseId: string): Promise<void>;
  /** Ends whatever lease the value has, at once: its holder's writes and renewals are refused from now on. */
  breakLease(key: string): Promise<void>;
}
