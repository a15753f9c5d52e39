import { randomUUID } from 'node:crypto';
import { within } from '../deadline';
import { describe } from '../log';
import type { JobStore } from '../storage/jobStore';
import type { ReportJob, ReportOwner } from './reportRecord';
import { hasEnded } from './reportStatus';
import { newJob } from './reportStore';
import type { WatchServiceOptions } from './watchPorts';
import { baselineKey, WATCH_PREFIX, watchKeyOf, watchRunKey, watchSchema, type Watch } from './watchRecord';
import { posted, tell, type WatchRecords } from './watchTelling';

/** What "watch MCA here" finds: a new watch (its first digest under way), one already on, one resumed. */
export type WatchOutcome = { kind: 'started' | 'watching' | 'resumed'; watch: Watch; run?: ReportJob };

/** A run paused because the token service did not answer is asked to go on this often. */
const SERVICE_RETRY_MS = 5 * 60_000;
/**
 * A watch's tend gives up waiting after this (a post or a token call that never answers): the scan goes on to the
 * other watches, and this one is tended again at the next scan (its telling claim lasts longer: watchTelling.ts).
 */
const TEND_DEADLINE_MS = 2 * 60_000;
/** Closing waits this long at most for a scan under way. */
const CLOSE_DEADLINE_MS = 10_000;

/**
 * The conversations kept informed of their customers' MCA: each watch runs an MCA report on its schedule, with its
 * subscriber's token, at the report's pace and under the report's lease (one instance runs it; another takes it
 * over), then posts the digest, or the changes found, or nothing. Every instance's scan starts what is due (a run
 * missed while every instance was down runs once, at the next start) and tells each finished run once.
 */
export class WatchService {
  private stopScanning: (() => void) | undefined;
  private scanning: Promise<void> | undefined;
  private closed = false;
  private readonly records: WatchRecords;

  constructor(private readonly options: WatchServiceOptions) {
    this.records = {
      read: (key) => this.read(key),
      update: (key, change) => this.update(key, change),
      end: (key, watch) => this.end(key, watch),
    };
  }

  private get store(): JobStore {
    return this.options.store;
  }

