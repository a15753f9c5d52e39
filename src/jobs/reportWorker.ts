import { randomUUID } from 'node:crypto';
import type { Reply } from '../cards/renderer';
import { latestTemplate, type Signal } from '../mca/verdict';
import { describe } from '../log';
import type { AgreementMetadata } from '../partnerCenter/types';
import { checkCustomer, signalOf } from './customerCheck';
import { PartnerPacers } from './partnerPacers';
import type { ReportPace, WorkerDependencies } from './reportPorts';
import {
  addCounts,
  countRows,
  csvKey,
  pageKey,
  type ReportJob,
  type ReportPage,
  type ReportResult,
} from './reportRecord';
import { paced, renewToken, Stopped, retried, type Run } from './reportRun';
import { readJob, readPage, readRows } from './reportStore';

/**
 * Works on one MCA report: pages through every customer, checks each at a pace Partner Center accepts, saves
 * its progress at each checkpoint, renews its lease while it runs, updates the progress card in place, and ends
 * with the summary. Whatever stops it (a restart, a lost lease), the next run goes on from the last checkpoint.
 */
export class ReportWorker {
  private readonly runs = new Set<Run>();
  private readonly pacers: PartnerPacers;
  private closing = false;

  constructor(private readonly deps: WorkerDependencies) {
    const { settings, clock } = deps;
    this.pacers = new PartnerPacers({
      maxRatePerSecond: settings.maxRatePerSecond,
      maxConcurrency: settings.maxConcurrency,
      clock,
    });
  }

  /** This instance is stopping: no new run starts, and its runs end at their next call and hand their jobs over. */
  shutdown(): void {
    this.closing = true;
    for (const run of this.runs) run.stop ??= 'shutdown';
  }

  /**
   * The job at `key` was cancelled (`job`, as written): this instance's run of it makes no new call from now on
   * and forgets the user's token. A run on another instance stops at its next save.
   */
  cancelled(key: string, job: ReportJob): void {
    for (const run of this.runs) {
      if (run.key !== key || run.job.id !== job.id) continue;
      run.stop = 'cancelled';
      run.job = job;
      run.token = '';
    }
  }

