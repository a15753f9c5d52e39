import { randomUUID } from 'node:crypto';
import type { Reply } from '../cards/renderer';
import type { Signal } from '../commands/mcaVerdict';
import { describe } from '../log';
import type { AgreementMetadata } from '../partnerCenter/types';
import { checkCustomer, signalOf } from './customerCheck';
import { Pacer } from './pacer';
import type { WorkerDependencies } from './reportPorts';
import { addCounts, countRows, pageKey, type ReportJob, type ReportPage } from './reportRecord';
import { paced, Stopped, type Run } from './reportRun';
import { readJob, readPage, readRows } from './reportStore';

/**
 * Works on one MCA report: pages through every customer, checks each at a pace Partner Center accepts, saves
 * its progress and renews its lease at each checkpoint, updates the progress card in place, and ends with the
 * summary. Whatever stops it (a restart, a lost lease), the next run goes on from the last checkpoint.
 */
export class ReportWorker {
  private readonly runs = new Set<Run>();

  constructor(private readonly deps: WorkerDependencies) {}

  /** This instance is stopping: its runs end at their next call and hand their jobs over at once. */
  shutdown(): void {
    for (const run of this.runs) run.stop ??= 'shutdown';
  }

  /** Runs the job at `key` when its lease is free (or `token` is given by the turn that started it). */
  async run(key: string, token?: string): Promise<void> {
    const run = await this.claim(key, token);
    if (!run) return;
    this.runs.add(run);
    try {
      await this.work(run);
    } catch (error) {
      if (error instanceof Stopped) return this.stopped(run);
      run.logger.error('report failed', { error: describe(error) });
      if (await this.save(run, (job) => ((job.status = 'failed'), (job.reason = 'internal')))) {
        await this.show(run, this.deps.cards.stopped(run.job));
      }
    } finally {
      this.runs.delete(run);
    }
  }

  private async claim(key: string, token: string | undefined): Promise<Run | undefined> {
    const { store, clock, instanceId, settings } = this.deps;
    const stored = await readJob(store, key);
    if (!stored || stored.job.status !== 'running') return undefined;
    const { job } = stored;
    const now = clock.now();
    if (job.lease && job.lease.until > now) return undefined;
    // The lease names this run, not only this instance: a run that outlived its lease can never write again.
    const owner = `${instanceId}/${randomUUID()}`;
    const claimed = { ...job, lease: { owner, until: now + settings.leaseMs } };
    const eTag = await store.write(key, claimed, { eTag: stored.eTag });
    if (!eTag) return undefined;
    const logger = this.deps.logger.child({ correlationId: job.id });
    logger.info('report run started', { page: job.page, checked: job.committed.checked });
    const fresh = token ?? (await this.deps.channel.token(job.owner).catch(() => undefined));
    const run: Run = {
      key,
      owner,
      job: claimed,
      eTag,
      token: fresh ?? '',
      pacer: new Pacer({
        maxRatePerSecond: settings.maxRatePerSecond,
        maxConcurrency: settings.maxConcurrency,
        clock,
      }),
      startedAt: now,
      checkedAtStart: job.committed.checked + (job.current?.checked ?? 0),
      lastCheckpointAt: now,
      lastProgressAt: 0,
      logger,
    };
    if (!fresh) run.stop = 'signIn';
    return run;
  }

