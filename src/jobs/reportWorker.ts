import { randomUUID } from 'node:crypto';
import { addCounts, countRows } from '../mca/reportRow';
import { latestTemplate, type Signal } from '../mca/verdict';
import { describe } from '../log';
import type { AgreementMetadata } from '../partnerCenter/types';
import { signalOf } from './customerCheck';
import { PartnerPacers } from '../pace/partnerPacers';
import type { WorkerDependencies } from './reportPorts';
import { csvKey, type ReportJob, type ReportPage, type ReportResult } from './reportRecord';
import { checkPage, loadPage } from './reportPages';
import { paced, renewToken, Stopped, retried, type Run } from './reportRun';
import { readRows } from './reportStore';
import { showLast, showProgress } from './runCards';
import { releaseLeases, releasePage, renewLeases, saveJob, takeJob } from './runLease';

/**
 * Works on one MCA report: pages through every customer, checks each at a pace Partner Center accepts, saves
 * its progress at each checkpoint, holds its job's lease while it runs, updates the progress card in place, and
 * ends with the summary. Whatever stops it (a restart, a lost lease), the next run goes on from the last checkpoint.
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
   * and forgets the user's token. A run on another instance finds its lease broken at its next write.
   */
  cancelled(key: string, job: ReportJob): void {
    for (const run of this.runs) {
      if (run.key !== key || run.job.id !== job.id) continue;
      run.stop = 'cancelled';
      run.job = job;
      run.token = '';
    }
  }

  /** Runs the job at `key` when its lease is free (`token`: given by the turn that started it). */
  async run(key: string, token?: string): Promise<void> {
    if (this.closing) return;
    const run = await this.claim(key, token);
    if (!run) return;
    this.runs.add(run);
    if (this.closing) run.stop ??= 'shutdown';
    // Renewed on a timer: every customer may be waiting out a long Retry-After at once.
    const stopRenewing = this.deps.clock.every(this.deps.settings.leaseMs / 3, () => void this.renew(run));
    try {
      // A run taking a job over asks for the user's token here, where a cancel meanwhile already reaches it.
      if (!token) await renewToken(run, this.deps);
      await this.work(run);
    } catch (error) {
      if (error instanceof Stopped) return await this.stopped(run);
      run.logger.error('report failed', { error: describe(error) });
      if (await saveJob(this.deps, run, (job) => ((job.status = 'failed'), (job.reason = 'internal')))) {
        await showLast(this.deps, run, this.deps.cards.stopped(run.job));
      }
    } finally {
      stopRenewing();
      run.releasePacer();
      this.runs.delete(run);
      await releaseLeases(this.deps, run);
    }
  }

  private async claim(key: string, token: string | undefined): Promise<Run | undefined> {
    const { clock, instanceId } = this.deps;
    // The lease names this run, not only this instance: a run that outlived its lease can never write again.
    const leaseId = randomUUID();
    const job = await takeJob(this.deps, key, leaseId);
    if (!job) return undefined;
    const now = clock.now();
    const logger = this.deps.logger.child({ correlationId: job.id });
    logger.info('report run started', {
      instance: instanceId,
      page: job.page,
      checked: job.committed.checked,
    });
    // The partner's budget is shared by its users' reports; a report without a tenant (local mode) is its own.
    const pace = this.pacers.hold(job.owner.tenantId ?? `user:${job.owner.userKey}`);
    return {
      key,
      leaseId,
      job,
      token: token ?? '',
      pacer: pace.pacer,
      releasePacer: pace.release,
      throttled: job.throttled,
      startedAt: now,
      checkedAtStart: job.committed.checked + (job.current?.checked ?? 0),
      lastCheckpointAt: now,
      lastProgressAt: 0,
      lastAnsweredAt: now,
      logger,
    };
  }

  private async work(run: Run): Promise<void> {
    if (!run.job.progressActivityId) await showProgress(this.deps, run);
    if (run.stop) throw new Stopped();
    let templates = await this.readTemplates(run);
    const seen = await this.committedIds(run);
    let pagesWithoutNew = 0;
    for (;;) {
      const page = await loadPage(this.deps, run);
      // The last page listed: every customer is known, and the card can give a time left (saved at the next save).
      if (page.next === null) run.job.moreToList = false;
      // Versions that could not be read are asked for again at each page: the customers checked without them
      // are unknown (those who accepted since the cutoff), not guessed.
      if (!templates.ok || !latestTemplate(templates.value)) templates = await this.readTemplates(run);
      await checkPage(this.deps, run, page, seen, templates);
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
      const saved = await saveJob(this.deps, run, (job) => {
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
      if (!saved) throw new Stopped();
      await releasePage(this.deps, run);
      if (last) break;
    }
    run.logger.info('report done', { checked: run.job.committed.checked, calls: run.job.calls });
    await showLast(this.deps, run, this.deps.cards.summary(run.job));
  }

  /**
   * Once every page is checked: the CSV, written beside the pages, and what the summary shows, worked out once
   * from every row (each "Get the CSV" or "mca report" after this reads them, never the rows). The CSV is made
   * from committed pages only, so a run that lost the job meanwhile would write the same file.
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

  /**
   * The leases are renewed while the run is alive: Partner Center answered lately. A run stuck in a call that
   * never returns lets them run out, and another instance goes on.
   */
  private async renew(run: Run): Promise<void> {
    const { clock, settings } = this.deps;
    if (run.stop || run.renewing || clock.now() - run.lastAnsweredAt > 2 * settings.leaseMs) return;
    run.renewing = true;
    await renewLeases(this.deps, run).finally(() => (run.renewing = false));
  }

  /** A stopped run: a pause is saved and said; a cancel is shown on the card; a lost lease is silent. */
  private async stopped(run: Run): Promise<void> {
    const reason = run.stop;
    if (reason === 'signIn' || reason === 'mfa' || reason === 'tokenService')
      await saveJob(this.deps, run, (job) => ((job.status = 'paused'), (job.reason = reason)));
    // Its progress saved; its leases, given up as it ends, let another instance go on at once.
    if (run.stop === 'shutdown' && (await saveJob(this.deps, run, () => undefined)))
      return run.logger.info('report handed over: this instance is stopping');
    if (run.stop === 'lost') return run.logger.info('report taken over by another instance');
    run.logger.info('report stopped', { status: run.job.status });
    await showLast(this.deps, run, this.deps.cards.stopped(run.job));
  }
}

/** Pages in a row that bring no customer not seen before: the list is going round, and ends there. */
const MAX_PAGES_WITHOUT_NEW = 3;

function sameLink(a: ReportPage['next'], b: ReportJob['pageLink']): boolean {
  return !!a && !!b && a.uri === b.uri && a.continuationToken === b.continuationToken;
}
