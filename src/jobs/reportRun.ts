import type { Logger } from '../log';
import type { PartnerCenterRequestContext } from '../partnerCenter/client';
import { isRetryable, PartnerCenterError } from '../partnerCenter/errors';
import { retryWaitMs } from '../retry';
import { USER_FAILURES } from './customerCheck';
import { retryAt, type Pacer } from './pacer';
import type { ReportJob } from './reportRecord';
import type { WorkerDependencies } from './reportPorts';

/** Throttled answers in a row after which a call counts as failed (its customer is then "unknown"). */
const MAX_THROTTLED_TRIES = 30;
/** Other transient failures (network, timeouts, 5xx): tries per call, with backoff. */
const MAX_TRANSIENT_TRIES = 3;

/** Thrown where a run must stop (cancelled, lease lost, paused, shutting down): it ends at its next call. */
export class Stopped extends Error {}

/** One instance's run of a job, from taking its lease to giving it up. */
export interface Run {
  key: string;
  /** This run, as the lease names it. */
  owner: string;
  job: ReportJob;
  eTag: string;
  token: string;
  pacer: Pacer;
  /** Set when the run must stop: cancelled, lease lost, or paused for sign-in. */
  stop?: 'cancelled' | 'lost' | 'signIn' | 'shutdown';
  startedAt: number;
  checkedAtStart: number;
  lastCheckpointAt: number;
  lastProgressAt: number;
  checkpointing?: Promise<void>;
  logger: Logger;
}

/**
 * One Partner Center call at the job's pace. A 429 waits its Retry-After and goes again (the pacer slows
 * down); other transient failures back off; a refused token is renewed once, else the job pauses.
 */
export async function paced<T>(
  run: Run,
  deps: Pick<WorkerDependencies, 'clock' | 'partnerCenter' | 'channel'>,
  call: (request: PartnerCenterRequestContext) => Promise<T>,
): Promise<T> {
  const { clock, partnerCenter } = deps;
  let throttledTries = 0;
  let transientTries = 0;
  let renewed = false;
  for (;;) {
    if (run.stop) throw new Stopped();
    await run.pacer.take();
    run.job.calls += 1;
    let failure: unknown;
    try {
      const request = partnerCenter.newRequestContext({
        token: run.token,
        locale: run.job.owner.locale ?? 'en-US',
        userKey: run.job.owner.userKey,
        correlationId: run.job.id,
      });
      const value = await call({ ...request, maxAttempts: 1 });
      run.pacer.done('answered');
      return value;
    } catch (error) {
      failure = error;
    }
    const kind = failure instanceof PartnerCenterError ? failure.kind : undefined;
    run.pacer.done(kind === 'throttled' ? 'throttled' : 'answered');
    if (!(failure instanceof PartnerCenterError)) throw failure;
    if (kind === 'throttled' && ++throttledTries < MAX_THROTTLED_TRIES) {
      await clock.sleep(retryAt(clock.now(), failure.retryAfterSeconds) - clock.now());
    } else if (kind === 'unauthorized' && !renewed) {
      renewed = true;
      const token = await deps.channel.token(run.job.owner).catch(() => undefined);
      if (!token) run.stop = 'signIn';
      else run.token = token;
    } else if (kind && USER_FAILURES.has(kind)) {
      run.stop = 'signIn';
    } else if (kind && isRetryable(kind) && ++transientTries < MAX_TRANSIENT_TRIES) {
      await clock.sleep(retryWaitMs({ attempt: transientTries, baseMs: 500 }));
    } else {
      throw failure;
    }
  }
}
