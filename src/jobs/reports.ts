import { within } from '../deadline';
import { reportFileName } from '../mca/reportRow';
import { describe, type Logger } from '../log';
import type { TickingClock } from '../clock';
import { csvKey, jobKeyOf, WATCH_RUNS_PREFIX, type ReportJob, type ReportOwner } from './reportRecord';
import type { WorkerDependencies } from './reportPorts';
import { canMove, hasEnded } from './reportStatus';
import { newJob, readJob } from './reportStore';
import { ReportWorker } from './reportWorker';
import { deletePages, scanJobs } from './reportCleanup';
import type { JobStore } from '../storage/jobStore';

/** What "mca report" finds for a user. */
export type ReportOutcome =
  /** A new report is under way: its progress card is posted by the job itself. */
  | { kind: 'started'; job: ReportJob }
  /** One was already running (or paused and now resumed). */
  | { kind: 'running' | 'resumed'; job: ReportJob }
  /** The last one ended a short while ago: its results, offered again. */
  | { kind: 'finished'; job: ReportJob };

/** A digest comes every week by default; a month covers a schedule set to fall less often, at most. */
const DIGEST_RETENTION_MS = 35 * 24 * 3_600_000;

/** Closing waits this long at most for runs to hand their jobs over; a run still going loses its lease later. */
const CLOSE_DEADLINE_MS = 10_000;

export interface ReportServiceOptions extends WorkerDependencies {
  /** Finished reports are kept this long, then deleted. */
  retentionMs: number;
}

/**
 * The MCA reports of every user: one at a time per user, kept in the job store, worked on by whichever instance
 * holds the lease. Every instance looks for jobs whose lease ran out (their instance stopped) and takes them over.
 */