  /** Runs the job at `key` when its lease is free (or `token` is given by the turn that started it). */
  async run(key: string, token?: string): Promise<void> {
    if (this.closing) return;
    const run = await this.claim(key, token);
    if (!run) return;
    this.runs.add(run);
    if (this.closing) run.stop ??= 'shutdown';
    // The lease is renewed on a timer too: every customer may be waiting out a long Retry-After at once.
    const stopRenewing = this.deps.clock.every(this.deps.settings.leaseMs / 3, () => void this.renew(run));
    try {
      // A run taking a job over asks for the user's token here, where a cancel meanwhile already reaches it.
      if (!token) await renewToken(run, this.deps);
      await this.work(run);
    } catch (error) {
      if (error instanceof Stopped) return await this.stopped(run);
      run.logger.error('report failed', { error: describe(error) });
      if (await this.save(run, (job) => ((job.status = 'failed'), (job.reason = 'internal')))) {
        await this.show(run, this.deps.cards.stopped(run.job));
      }
    } finally {
      stopRenewing();
      run.releasePacer();
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
    // The partner's budget is shared by its users' reports; a report without a tenant (local mode) is its own.
    const pace = this.pacers.hold(job.owner.tenantId ?? `user:${job.owner.userKey}`);
    const run: Run = {
      key,
      owner,
      job: claimed,
      eTag,
      token: token ?? '',
      pacer: pace.pacer,
      releasePacer: pace.release,
      throttled: job.throttled,
      startedAt: now,
      checkedAtStart: job.committed.checked + (job.current?.checked ?? 0),
      lastCheckpointAt: now,
      lastProgressAt: 0,
      lastSavedAt: now,
      lastAnsweredAt: now,
      logger,
    };
    return run;
  }

  private async work(run: Run): Promise<void> {
    const { cards } = this.deps;
    if (!run.job.progressActivityId) await this.postProgress(run);
    if (run.stop) throw new Stopped();
    let templates = await this.readTemplates(run);
    const seen = await this.committedIds(run);
    let pagesWithoutNew = 0;
    for (;;) {
      const page = await this.loadPage(run);
      // The last page listed: every customer is known, and the card can give a time left (saved at the next save).
      if (page.next === null) run.job.moreToList = false;
      // Versions that could not be read are asked for again at each page: the customers checked without them
      // are unknown (those who accepted since the cutoff), not guessed.
      if (!templates.ok || !latestTemplate(templates.value)) templates = await this.readTemplates(run);
      await this.checkPage(run, page, seen, templates);
      const counted = Object.values(page.rows).filter((row) => !seen.has(row.id));
      counted.forEach((row) => seen.add(row.id));
      // A next link that brings nothing new would page forever: the list ends there, and the summary says so.
      pagesWithoutNew = counted.length === 0 ? pagesWithoutNew + 1 : 0;
      const stuck =
        page.next !== null &&
        (sameLink(page.next, run.job.pageLink) || pagesWithoutNew >= MAX_PAGES_WITHOUT_NEW);
      if (stuck)
        run.logger.warn('the customer list does not advance: the report ends here', { page: run.job.page });
      const last = page.next === null || stuck;
      const result = last ? await this.finish(run) : undefined;
      const saved = await this.save(run, (job) => {
        job.committed = {
          listed: job.committed.listed + counted.length,
          checked: job.committed.checked + counted.length,
          counts: addCounts(job.committed.counts, countRows(counted)),
        };
        job.current = undefined;
        job.page += 1;
        job.pageLink = last ? undefined : (page.next ?? undefined);
        job.moreToList = !last;
        if (last) {
          job.status = 'done';
          job.finishedAt = this.deps.clock.now();
          job.result = result;
          if (stuck) job.reason = 'listStopped';
        }
      });
      run.pageETag = undefined;
      if (!saved) throw new Stopped();
      if (last) break;
    }
    run.logger.info('report done', { checked: run.job.committed.checked, calls: run.job.calls });
    await this.show(run, cards.summary(run.job));
  }

  /**
   * Once every page is checked: the CSV, written beside the pages, and what the summary shows, worked out once
   * from every row (each "Get the CSV" or "mca report" after this reads them, never the rows).
   */
  private async finish(run: Run): Promise<ReportResult> {
    const { store, clock } = this.deps;
    const rows = await retried(clock, () => readRows(store, run.job, run.job.page + 1));
    const { csv, result } = this.deps.cards.outcome(run.job, rows);
    if (run.stop === 'cancelled' || run.stop === 'lost') throw new Stopped();
    await retried(clock, () => store.write(csvKey(run.job.id), csv, 'any'));
    return result;
  }

  /** The MCA's versions, at the job's pace and with its retries; the failure when they stay unreadable. */
  private readTemplates(run: Run): Promise<Signal<AgreementMetadata[]>> {
    return signalOf(paced(run, this.deps, (request) => this.deps.partnerCenter.getMcaTemplates(request)));
  }

  /** The ids of the pages already counted: a customer listed again later is not counted twice. */
  private async committedIds(run: Run): Promise<Set<string>> {
    const { store, clock } = this.deps;
    const rows = await retried(clock, () => readRows(store, run.job, run.job.page));
    return new Set(rows.map((row) => row.id));
  }

  /** The page being checked, as saved, or listed now and saved at once. */
  private async loadPage(run: Run): Promise<ReportPage> {
    const { store, partnerCenter, settings, clock } = this.deps;
    const saved = await retried(clock, () => readPage(store, run.job.id, run.job.page));
    // A page this version cannot read is listed again and written over.
    run.pageETag = saved?.eTag;
    if (saved?.page) return saved.page;
    const listed = await paced(run, this.deps, (request) =>
      partnerCenter.listCustomers(request, run.job.pageLink, settings.pageSize),
    );
    const page: ReportPage = {
      customers: listed.items.map(({ id, companyName, domain }) => ({ id, companyName, domain })),
      next: listed.next ?? null,
      rows: {},
    };
    await this.savePage(run, page);
    return page;
  }

  /**
   * Writes the page over the version this run holds. Another run wrote it since: while this run still holds the
   * lease (the other lost it), their rows are kept with this run's; otherwise this run stops.
   */
  private async savePage(run: Run, page: ReportPage): Promise<void> {
    const { store, clock } = this.deps;
    const key = pageKey(run.job.id, run.job.page);
    for (let attempt = 1; ; attempt++) {
      // A run that lost its job (cancelled, taken over) writes nothing more: its pages would outlive the job.
      if (run.stop === 'cancelled' || run.stop === 'lost') throw new Stopped();
      if (attempt > MAX_PAGE_WRITES) throw new Error(`page ${run.job.page} keeps changing under this run`);
      const condition = run.pageETag ? { eTag: run.pageETag } : ('absent' as const);
      const eTag = await retried(clock, () => store.write(key, page, condition));
      if (eTag) {
        run.pageETag = eTag;
        return;
      }
      if (!(await this.save(run, () => undefined))) throw new Stopped();
      const stored = await retried(clock, () => readPage(store, run.job.id, run.job.page));
      run.pageETag = stored?.eTag;
      for (const [id, row] of Object.entries(stored?.page?.rows ?? {})) page.rows[id] ??= row;
    }
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
      try {
        for (let customer = todo.shift(); customer && !run.stop; customer = todo.shift()) {
          page.rows[customer.id] = await checkCustomer(customer, calls, context);
          await this.checkpoint(run, page, progress);
        }
      } catch (error) {
        // One lane failing ends the page: the others take no new customer.
        todo.length = 0;
        throw error;
      }
    });
    // Every lane ends before the run does: none may write after the run has given the job up.
    const failed = (await Promise.allSettled(lanes)).find((lane) => lane.status === 'rejected');
    if (failed) throw failed.reason;
    if (run.stop) throw new Stopped();
    await this.savePage(run, page);
  }

  /** Every few seconds: the page's rows and the job's progress saved, the lease renewed, the card updated. */
  private async checkpoint(run: Run, page: ReportPage, progress: () => ReportJob['current']): Promise<void> {
    const { clock, settings } = this.deps;
    if (run.checkpointing) return;
    const now = clock.now();
    if (now - run.lastCheckpointAt < settings.checkpointMs) return;
    run.lastCheckpointAt = now;
    run.checkpointing = (async () => {
      try {
        await this.savePage(run, page);
        const saved = await this.save(run, (job) => (job.current = progress()));
        if (saved && now - run.lastProgressAt >= settings.progressEveryMs) {
          run.lastProgressAt = now;
          await this.showProgress(run);
        }
      } catch (error) {
        if (error instanceof Stopped) throw error;
        // The rows are still in memory: the next checkpoint saves them.
        run.logger.warn('report checkpoint failed', { error: describe(error) });
      }
    })().finally(() => (run.checkpointing = undefined));
    await run.checkpointing;
  }

  /**
   * Between checkpoints, the lease is renewed before it can run out, while the run is alive: Partner Center
   * answered lately. A run stuck in a call that never returns lets its lease run out, and another instance goes on.
   */
  private async renew(run: Run): Promise<void> {
    const { clock, settings } = this.deps;
    const now = clock.now();
    if (run.stop || run.renewing || now - run.lastSavedAt < settings.leaseMs / 3) return;
    if (now - run.lastAnsweredAt > 2 * settings.leaseMs) return;
    run.renewing = true;
    await this.save(run, () => undefined)
      .catch((error: unknown) => run.logger.warn('report lease renewal failed', { error: describe(error) }))
      .finally(() => (run.renewing = false));
  }

  /** This run's pace, and the time left once every customer is listed. */
  private pace(run: Run): ReportPace | undefined {
    const { job } = run;
    const checked = job.committed.checked + (job.current?.checked ?? 0);
    const listed = job.committed.listed + (job.current?.listed ?? 0);
    const elapsed = this.deps.clock.now() - run.startedAt;
    const done = checked - run.checkedAtStart;
    if (done <= 0 || elapsed <= 0) return undefined;
    const perMinute = (done * 60_000) / elapsed;
    // Customers not listed yet are not counted: a time left would jump back up at each new page.
    return job.moreToList ? { perMinute } : { perMinute, leftMs: ((listed - checked) * elapsed) / done };
  }

  /**
   * Saves the job over the version this run holds, renewing the lease. False when the run must stop: the user
   * cancelled, or another instance holds the job now. Saves go one at a time, in the order asked.
   */
  private save(run: Run, change: (job: ReportJob) => void): Promise<boolean> {
    const saving = (run.saving ?? Promise.resolve(true))
      .catch(() => true)
      .then(() => this.saveNow(run, change));
    run.saving = saving;
    return saving;
  }

  private async saveNow(run: Run, change: (job: ReportJob) => void): Promise<boolean> {
    const { store, clock, settings } = this.deps;
    // A save queued behind the one that found the job cancelled (or taken, or ended) must not write over it.
    if (run.stop === 'cancelled' || run.stop === 'lost' || run.job.status !== 'running') return false;
    for (;;) {
      const next: ReportJob = structuredClone(run.job);
      change(next);
      const now = clock.now();
      next.updatedAt = now;
      next.revision = randomUUID();
      next.lease = { owner: run.owner, until: now + settings.leaseMs };
      next.calls = run.job.calls;
      next.throttled = run.throttled;
      let failure: unknown;
      const eTag = await retried(clock, () => store.write(run.key, next, { eTag: run.eTag })).catch(
        (error: unknown) => void (failure = error),
      );
      const fresh = eTag ? undefined : await retried(clock, () => readJob(store, run.key));
      // A write that landed though its answer was lost (a timeout, a reset), every try of it, is found as this
      // very version.
      const landed = fresh?.job.revision === next.revision;
      if (eTag || landed) {
        run.job = next;
        run.eTag = eTag ?? fresh!.eTag;
        run.lastSavedAt = now;
        return true;
      }
      if (failure !== undefined) throw failure;
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

  /** A stopped run: a pause is saved and said; a cancel is shown on the card; a lost lease is silent. */
  private async stopped(run: Run): Promise<void> {
    const reason = run.stop;
    if (reason === 'signIn' || reason === 'mfa' || reason === 'tokenService')
      await this.save(run, (job) => ((job.status = 'paused'), (job.reason = reason)));
    if (run.stop === 'shutdown' && (await this.save(run, () => undefined))) {
      // The lease ends now: another instance need not wait for it to run out.
      await this.release(run);
      return run.logger.info('report handed over: this instance is stopping');
    }
    if (run.stop === 'lost') return run.logger.info('report taken over by another instance');
    run.logger.info('report stopped', { status: run.job.status });
    await this.show(run, this.deps.cards.stopped(run.job));
  }

  private async release(run: Run): Promise<void> {
    const { lease: _lease, ...job } = run.job;
    const eTag = await this.deps.store.write(run.key, job, { eTag: run.eTag });
    if (eTag) run.eTag = eTag;
  }

  /** A new progress card, its id saved so that every instance updates the same one. */
  private async postProgress(run: Run): Promise<void> {
    const { channel, cards } = this.deps;
    try {
      const id = await channel.post(run.job.owner, cards.progress(run.job, this.pace(run)));
      if (!(await this.save(run, (job) => (job.progressActivityId = id)))) {
        // Cancelled meanwhile: the card just posted is the one that says so, not a second one.
        run.job = { ...run.job, progressActivityId: run.job.progressActivityId ?? id };
        throw new Stopped();
      }
    } catch (error) {
      if (error instanceof Stopped) throw error;
      // Teams did not take it: the job goes on, and the next progress tries again.
      run.logger.warn('could not post the report card', { error: describe(error) });
    }
  }

  private async showProgress(run: Run): Promise<void> {
    const { channel, cards } = this.deps;
    const { owner, progressActivityId } = run.job;
    if (!progressActivityId) return this.postProgress(run);
    await channel
      .update(owner, progressActivityId, cards.progress(run.job, this.pace(run)))
      .catch((error: unknown) =>
        run.logger.warn('could not update the report card', { error: describe(error) }),
      );
  }

  /** The last card (summary or stop), in place of the progress card; posted anew when that cannot be updated. */
  private async show(run: Run, reply: Reply): Promise<void> {
    const { channel } = this.deps;
    const { owner, progressActivityId } = run.job;
    try {
      if (progressActivityId) return await channel.update(owner, progressActivityId, reply);
    } catch (error) {
      run.logger.warn('could not update the report card: posting it anew', { error: describe(error) });
    }
    try {
      await channel.post(owner, reply);
    } catch (error) {
      run.logger.warn('could not show the report card', { error: describe(error) });
    }
  }
}

/** Writes of one page that find another writer's version: past this, something is wrong, and the run fails. */
const MAX_PAGE_WRITES = 5;
/** Pages in a row that bring no customer not seen before: the list is going round, and ends there. */
const MAX_PAGES_WITHOUT_NEW = 3;

function sameLink(a: ReportPage['next'], b: ReportJob['pageLink']): boolean {
  return !!a && !!b && a.uri === b.uri && a.continuationToken === b.continuationToken;
}