  /**
   * "watch MCA here": a new watch, whose first digest starts at once; one already on is left as it is. A watch
   * paused until its subscriber signs in again goes on, on behalf of whoever asks now (they are signed in): the
   * run's resumption decides, so that of two people asking at once, one resumes it and the other is told it runs.
   * Paused because the token service did not answer, it goes on for its own subscriber.
   */
  async watch(subscriber: ReportOwner, conversationId: string, token: string): Promise<WatchOutcome> {
    const key = watchKeyOf(conversationId);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const stored = await this.read(key);
      if (!stored) {
        const now = this.options.clock.now();
        const watch: Watch = {
          id: randomUUID(),
          subscriber,
          startedAt: now,
          nextDigestAt: now,
          nextCheckAt: now,
        };
        const eTag = await this.store.write(key, watch, 'absent');
        // The first digest at once: the conversation sees where things stand, and later changes are told against it.
        if (eTag) return { kind: 'started', watch: (await this.startNext(key, { watch, eTag })) ?? watch };
        continue;
      }
      const run = await this.runOf(stored.watch);
      if (run?.status !== 'paused') return { kind: 'watching', watch: stored.watch, run };
      // Someone of another organization (a guest) does not take a partner's watch over.
      const { tenantId } = stored.watch.subscriber;
      if (tenantId && subscriber.tenantId !== tenantId) return { kind: 'watching', watch: stored.watch, run };
      const takesOver =
        run.reason !== 'tokenService' || subscriber.userKey === stored.watch.subscriber.userKey;
      const runKey = watchRunKey(stored.watch.id, run.watch?.digest === true);
      const resumed = takesOver
        ? await this.options.reports.resumeAt(runKey, subscriber, token)
        : await this.options.reports.resumeAt(runKey, {});
      if (!resumed) continue;
      // A new pause after this one is said anew, whoever it is for.
      const watch = await this.update(key, (current) => {
        const { pauseToldFor: _told, ...rest } = current;
        return takesOver ? { ...rest, subscriber } : rest;
      });
      if (!watch) continue;
      this.follow(key, watch);
      return { kind: 'resumed', watch, run: resumed };
    }
    const now = await this.read(key);
    if (!now) throw new Error('the watch kept changing while it was asked for');
    return { kind: 'watching', watch: now.watch, run: await this.runOf(now.watch) };
  }

  /** "stop watching MCA": the watch ends; its runs are cancelled and deleted, and the states it kept too. */
  async stop(conversationId: string): Promise<Watch | undefined> {
    const key = watchKeyOf(conversationId);
    const stored = await this.read(key);
    if (!stored) return undefined;
    await this.end(key, stored.watch);
    return stored.watch;
  }

  /** "what are we watching": the conversation's watch, and its run under way or last made. */
  async status(conversationId: string): Promise<{ watch: Watch; run?: ReportJob } | undefined> {
    const stored = await this.read(watchKeyOf(conversationId));
    return stored && { watch: stored.watch, run: await this.runOf(stored.watch) };
  }

  /** Tends every watch now (what was missed while no instance ran included), then every `everyMs`. */
  startScanning(everyMs: number): void {
    const scan = () => void this.scan();
    scan();
    this.stopScanning = this.options.clock.every(everyMs, scan);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopScanning?.();
    await within(this.scanning ?? Promise.resolve(), CLOSE_DEADLINE_MS, () => undefined);
  }

  /** Each watch once: a scan still going when the next is due is not doubled. */
  scan(): Promise<void> {
    this.scanning ??= this.scanAll().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async scanAll(): Promise<void> {
    const { logger } = this.options;
    const keys = await this.store.list(WATCH_PREFIX).catch((error: unknown) => {
      logger.warn('watch scan failed', { error: describe(error) });
      return [];
    });
    for (const key of keys) {
      if (this.closed) return;
      const tended = this.tend(key).catch((error: unknown) =>
        logger.warn('watch failed', { error: describe(error) }),
      );
      const deadline = this.options.tendDeadlineMs ?? TEND_DEADLINE_MS;
      await within(tended, deadline, () => logger.warn('watch still tending: the scan goes on'));
    }
  }

  /** What a watch needs now: its run started, resumed or told, its pause said; or nothing until its next time. */
  private async tend(key: string): Promise<void> {
    const stored = await this.read(key);
    if (!stored) return;
    const { watch } = stored;
    const run = await this.runOf(watch);
    const started = watch.run;
    // Its record says a run started, but the instance that wrote it stopped before the run's job was written.
    if (started && started.jobId !== watch.toldJobId && started.jobId !== run?.id) {
      if (run && !hasEnded(run.status)) return;
      const runKey = watchRunKey(watch.id, started.digest);
      await this.options.reports.startAt(runKey, this.runJob(watch));
      // Stopped meanwhile: its stop found no run to remove yet.
      if ((await this.read(key))?.watch.id !== watch.id) await this.options.reports.removeAt(runKey);
      return;
    }
    if (run?.status === 'running') return;
    if (run?.status === 'paused') return this.whilePaused(key, stored, run);
    if (run && hasEnded(run.status) && watch.toldJobId !== run.id)
      return tell(this.options, this.records, key, stored, run);
    if (Math.min(watch.nextDigestAt, watch.nextCheckAt) <= this.options.clock.now()) {
      await this.startNext(key, stored);
    }
  }

  /**
   * The next run: a digest when one is due (it covers the check due with it), else a check. The next times are
   * counted from now, so runs missed while no instance ran make one run, not one each.
   */
  private async startNext(key: string, stored: { watch: Watch; eTag: string }): Promise<Watch | undefined> {
    const { clock, schedules, reports } = this.options;
    const { watch } = stored;
    const now = clock.now();
    const zone = watch.subscriber.timeZone;
    const digest = watch.nextDigestAt <= now;
    const next: Watch = {
      ...watch,
      run: { jobId: randomUUID(), digest },
      nextDigestAt: digest ? schedules.digest.next(now, zone) : watch.nextDigestAt,
      nextCheckAt: schedules.check.next(now, zone),
    };
    delete next.triedResumeAt;
    // Whichever instance writes this starts the run; the others find it started.
    if (!(await this.store.write(key, next, { eTag: stored.eTag }))) return undefined;
    const runKey = watchRunKey(watch.id, digest);
    await reports.startAt(runKey, this.runJob(next));
    // Stopped meanwhile: its stop found no run to cancel yet.
    if ((await this.read(key))?.watch.id !== watch.id) return void (await reports.removeAt(runKey));
    this.follow(key, next);
    return next;
  }

  /**
   * Tells the watch's run as soon as it ends here, rather than at the next scan. A run taken over by another
   * instance is told by that instance's scan.
   */
  private follow(key: string, watch: Watch): void {
    const runKey = watchRunKey(watch.id, watch.run?.digest === true);
    void this.options.reports
      .settled(runKey)
      .then(() => {
        if (!this.closed) return this.tend(key);
      })
      .catch((error: unknown) => this.options.logger.warn('watch failed', { error: describe(error) }));
  }

  private runJob(watch: Watch): ReportJob {
    const run = watch.run!;
    const job = newJob(watch.subscriber, this.options.clock.now());
    return { ...job, id: run.jobId, watch: { id: watch.id, digest: run.digest } };
  }

  /**
   * A paused run: its card posted once per pause, however often it is tried again; then it goes on without
   * anyone asking when it can: the token service answering again (every few minutes), or a token for a subscriber
   * who signed in again elsewhere (at each check time). A run paused for MFA waits for its subscriber: the same
   * sign-in would bring the same token back.
   */
  private async whilePaused(
    key: string,
    stored: { watch: Watch; eTag: string },
    run: ReportJob,
  ): Promise<void> {
    const { clock, schedules, reports, channel, cards } = this.options;
    const pause = `${run.id}:${run.reason ?? ''}:${run.owner.userKey}`;
    if (stored.watch.pauseToldFor !== pause) {
      // Whichever tend marks it posts it; a post that fails is tried again at the next scan.
      const told = await this.update(key, (current) =>
        current.pauseToldFor === pause ? undefined : { ...current, pauseToldFor: pause },
      );
      const card = told && cards.paused(told, run);
      if (card && !(await posted(this.options, this.records, key, told, card, { retryLater: false }))) {
        await this.update(key, (current) => {
          const { pauseToldFor: _told, ...rest } = current;
          return current.pauseToldFor === pause ? rest : undefined;
        });
      }
      return;
    }
    const { watch } = stored;
    const now = clock.now();
    const service = run.reason === 'tokenService';
    const due = service
      ? now - (watch.triedResumeAt ?? run.updatedAt) >= SERVICE_RETRY_MS
      : now >= watch.nextCheckAt;
    if (!due || run.reason === 'mfa') return;
    const tried = {
      ...watch,
      triedResumeAt: now,
      nextCheckAt: service ? watch.nextCheckAt : schedules.check.next(now, watch.subscriber.timeZone),
    };
    if (!(await this.store.write(key, tried, { eTag: stored.eTag }))) return;
    const token = await channel.token(run.owner).catch(() => undefined);
    if (!token && !service) return;
    await reports.resumeAt(watchRunKey(watch.id, run.watch?.digest === true), {}, token);
    this.follow(key, watch);
  }

  private async end(key: string, watch: Watch): Promise<void> {
    await this.store.delete(key);
    for (const digest of [false, true]) await this.options.reports.removeAt(watchRunKey(watch.id, digest));
    for (const kind of ['last', 'digest'] as const) await this.store.delete(baselineKey(watch.id, kind));
  }

  private async read(key: string): Promise<{ watch: Watch; eTag: string } | undefined> {
    const stored = await this.store.read(key);
    const watch = stored && watchSchema.safeParse(stored.value).data;
    return watch && { watch, eTag: stored.eTag };
  }

  private async update(key: string, change: (watch: Watch) => Watch | undefined): Promise<Watch | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await this.read(key);
      const changed = stored && change(stored.watch);
      if (!stored || !changed) return undefined;
      if (await this.store.write(key, changed, { eTag: stored.eTag })) return changed;
    }
    return undefined;
  }

  /** The run under way, or the last made. */
  private runOf(watch: Watch): Promise<ReportJob | undefined> {
    return this.options.reports.jobAt(watchRunKey(watch.id, watch.run?.digest === true));
  }
}