  private async work(run: Run): Promise<void> {
    const { cards, channel } = this.deps;
    if (!run.job.progressActivityId) {
      const id = await channel.post(run.job.owner, cards.progress(run.job, undefined));
      if (!(await this.save(run, (job) => (job.progressActivityId = id)))) throw new Stopped();
    }
    if (run.stop) throw new Stopped();
    const templates = await signalOf(
      paced(run, this.deps, (request) => this.deps.partnerCenter.getMcaTemplates(request)),
    );
    const seen = await this.committedIds(run);
    for (;;) {
      const page = await this.loadPage(run);
      await this.checkPage(run, page, seen, templates);
      const counted = Object.values(page.rows).filter((row) => !seen.has(row.id));
      counted.forEach((row) => seen.add(row.id));
      const last = page.next === null;
      const saved = await this.save(run, (job) => {
        job.committed = {
          listed: job.committed.listed + counted.length,
          checked: job.committed.checked + counted.length,
          counts: addCounts(job.committed.counts, countRows(counted)),
        };
        job.current = undefined;
        job.page += 1;
        job.pageLink = page.next ?? undefined;
        job.moreToList = !last;
        if (last) {
          job.status = 'done';
          job.finishedAt = this.deps.clock.now();
        }
      });
      if (!saved) throw new Stopped();
      if (last) break;
    }
    run.logger.info('report done', { checked: run.job.committed.checked, calls: run.job.calls });
    await this.show(run, cards.summary(run.job, await readRows(this.deps.store, run.job)));
  }

