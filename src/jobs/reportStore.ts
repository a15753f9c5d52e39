import { randomUUID } from 'node:crypto';
import {
  pageKey,
  reportJobSchema,
  reportPageSchema,
  type ReportJob,
  type ReportOwner,
  type ReportPage,
  type ReportRow,
} from './reportRecord';
import type { JobStore } from '../storage/jobStore';
import { noCounts } from '../mca/reportRow';

export async function readJob(
  store: JobStore,
  key: string,
): Promise<{ job: ReportJob; eTag: string } | undefined> {
  const stored = await store.read(key);
  if (!stored) return undefined;
  const parsed = reportJobSchema.safeParse(stored.value);
  return parsed.success ? { job: parsed.data, eTag: stored.eTag } : undefined;
}

/** A saved page; undefined when there is none, or it is unreadable (written by another version, or damaged). */
export async function readPage(
  store: JobStore,
  jobId: string,
  page: number,
): Promise<ReportPage | undefined> {
  const stored = await store.read(pageKey(jobId, page));
  return stored && reportPageSchema.safeParse(stored.value).data;
}

/** Every row of a job (of its first `pages` pages), each customer once, in the order of the list. */
export async function readRows(store: JobStore, job: ReportJob, pages = job.page + 1): Promise<ReportRow[]> {
  const rows = new Map<string, ReportRow>();
  for (let page = 0; page < pages; page++) {
    const stored = await readPage(store, job.id, page);
    for (const row of Object.values(stored?.rows ?? {})) if (!rows.has(row.id)) rows.set(row.id, row);
  }
  return [...rows.values()];
}

/** A new job for `owner`, not yet started. */
export function newJob(owner: ReportOwner, now: number): ReportJob {
  return {
    id: randomUUID(),
    owner,
    status: 'running',
    startedAt: now,
    updatedAt: now,
    page: 0,
    committed: { listed: 0, checked: 0, counts: noCounts() },
    moreToList: true,
    calls: 0,
    throttled: 0,
  };
}
