import { randomUUID } from 'node:crypto';
import { describe } from '../log';
import { baselineOf, changesSince } from '../mca/stateChanges';
import type { JobStore } from '../storage/jobStore';
import { ConversationGone } from './reportPorts';
import type { WatchServiceOptions } from './watchPorts';
import type { ReportJob, ReportOwner } from './reportRecord';
import { retried } from './reportRun';
import { hasEnded } from './reportStatus';
import { newJob, readRows } from './reportStore';
import {
  baselineKey,
  baselineSchema,
  WATCH_PREFIX,
  watchKeyOf,
  watchRunKey,
  watchSchema,
  type Baseline,
  type Watch,
} from './watchRecord';

/** What "watch MCA here" finds: a new watch (its first digest under way), one already on, one resumed. */
export type WatchOutcome = { kind: 'started' | 'watching' | 'resumed'; watch: Watch };

/** A run paused because the token service did not answer is asked to go on this often. */
const SERVICE_RETRY_MS = 5 * 60_000;

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

  constructor(private readonly options: WatchServiceOptions) {}

  private get store(): JobStore {
    return this.options.store;
  }

  /**
   * "watch MCA here": a new watch, whose first digest starts at once. A watch paused until its subscriber signs in
   * again goes on, on behalf of whoever asks now (they are signed in). One already on is left as it is.
   */
  async watch(subscriber: ReportOwner, conversationId: string, token: string): Promise<WatchOutcome> {
    const key = watchKeyOf(conversationId);
    for (let attempt = 1; ; attempt++) {
      const stored = await this.read(key);
      if (stored) {
        const run = await this.runOf(stored.watch);
        if (run?.status !== 'paused') return { kind: 'watching', watch: stored.watch };
        const watch = { ...stored.watch, subscriber };
        if (await this.store.write(key, watch, { eTag: stored.eTag })) {
          await this.options.reports.resumeAt(watchRunKey(watch.id), subscriber, token);
          this.follow(key, watch);
          return { kind: 'resumed', watch };
        }
      } else {
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
      }
      if (attempt >= 3) throw new Error('the watch kept changing while it was asked for');
    }
  }

  /** "stop watching MCA": the watch ends, its run under way is cancelled, and the states it kept are deleted. */
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
    await this.scanning;
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
      await this.tend(key).catch((error: unknown) => logger.warn('watch failed', { error: describe(error) }));
    }
  }

  /** What a watch needs now: its run started, resumed, or told; or nothing until its next time. */
  private async tend(key: string): Promise<void> {
    const stored = await this.read(key);
    if (!stored) return;
    const { watch } = stored;
    const run = await this.runOf(watch);
    const started = watch.run;
    // Its record says a run started, but the instance that wrote it stopped before the run's job was written.
    if (started && started.jobId !== watch.toldJobId && started.jobId !== run?.id) {
      if (!run || hasEnded(run.status))
        await this.options.reports.startAt(watchRunKey(watch.id), this.runJob(watch));
      return;
    }
    if (run?.status === 'running') return;
    if (run?.status === 'paused') return this.tryResume(key, stored, run);
    if (run && hasEnded(run.status) && watch.toldJobId !== run.id) return this.tell(key, stored, run);
    if (Math.min(watch.nextDigestAt, watch.nextCheckAt) <= this.options.clock.now()) {
      await this.startNext(key, stored);
    }
  }

  /**
   * The next run: a digest when one is due (it covers the check due with it), else a check. The next times are
   * counted from now, so runs missed while no instance ran make one run, not one each.
   */
  private async startNext(key: string, stored: { watch: Watch; eTag: string }): Promise<Watch | undefined> {
    const { clock, schedules } = this.options;
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
    await this.options.reports.startAt(watchRunKey(watch.id), this.runJob(next));
    this.follow(key, next);
    return next;
  }

  /**
   * Tells the watch's run as soon as it ends here, rather than at the next scan. A run taken over by another
   * instance is told by that instance's scan.
   */
  private follow(key: string, watch: Watch): void {
    void this.options.reports
      .settled(watchRunKey(watch.id))
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
   * A paused run goes on without anyone asking when it can: the token service answering again, or a token for a
   * subscriber who signed in again elsewhere (tried at each check time). A run paused for MFA waits for its
   * subscriber: the same sign-in would bring the same token back.
   */
  private async tryResume(
    key: string,
    stored: { watch: Watch; eTag: string },
    run: ReportJob,
  ): Promise<void> {
    const { clock, schedules, reports, channel } = this.options;
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
    await reports.resumeAt(watchRunKey(watch.id), {}, token);
    this.follow(key, watch);
  }

  /**
   * A finished run told once: the instance that marks it told posts its card. A done run's digest, or its changes
   * when there are any; then its states become the baseline. A post that fails leaves the baseline as it was, so
   * the next run tells those changes; a conversation the bot was removed from ends the watch.
   */
  private async tell(key: string, stored: { watch: Watch; eTag: string }, run: ReportJob): Promise<void> {
    const { store, options } = this;
    const digest = run.status === 'done' && run.watch?.digest === true;
    const watch = { ...stored.watch, toldJobId: run.id, ...(digest ? { lastDigestAt: run.finishedAt } : {}) };
    if (!(await store.write(key, watch, { eTag: stored.eTag }))) return;
    // A run that failed said so on its own card; a cancelled one was stopped by whoever stopped the watch.
    if (run.status !== 'done') return;
    const rows = await retried(options.clock, () => readRows(store, run));
    const since = await this.baseline(watch.id, digest ? 'digest' : 'last');
    const changes = since && changesSince(since.states, rows);
    const reply = digest
      ? options.cards.digest(watch, run, changes)
      : changes?.length
        ? options.cards.changes(watch, run, changes)
        : undefined;
    if (reply) {
      try {
        await options.channel.post(run.owner, reply);
      } catch (error) {
        if (error instanceof ConversationGone) {
          options.logger.info('watch ended: the bot is no longer in its conversation', { watch: watch.id });
          return this.end(key, watch);
        }
        return options.logger.warn('could not post the watch card', { error: describe(error) });
      }
    }
    const baseline: Baseline = {
      jobId: run.id,
      at: run.finishedAt ?? run.updatedAt,
      states: baselineOf(rows),
    };
    await retried(options.clock, () => store.write(baselineKey(watch.id, 'last'), baseline, 'any'));
    if (digest)
      await retried(options.clock, () => store.write(baselineKey(watch.id, 'digest'), baseline, 'any'));
  }

  private async end(key: string, watch: Watch): Promise<void> {
    await this.store.delete(key);
    await this.options.reports.cancelAt(watchRunKey(watch.id));
    for (const kind of ['last', 'digest'] as const) await this.store.delete(baselineKey(watch.id, kind));
  }

  private async read(key: string): Promise<{ watch: Watch; eTag: string } | undefined> {
    const stored = await this.store.read(key);
    const watch = stored && watchSchema.safeParse(stored.value).data;
    return watch && { watch, eTag: stored.eTag };
  }

  private runOf(watch: Watch): Promise<ReportJob | undefined> {
    return this.options.reports.jobAt(watchRunKey(watch.id));
  }

  private async baseline(watchId: string, of: 'last' | 'digest'): Promise<Baseline | undefined> {
    const stored = await this.store.read(baselineKey(watchId, of));
    return stored && baselineSchema.safeParse(stored.value).data;
  }
}
