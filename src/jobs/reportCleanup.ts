import type { JobStore } from '../storage/jobStore';
import { PAGES_PREFIX, pagesPrefix, reportJobSchema, REPORT_PREFIX, type ReportJob } from './reportRecord';
import { hasEnded } from './reportStatus';

/**
 * Every job in the store, looked at once: a running one no run of this instance works on is offered to be taken
 * over (its run takes it only if the store grants it the lease); an ended one past its retention is deleted with
 * its pages; pages whose job is gone are deleted (a run that created one as its job was cancelled or replaced, on
 * another instance).
 */
export async function scanJobs(
  store: JobStore,
  jobs: { running(key: string): boolean; takeOver(key: string): void; expired(job: ReportJob): boolean },
): Promise<void> {
  // Pages listed before the jobs: a job's record is written before its first page, so a page listed here of a
  // job that is not listed after is an orphan, never a page of a job just started.
  const pages = await store.list(PAGES_PREFIX);
  const jobIds = new Set<string>();
  for (const key of await store.list(REPORT_PREFIX)) {
    const stored = await store.read(key);
    // A record this version cannot read may be another version's, at work: its pages are kept.
    const id = (stored?.value as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') jobIds.add(id);
    const job = stored && reportJobSchema.safeParse(stored.value).data;
    if (!job || jobs.running(key)) continue;
    if (job.status === 'running') jobs.takeOver(key);
    else if (hasEnded(job.status) && jobs.expired(job)) {
      // Only the version read: a report the user started meanwhile is kept.
      if (await store.delete(key, { eTag: stored.eTag })) await deletePages(store, job);
    }
  }
  for (const key of pages) {
    if (!jobIds.has(key.slice(PAGES_PREFIX.length).split('/')[0]!)) await deleteKey(store, key);
  }
}

export async function deletePages(store: JobStore, job: ReportJob): Promise<void> {
  for (const key of await store.list(pagesPrefix(job.id))) await deleteKey(store, key);
}

/** A page of a job that is gone or ended: a lease a run still holds on it (it is ending) is broken first. */
async function deleteKey(store: JobStore, key: string): Promise<void> {
  await store.breakLease(key);
  await store.delete(key);
}
