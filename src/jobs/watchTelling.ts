import type { Reply } from '../cards/renderer';
import { describe } from '../log';
import { baselineOf, changesSince } from '../mca/stateChanges';
import { retryWaitMs } from '../retry';
import { ConversationGone } from './reportPorts';
import type { ReportJob } from './reportRecord';
import { retried } from './reportRun';
import { readRows } from './reportStore';
import type { WatchServiceOptions } from './watchPorts';
import { baselineKey, baselineSchema, type Baseline, type Watch } from './watchRecord';

/**
 * How long an instance has to post what a run found before another may try: far more than a tend may take
 * (TEND_DEADLINE_MS in watches.ts), so that two instances never post the same card.
 */
const TELLING_MS = 10 * 60_000;
/** A post that failed is tried again after 1, 2, 4… minutes, at most an hour apart. */
const TELL_RETRY_MS = 60_000;
const TELL_RETRY_MAX_MS = 3_600_000;
/** A digest whose run failed is run again this much later, not a week later. */
const DIGEST_RETRY_MS = 30 * 60_000;

/** Reads and writes a watch by its key, under its eTag; gives up (undefined) when it is gone. */
export interface WatchRecords {
  read(key: string): Promise<{ watch: Watch; eTag: string } | undefined>;
  /** Applies `change` to the watch as stored, again after a lost race; the watch written, or undefined if gone. */
  update(key: string, change: (watch: Watch) => Watch | undefined): Promise<Watch | undefined>;
  /** The watch ended (the bot was removed from its conversation). */
  end(key: string, watch: Watch): Promise<void>;
}

/**
 * Tells a conversation what a finished run of its watch found, once, whichever instance gets there first: the
 * digest, the changes since the last check (nothing when there are none), or why the run failed. The order makes
 * it at least once: the post, then the new baselines, then the run marked told; a post that fails is tried again
 * later, with the same rows, before anything moves on.
 */
export async function tell(
  deps: WatchServiceOptions,
  records: WatchRecords,
  key: string,
  stored: { watch: Watch; eTag: string },
  run: ReportJob,
): Promise<void> {
  const { store, clock } = deps;
  const now = clock.now();
  const { watch } = stored;
  if ((watch.telling && watch.telling.until > now) || (watch.tellAfter ?? 0) > now) return;
  const claim: Watch = { ...watch, telling: { jobId: run.id, until: now + TELLING_MS } };
  if (!(await store.write(key, claim, { eTag: stored.eTag }))) return;
  const digest = run.watch?.digest === true;
  if (run.status !== 'done') return toldFailed(deps, records, key, claim, run, digest);
  const rows = await retried(clock, () => readRows(store, run));
  const last = await readBaseline(deps, watch.id, 'last');
  const sinceDigest = digest ? await readBaseline(deps, watch.id, 'digest') : undefined;
  let reply: Reply | undefined;
  if (digest) reply = deps.cards.digest(watch, run, sinceDigest && changesSince(sinceDigest, rows));
  else {
    const changes = last ? changesSince(last, rows) : [];
    reply = changes.length > 0 ? deps.cards.changes(watch, run, changes) : undefined;
  }
  if (reply && !(await posted(deps, records, key, claim, reply))) return;
  // Stopped while it posted: what it kept is gone, and nothing is written back.
  if ((await records.read(key))?.watch.id !== watch.id) return;
  try {
    const at = run.finishedAt ?? run.updatedAt;
    // A list that stopped advancing (the report says so) left customers unseen: they keep their last state.
    const partial = run.reason === 'listStopped';
    const baseline = (before?: Baseline): Baseline => ({
      jobId: run.id,
      at,
      ...baselineOf(rows, before, { partial }),
    });
    await retried(clock, () => store.write(baselineKey(watch.id, 'last'), baseline(last), 'any'));
    if (digest)
      await retried(clock, () => store.write(baselineKey(watch.id, 'digest'), baseline(sinceDigest), 'any'));
  } catch (error) {
    // Posted, but not remembered: it is told again later rather than lost.
    deps.logger.warn('could not save what the watch found', { error: describe(error) });
    return void (await records.update(key, (current) => retryLater(current, deps.clock.now())));
  }
  await records.update(key, (current) => {
    const { digestFailures: _failures, ...told } = withoutTelling(current);
    return { ...told, toldJobId: run.id, ...(digest ? { lastDigestAt: run.finishedAt } : {}) };
  });
}

/**
 * A run that did not end done. Failed: said once; a failed digest is run again soon, not next week. Cancelled: the
 * watch was stopped, and that answer said so.
 */
async function toldFailed(
  deps: WatchServiceOptions,
  records: WatchRecords,
  key: string,
  watch: Watch,
  run: ReportJob,
  digest: boolean,
): Promise<void> {
  // Partner Center down for hours fails digest after digest: each is run again later than the one before (30
  // minutes, an hour, two…), and only the first failure in a row is said.
  const failures = digest ? (watch.digestFailures ?? 0) + 1 : 0;
  const retryAt = digest ? deps.clock.now() + DIGEST_RETRY_MS * 2 ** Math.min(failures - 1, 6) : undefined;
  const said = run.status !== 'failed' || failures > 1;
  if (!said && !(await posted(deps, records, key, watch, deps.cards.failed(watch, run, retryAt)))) return;
  await records.update(key, (current) => ({
    ...withoutTelling(current),
    toldJobId: run.id,
    ...(retryAt !== undefined
      ? { nextDigestAt: Math.min(current.nextDigestAt, retryAt), digestFailures: failures }
      : {}),
  }));
}

/**
 * Posts `reply` to the watch's conversation, unless the watch was stopped meanwhile. False when it was not posted:
 * the conversation is gone (the watch ends), or the post failed (tried again later).
 */
export async function posted(
  deps: WatchServiceOptions,
  records: WatchRecords,
  key: string,
  watch: Watch,
  reply: Reply,
  { retryLater: later = true } = {},
): Promise<boolean> {
  const current = await records.read(key);
  if (current?.watch.id !== watch.id) return false;
  // Another instance took the telling over (this one was too slow): it posts, not this one.
  if (watch.telling && current.watch.telling?.until !== watch.telling.until) return false;
  try {
    await deps.channel.post(current.watch.subscriber, reply);
    return true;
  } catch (error) {
    if (error instanceof ConversationGone) {
      deps.logger.info('watch ended: the bot is no longer in its conversation', { watch: watch.id });
      await records.end(key, current.watch);
      return false;
    }
    deps.logger.warn('could not post the watch card', { error: describe(error) });
    if (later) await records.update(key, (now) => retryLater(now, deps.clock.now()));
    return false;
  }
}

function retryLater(watch: Watch, now: number): Watch {
  const tries = (watch.tellTries ?? 0) + 1;
  const wait = Math.min(TELL_RETRY_MAX_MS, retryWaitMs({ attempt: tries, baseMs: TELL_RETRY_MS }));
  return { ...withoutTelling(watch), tellAfter: now + wait, tellTries: tries };
}

function withoutTelling(watch: Watch): Watch {
  const { telling: _telling, tellAfter: _after, tellTries: _tries, ...rest } = watch;
  return rest;
}

async function readBaseline(
  deps: Pick<WatchServiceOptions, 'store'>,
  watchId: string,
  of: 'last' | 'digest',
): Promise<Baseline | undefined> {
  const stored = await deps.store.read(baselineKey(watchId, of));
  return stored && baselineSchema.safeParse(stored.value).data;
}
