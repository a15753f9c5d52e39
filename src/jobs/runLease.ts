import { isDeepStrictEqual } from 'node:util';
import { describe } from '../log';
import type { WorkerDependencies } from './reportPorts';
import type { ReportJob } from './reportRecord';
import { retried, Stopped, type Run } from './reportRun';
import { canMove } from './reportStatus';
import { readJob } from './reportStore';

/**
 * A run's hold on its job, kept by the store: a lease on the job's blob, and one on the page it checks. Every write
 * of the run is made under them, so that once another run holds the job (it took it over, or the user cancelled
 * and broke the lease) the store refuses them: a run that stalled and wakes up can change nothing.
 */
type Deps = Pick<WorkerDependencies, 'store' | 'clock' | 'settings' | 'logger'>;

/** The job at `key`, taken for a new run; undefined when another run holds it, or it no longer runs. */
export async function takeJob(deps: Deps, key: string, leaseId: string): Promise<ReportJob | undefined> {
  const { store, clock, settings } = deps;
  if ((await retried(clock, () => store.acquireLease(key, leaseId, settings.leaseMs))) !== 'acquired') return;
  // Read under the lease: whatever a cancel wrote before it is seen, and nothing can change it after.
  const stored = await retried(clock, () => readJob(store, key));
  if (stored?.job.status === 'running') return stored.job;
  await store.releaseLease(key, leaseId).catch(() => undefined);
  return undefined;
}

/**
 * Saves the job, changed by `change`. False when the run must stop: the user cancelled, or another run holds the
 * job now (`run.stop` says which). Saves go one at a time, in the order asked.
 */
export function saveJob(deps: Deps, run: Run, change: (job: ReportJob) => void): Promise<boolean> {
  const saving = (run.saving ?? Promise.resolve(true))
    .catch(() => true)
    .then(() => saveNow(deps, run, change));
  run.saving = saving;
  return saving;
}

async function saveNow(deps: Deps, run: Run, change: (job: ReportJob) => void): Promise<boolean> {
  // A save queued behind the one that found the job cancelled (or taken, or ended) must not write over it.
  if (run.stop === 'cancelled' || run.stop === 'lost' || run.job.status !== 'running') return false;
  const next: ReportJob = structuredClone(run.job);
  change(next);
  if (next.status !== run.job.status && !canMove(run.job.status, next.status))
    throw new Error(`a report cannot go from ${run.job.status} to ${next.status}`);
  next.updatedAt = deps.clock.now();
  next.calls = run.job.calls;
  next.throttled = run.throttled;
  if (await writeUnderLease(deps, run, run.key, next)) {
    run.job = next;
    return true;
  }
  await lostJob(deps, run);
  return false;
}

/**
 * Writes under the run's lease on `key`. A lease that ran out while nobody took it is renewed, and the write made
 * again. False when the lease is another's (or broken). A write that landed though every try of it lost its
 * answer (a timeout on the way back) is found as it is: under the lease, nobody else can have written it.
 */
export async function writeUnderLease(deps: Deps, run: Run, key: string, value: unknown): Promise<boolean> {
  const { store, clock } = deps;
  const write = () => retried(clock, () => store.write(key, value, { leaseId: run.leaseId }));
  try {
    if (await write()) return true;
    return (await retried(clock, () => store.renewLease(key, run.leaseId))) && !!(await write());
  } catch (error) {
    const stored = await retried(clock, () => store.read(key)).catch(() => undefined);
    if (stored && isDeepStrictEqual(stored.value, JSON.parse(JSON.stringify(value)))) return true;
    throw error;
  }
}

/** The run's lease was refused: the user cancelled (the job says so, as this run sees it now), or it was taken. */
export async function lostJob(deps: Deps, run: Run): Promise<void> {
  if (run.stop === 'cancelled' || run.stop === 'lost') return;
  const fresh = await retried(deps.clock, () => readJob(deps.store, run.key)).catch(() => undefined);
  if (fresh?.job.id === run.job.id && fresh.job.status !== 'running') {
    run.job = fresh.job;
    run.stop = 'cancelled';
  } else run.stop = 'lost';
}

/**
 * The page at `key`, held by this run; false when it was never written. A page another run still holds (one that
 * lost the job and did not know) is taken from it, but only while this run's job lease is confirmed its own.
 */
export async function holdPage(deps: Deps, run: Run, key: string): Promise<boolean> {
  const { store, clock, settings } = deps;
  const acquire = () => retried(clock, () => store.acquireLease(key, run.leaseId, settings.leaseMs));
  let outcome = await acquire();
  if (outcome === 'absent') return false;
  if (!(await retried(clock, () => store.renewLease(run.key, run.leaseId)))) {
    if (outcome === 'acquired') await store.releaseLease(key, run.leaseId).catch(() => undefined);
    await lostJob(deps, run);
    throw new Stopped();
  }
  if (outcome === 'held') {
    await retried(clock, () => store.breakLease(key));
    outcome = await acquire();
  }
  if (outcome !== 'acquired') throw new Error(`page ${key} is held by another run`);
  run.pageKey = key;
  return true;
}

/** The page is committed: its lease is given up. */
export async function releasePage(deps: Deps, run: Run): Promise<void> {
  const key = run.pageKey;
  run.pageKey = undefined;
  if (key) await deps.store.releaseLease(key, run.leaseId).catch(() => undefined);
}

/** Renews the job's lease and the page's; a job lease refused means the run lost its job. */
export async function renewLeases(deps: Deps, run: Run): Promise<void> {
  const { store } = deps;
  try {
    if (!(await store.renewLease(run.key, run.leaseId))) return await lostJob(deps, run);
    if (run.pageKey) await store.renewLease(run.pageKey, run.leaseId);
  } catch (error) {
    // The next tick tries again, well before the lease runs out.
    run.logger.warn('report lease renewal failed', { error: describe(error) });
  }
}

/** The run ends: its leases are given up, so that another instance need not wait for them to run out. */
export async function releaseLeases(deps: Deps, run: Run): Promise<void> {
  await releasePage(deps, run);
  if (run.stop !== 'lost') await deps.store.releaseLease(run.key, run.leaseId).catch(() => undefined);
}