  /** The ids of the pages already counted: a customer listed again later is not counted twice. */
  private async committedIds(run: Run): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let page = 0; page < run.job.page; page++) {
      const stored = await readPage(this.deps.store, run.job.id, page);
      Object.keys(stored?.rows ?? {}).forEach((id) => seen.add(id));
    }
    return seen;
  }

  /** The page being checked, as saved, or listed now and saved at once. */
  private async loadPage(run: Run): Promise<ReportPage> {
    const { store, partnerCenter, settings } = this.deps;
    const saved = await readPage(store, run.job.id, run.job.page);
    if (saved) return saved;
    const listed = await paced(run, this.deps, (request) =>
      partnerCenter.listCustomers(request, run.job.pageLink, settings.pageSize),
    );
    const page: ReportPage = {
      customers: listed.items.map(({ id, companyName, domain }) => ({ id, companyName, domain })),
      next: listed.next ?? null,
      rows: {},
    };
    await store.write(pageKey(run.job.id, run.job.page), page, 'any');
    return page;
  }

  private async checkPage(
    run: Run,
    page: ReportPage,
    seen: Set<string>,
    templates: Signal<AgreementMetadata[]>,
  ): Promise<void> {
    const { partnerCenter, settings } = this.deps;
    const queued = new Set(page.customers.map((c) => c.id).filter((id) => !page.rows[id] && !seen.has(id)));
    const todo = page.customers.filter((c) => queued.delete(c.id));
    const calls = {
      agreements: (id: string) =>
        paced(run, this.deps, (request) => partnerCenter.getCustomerAgreements(id, '*', request)),
      directSigned: (id: string) =>
        paced(run, this.deps, (request) => partnerCenter.getDirectSignedMcaStatus(id, request)),
    };
    const context = { templates, currentSince: settings.mcaCurrentSince, today: this.deps.today() };
    const listed = page.customers.filter((c) => !seen.has(c.id)).length;
    const progress = () => {
      const rows = Object.values(page.rows).filter((row) => !seen.has(row.id));
      return { listed, checked: rows.length, counts: countRows(rows) };
    };
    // Customers in flight at once: more than the calls, so that one waiting out a Retry-After holds no call back.
    const lanes = Array.from({ length: settings.maxConcurrency * 4 }, async () => {
      for (let customer = todo.shift(); customer && !run.stop; customer = todo.shift()) {
        page.rows[customer.id] = await checkCustomer(customer, calls, context);
        await this.checkpoint(run, page, progress);
      }
    });
    // Every lane ends before the run does: none may write after the run has given the job up.
    const failed = (await Promise.allSettled(lanes)).find((lane) => lane.status === 'rejected');
    if (failed) throw failed.reason;
    if (run.stop) throw new Stopped();
    await this.deps.store.write(pageKey(run.job.id, run.job.page), page, 'any');
  }

  /** Every few seconds: the page's rows and the job's progress saved, the lease renewed, the card updated. */
  private async checkpoint(run: Run, page: ReportPage, progress: () => ReportJob['current']): Promise<void> {
    const { clock, settings, store, cards } = this.deps;
    if (run.checkpointing) return;
    const now = clock.now();
    if (now - run.lastCheckpointAt < settings.checkpointMs) return;
    run.lastCheckpointAt = now;
    run.checkpointing = (async () => {
      await store.write(pageKey(run.job.id, run.job.page), page, 'any');
      const saved = await this.save(run, (job) => (job.current = progress()));
      if (!saved) return;
      if (now - run.lastProgressAt >= settings.progressEveryMs) {
        run.lastProgressAt = now;
        await this.show(run, cards.progress(run.job, this.eta(run)));
      }
    })().finally(() => (run.checkpointing = undefined));
    await run.checkpointing;
  }

  /** Time left for the customers listed so far, at this run's pace. */
  private eta(run: Run): number | undefined {
    const { job } = run;
    const checked = job.committed.checked + (job.current?.checked ?? 0);
    const listed = job.committed.listed + (job.current?.listed ?? 0);
    const elapsed = this.deps.clock.now() - run.startedAt;
    const done = checked - run.checkedAtStart;
    if (done <= 0 || elapsed <= 0) return undefined;
    return ((listed - checked) * elapsed) / done;
  }

  /**
   * Saves the job over the version this run holds, renewing the lease. False when the run must stop: the user
   * cancelled, or another instance holds the job now.
   */
  private async save(run: Run, change: (job: ReportJob) => void): Promise<boolean> {
    const { store, clock, settings } = this.deps;
    for (;;) {
      const next: ReportJob = structuredClone(run.job);
      change(next);
      next.updatedAt = clock.now();
      next.lease = { owner: run.owner, until: clock.now() + settings.leaseMs };
      next.calls = run.job.calls;
      next.throttled = run.pacer.throttledCalls;
      const eTag = await store.write(run.key, next, { eTag: run.eTag });
      if (eTag) {
        run.job = next;
        run.eTag = eTag;
        return true;
      }
      const fresh = await readJob(store, run.key);
      if (!fresh || fresh.job.id !== run.job.id || fresh.job.lease?.owner !== run.owner) {
        run.stop = 'lost';
        return false;
      }
      run.eTag = fresh.eTag;
      if (fresh.job.status !== 'running') {
        run.job = fresh.job;
        run.stop = 'cancelled';
        return false;
      }
    }
  }

  /** A stopped run: a pause for sign-in is saved and said; a cancel is shown on the card; a lost lease is silent. */
  private async stopped(run: Run): Promise<void> {
    if (run.stop === 'signIn')
      await this.save(run, (job) => ((job.status = 'paused'), (job.reason = 'signIn')));
    if (run.stop === 'lost') return run.logger.info('report taken over by another instance');
    if (run.stop === 'shutdown') {
      // The lease ends now: another instance need not wait for it to run out.
      await this.save(run, () => undefined).then(() => this.release(run));
      return run.logger.info('report handed over: this instance is stopping');
    }
    run.logger.info('report stopped', { status: run.job.status });
    await this.show(run, this.deps.cards.stopped(run.job));
  }

  private async release(run: Run): Promise<void> {
    const { lease: _lease, ...job } = run.job;
    const eTag = await this.deps.store.write(run.key, job, { eTag: run.eTag });
    if (eTag) run.eTag = eTag;
  }

  /** The progress card, updated in place; posted anew when it cannot be (deleted, or never posted). */
  private async show(run: Run, reply: Reply): Promise<void> {
    const { channel } = this.deps;
    const { owner, progressActivityId } = run.job;
    try {
      if (progressActivityId) return await channel.update(owner, progressActivityId, reply);
      await channel.post(owner, reply);
    } catch (error) {
      run.logger.warn('could not show the report card', { error: describe(error) });
    }
  }
}
