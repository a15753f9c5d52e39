import { describe, type Logger } from '../log';
import type { PartnerCenterRequestContext } from '../partnerCenter/client';
import { isRetryable, PartnerCenterError } from '../partnerCenter/errors';
import { retryWaitMs, withRetries } from '../retry';
import { type Clock } from '../clock';
import { USER_FAILURES } from './customerCheck';
import { retryAt, type Pacer } from '../pace/pacer';
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
  /**
   * The lease this run holds on its job's blob, and on the page it is checking: Blob storage refuses the writes of
   * anyone else, so a run that lost its job (taken over, cancelled) can write nothing more.
   */
  leaseId: string;
  job: ReportJob;
  token: string;
  /** The pace of the partner's reports on this instance, shared; given back when the run ends. */
  pacer: Pacer;
  releasePacer: () => void;
  /** This job's throttled calls so far, its earlier runs included. */
  throttled: number;
  /** Set when the run must stop: cancelled, lease lost, paused (sign-in, or no token service), shutting down. */
  stop?: 'cancelled' | 'lost' | PauseReason | 'shutdown';
  /** The page whose lease this run holds, while it checks it. */
  pageKey?: string;
  startedAt: number;
  checkedAtStart: number;
  lastCheckpointAt: number;
  lastProgressAt: number;
  /** When Partner Center last answered one of this run's calls (a 429 included): the run is alive. */
  lastAnsweredAt: number;
  /** A timer's lease renewal is under way: the next tick does not queue another. */
  renewing?: boolean;
  checkpointing?: Promise<void>;
  /** The save under way: saves go one after the other, in the order asked. */
  saving?: Promise<boolean>;
  logger: Logger;
}

/**
 * Why a job pauses: the user must sign in again, their sign-in lacks the multi-factor authentication Partner
 * Center requires (signing in again the same way brings the same token back), or the token service did not answer.
 */
type PauseReason = 'signIn' | 'mfa' | 'tokenService';

/**
 * A fresh token for the job's user. No token: they must sign in again. The token service failing is not that:
 * it is asked again, with backoff, before the job pauses saying the service did not answer.
 */
export async function renewToken(
  run: Run,
  deps: Pick<WorkerDependencies, 'clock' | 'channel'>,
): Promise<void> {
  try {
    const token = await retried(deps.clock, () => deps.channel.token(run.job.owner), 1000);
    // Told to stop meanwhile (cancelled, signed out): it keeps no token.
    if (run.stop) return;
    if (token) run.token = token;
    else run.stop = 'signIn';
  } catch (error) {
    run.logger.warn('token service failed', { error: describe(error) });
    run.stop = 'tokenService';
  }
}

/** Waits `ms`, or less when the run is told to stop meanwhile (a Retry-After can be minutes). */
async function sleepUnlessStopped(run: Run, clock: Clock, ms: number): Promise<void> {
  const until = clock.now() + ms;
  while (!run.stop && clock.now() < until) await clock.sleep(Math.min(250, until - clock.now()));
}

/**
 * A call to a service the job leans on (the job store, the token service), tried again with backoff when it
 * fails: one failing request must not end a report that has run for an hour. A failure that lasts is thrown.
 */
export function retried<T>(clock: Clock, call: () => Promise<T>, baseMs = 500): Promise<T> {
  return withRetries(
    { clock, maxAttempts: MAX_TRANSIENT_TRIES, retryBaseMs: baseMs, retryable: () => ({}) },
    () => call(),
  );
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
    if (run.stop || !(await run.pacer.take(() => run.stop !== undefined))) throw new Stopped();
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
      run.lastAnsweredAt = clock.now();
      run.pacer.done('answered');
      return value;
    } catch (error) {
      failure = error;
    }
    const kind = failure instanceof PartnerCenterError ? failure.kind : undefined;
    if (kind) run.lastAnsweredAt = clock.now();
    run.pacer.done(kind === 'throttled' ? 'throttled' : 'answered');
    if (kind === 'throttled') run.throttled += 1;
    if (!(failure instanceof PartnerCenterError)) throw failure;
    if (kind === 'throttled' && ++throttledTries < MAX_THROTTLED_TRIES) {
      await sleepUnlessStopped(run, clock, retryAt(clock.now(), failure.retryAfterSeconds) - clock.now());
    } else if (kind === 'unauthorized' && !renewed) {
      renewed = true;
      await renewToken(run, deps);
    } else if (kind === 'mfaRequired') {
      run.stop = 'mfa';
    } else if (kind && USER_FAILURES.has(kind)) {
      run.stop = 'signIn';
    } else if (kind && isRetryable(kind) && ++transientTries < MAX_TRANSIENT_TRIES) {
      await sleepUnlessStopped(run, clock, retryWaitMs({ attempt: transientTries, baseMs: 500 }));
    } else {
      throw failure;
    }
  }
}
