import { describe, type Logger } from '../log';
import type { PartnerCenterRequestContext } from '../partnerCenter/client';
import { isRetryable, PartnerCenterError } from '../partnerCenter/errors';
import { retryWaitMs, withRetries } from '../retry';
import type { Clock } from '../clock';
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
 * One Partner Center call at the job's pace, under the one retry policy (src/retry.ts) with the job's own rules:
 * a 429 waits its Retry-After and goes again (the pacer slows down), up to MAX_THROTTLED_TRIES; other transient
 * failures back off, up to MAX_TRANSIENT_TRIES; a refused token is renewed once, else the job pauses. Every wait
 * ends early when the run is told to stop.
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
  let renewFirst = false;
  const waitSeconds = (ms: number) => ({ retryAfterSeconds: ms / 1000 });
  return withRetries(
    {
      clock: { sleep: (ms) => sleepUnlessStopped(run, clock, ms) },
      maxAttempts: Infinity,
      retryBaseMs: 500,
      retryable: (failure) => {
        if (!(failure instanceof PartnerCenterError)) return undefined;
        const { kind } = failure;
        if (kind === 'throttled' && ++throttledTries < MAX_THROTTLED_TRIES)
          return waitSeconds(retryAt(clock.now(), failure.retryAfterSeconds) - clock.now());
        if (kind === 'unauthorized' && !renewed) return ((renewed = renewFirst = true), waitSeconds(0));
        // The user's own failures pause the job: the next attempt finds the run stopped.
        if (kind === 'mfaRequired' || USER_FAILURES.has(kind))
          return ((run.stop = kind === 'mfaRequired' ? 'mfa' : 'signIn'), waitSeconds(0));
        if (isRetryable(kind) && ++transientTries < MAX_TRANSIENT_TRIES)
          return waitSeconds(retryWaitMs({ attempt: transientTries, baseMs: 500 }));
        return undefined;
      },
    },
    async () => {
      if (renewFirst) {
        renewFirst = false;
        await renewToken(run, deps);
      }
      if (run.stop || !(await run.pacer.take(() => run.stop !== undefined))) throw new Stopped();
      run.job.calls += 1;
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
      } catch (failure) {
        const kind = failure instanceof PartnerCenterError ? failure.kind : undefined;
        if (kind) run.lastAnsweredAt = clock.now();
        run.pacer.done(kind === 'throttled' ? 'throttled' : 'answered');
        if (kind === 'throttled') run.throttled += 1;
        throw failure;
      }
    },
  );
}