export class ReportService {
  private readonly worker: ReportWorker;
  private readonly active = new Map<string, Promise<void>>();
  private stopScanning: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: ReportServiceOptions) {
    this.worker = new ReportWorker(options);
  }

  private get store(): JobStore {
    return this.options.store;
  }

  private get clock(): TickingClock {
    return this.options.clock;
  }

  private get logger(): Logger {
    return this.options.logger;
  }

  /** "mca report": starts one, or says where the user's running or recent one is. `fresh` asks for a new one. */
  async request(owner: ReportOwner, token: string, fresh = false): Promise<ReportOutcome> {
    // A write that loses a race is looked at again: another request of the same user was first (theirs is then
    // the running one), or the record went meanwhile (a scan deleted it past its retention).
    for (let attempt = 1; ; attempt++) {
      const found = await this.requestOnce(owner, token, fresh);
      if (found || attempt >= 3) return found ?? this.running(owner);
    }
  }

  /** One look at the user's report, and the write it calls for; undefined when that write lost a race. */
  private async requestOnce(
    owner: ReportOwner,
    token: string,
    fresh: boolean,
  ): Promise<ReportOutcome | undefined> {
    const key = jobKeyOf(owner.userKey);
    const stored = await readJob(this.store, key);
    const job = stored?.job;
    if (job?.status === 'running') return { kind: 'running', job };
    if (job?.status === 'paused') {
      const resumed = await this.resumeStored(key, stored!, owner, token);
      return resumed && { kind: 'resumed', job: resumed };
    }
    // A cancelled or failed one is not offered again: asking again starts afresh.
    if (job?.status === 'done' && job.result && !fresh && !this.expired(job))
      return { kind: 'finished', job };
    const created = newJob(owner, this.clock.now());
    // A record this version cannot read must not lock its user out: it is written over.
    const over = stored ?? (await this.store.read(key));
    // An ended job's run may not have given its lease up yet (it is ending): nothing works on it any more.
    if (over) await this.store.breakLease(key);
    if (!(await this.store.write(key, created, over ? { eTag: over.eTag } : 'absent'))) return undefined;
    if (job) await this.deletePages(job);
    this.launch(key, token);
    return { kind: 'started', job: created };
  }

  /**
   * Goes on with a paused job (no run works on it): a lease its last run has not given up yet is broken. Its new
   * progress card goes where it is asked now, which may not be where it started. Undefined when the write lost a
   * race.
   */
  private async resumeStored(
    key: string,
    stored: { job: ReportJob; eTag: string },
    owner: Partial<ReportOwner>,
    token?: string,
  ): Promise<ReportJob | undefined> {
    const { reason: _reason, progressActivityId: _card, ...rest } = stored.job;
    const resumed = { ...rest, status: 'running' as const, owner: { ...stored.job.owner, ...owner } };
    await this.store.breakLease(key);
    if (!(await this.store.write(key, resumed, { eTag: stored.eTag }))) return undefined;
    this.launch(key, token);
    return resumed;
  }

  /**
   * Starts `job` at `key` (a watch's run) in place of whatever ended there, and runs it here; its run asks the
   * token service for its user's token. Asked again for the same job, it is left to its run. False when another
   * job is running or paused there.
   */
  async startAt(key: string, job: ReportJob): Promise<boolean> {
    const stored = await readJob(this.store, key);
    if (stored?.job.id === job.id) return true;
    if (stored && !hasEnded(stored.job.status)) return false;
    const over = stored ?? (await this.store.read(key));
    if (over) await this.store.breakLease(key);
    if (!(await this.store.write(key, job, over ? { eTag: over.eTag } : 'absent'))) return false;
    if (stored) await this.deletePages(stored.job);
    this.launch(key);
    return true;
  }

  /** The paused job at `key` goes on, with `owner`'s changes (who it acts for now) and `token` when known. */
  async resumeAt(key: string, owner: Partial<ReportOwner>, token?: string): Promise<ReportJob | undefined> {
    const stored = await readJob(this.store, key);
    if (stored?.job.status !== 'paused') return undefined;
    return this.resumeStored(key, stored, owner, token);
  }

  /** Once this instance's run of the job at `key` ends (at once when none runs here). */
  settled(key: string): Promise<void> {
    return this.active.get(key) ?? Promise.resolve();
  }

  /**
   * Deletes the job at `key` and its pages (a watch that ended: its runs keep nothing more). A run still working on
   * it has its lease broken first, so its next write is refused.
   */
  async removeAt(key: string): Promise<void> {
    const job = (await readJob(this.store, key))?.job;
    await this.store.breakLease(key);
    await this.store.delete(key);
    if (job) await this.deletePages(job);
  }

  /** The job at `key`, as stored (a watch's run). */
  async jobAt(key: string): Promise<ReportJob | undefined> {
    return (await readJob(this.store, key))?.job;
  }

  /** After three lost races: whatever the store holds now, said as running (the card that answers it can cancel). */
  private async running(owner: ReportOwner): Promise<ReportOutcome> {
    const now = await readJob(this.store, jobKeyOf(owner.userKey));
    return { kind: 'running', job: now?.job ?? newJob(owner, this.clock.now()) };
  }

  /**
   * Cancels the user's running or paused report (only if it is `jobId`, when the Cancel button of a card names
   * one: in a channel, a colleague's button must not cancel the report of whoever presses it). Its run's lease
   * is broken, so Blob storage refuses that run's next write wherever it runs, and this instance's run of it makes
   * no new call from now on. The card says so.
   */
  cancel(userKey: string, jobId?: string): Promise<ReportJob | undefined> {
    return this.cancelIf(jobKeyOf(userKey), (job) => canMove(job.status, 'cancelled'), jobId);
  }

  /**
   * On sign-out: the user's running report, which works with their token, is cancelled. A paused one holds no
   * token and is kept, to go on after the user signs in again (as the MFA pause asks them to).
   */
  cancelRunning(userKey: string): Promise<ReportJob | undefined> {
    return this.cancelIf(jobKeyOf(userKey), (job) => job.status === 'running');
  }

  private async cancelIf(
    key: string,
    cancellable: (job: ReportJob) => boolean,
    jobId?: string,
  ): Promise<ReportJob | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await readJob(this.store, key);
      if (!stored || !cancellable(stored.job)) return undefined;
      if (jobId !== undefined && stored.job.id !== jobId) return undefined;
      const cancelled = { ...stored.job, status: 'cancelled' as const, finishedAt: this.clock.now() };
      await this.store.breakLease(key);
      if (await this.store.write(key, cancelled, { eTag: stored.eTag })) {
        this.worker.cancelled(key, cancelled);
        return cancelled;
      }
    }
    return undefined;
  }

  /** The user's last report, while kept. */
  async latest(userKey: string): Promise<ReportJob | undefined> {
    const stored = await readJob(this.store, jobKeyOf(userKey));
    return stored && !this.expired(stored.job) ? stored.job : undefined;
  }

  /** The CSV of a finished report, made when it ended, while it is kept. */
  async csv(job: ReportJob): Promise<string | undefined> {
    if (job.status !== 'done' || this.expired(job)) return undefined;
    const stored = await this.store.read(csvKey(job.id));
    return typeof stored?.value === 'string' ? stored.value : undefined;
  }

  /**
   * The finished report `jobId` of the user, while kept: their own last report, or a run of a watch they started
   * (its digest offers the CSV in their personal chat). Anyone else's is not found.
   */
  async finished(userKey: string, jobId: string): Promise<ReportJob | undefined> {
    const latest = await this.latest(userKey);
    if (latest?.id === jobId) return latest.status === 'done' ? latest : undefined;
    // Asked for on a button press or a download, rarely: the watches' runs are looked through.
    for (const key of await this.store.list(WATCH_RUNS_PREFIX)) {
      const job = (await readJob(this.store, key))?.job;
      if (job?.id === jobId && job.owner.userKey === userKey && job.status === 'done' && !this.expired(job))
        return job;
    }
    return undefined;
  }

  /** The user's finished report `jobId` as a file, while kept: what its CSV link serves. */
  async csvFile(userKey: string, jobId: string): Promise<{ fileName: string; body: string } | undefined> {
    const job = await this.finished(userKey, jobId);
    const body = job && (await this.csv(job));
    return job && body ? { fileName: reportFileName(job), body } : undefined;
  }

  /** Looks now and every `everyMs` for jobs to take over, and for old ones to delete. */
  startScanning(everyMs: number): void {
    const scan = () =>
      void this.scan().catch((error: unknown) =>
        this.logger.warn('report scan failed', { error: describe(error) }),
      );
    scan();
    this.stopScanning = this.clock.every(everyMs, scan);
  }

  /** Stops looking for jobs and waits (a while at most) for this instance's runs to hand their jobs over. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopScanning?.();
    this.worker.shutdown();
    await within(Promise.allSettled(this.active.values()), CLOSE_DEADLINE_MS, () => {
      this.logger.warn('report runs still ending at close: their leases will run out');
      return [];
    });
  }

  /**
   * Running jobs no run holds (their instance stopped: their lease ran out) are taken over; ended ones past their
   * retention are deleted, and so are pages whose job is gone (src/jobs/reportCleanup.ts).
   */
  scan(): Promise<void> {
    return scanJobs(this.store, {
      running: (key) => this.active.has(key),
      // A run is tried: it takes the job only if the store grants it the lease.
      takeOver: (key) => this.launch(key),
      expired: (job) => this.expired(job),
    });
  }

  /**
   * Past its retention. A watch's digest is kept until the next digest replaces it (its CSV is offered until then),
   * at most DIGEST_RETENTION_MS should its watch be gone without removing it.
   */
  private expired(job: ReportJob): boolean {
    const retention = job.watch?.digest ? DIGEST_RETENTION_MS : this.options.retentionMs;
    return (job.finishedAt ?? job.updatedAt) + retention <= this.clock.now();
  }

  /** Runs the job here; after this instance's run of it that is still ending (a pause), if any. */
  private launch(key: string, token?: string): void {
    if (this.closed) return;
    const ending = this.active.get(key) ?? Promise.resolve();
    const run: Promise<void> = ending
      .then(() => this.worker.run(key, token))
      .catch((error: unknown) => this.logger.error('report run failed', { error: describe(error) }))
      .finally(() => {
        if (this.active.get(key) === run) this.active.delete(key);
      });
    this.active.set(key, run);
  }

  private deletePages(job: ReportJob): Promise<void> {
    return deletePages(this.store, job);
  }
}
