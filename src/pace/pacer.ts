import type { Clock } from '../clock';

export interface PacerOptions {
  /** Requests per second never exceeded (the ceiling setting). */
  maxRatePerSecond: number;
  /** Requests under way at once, at most. */
  maxConcurrency: number;
  /** The pace to start at; it doubles every half second until Partner Center first throttles. */
  startRatePerSecond?: number;
  clock: Clock;
}

/** Below this the report still moves; Partner Center's documented limits are far above it. */
const MIN_RATE = 1;
/** After a throttled answer, the others already sent come back throttled too: one cut per period. */
const CUT_HOLD_MS = 100;
/** At a 429, the pace goes to this share of what it really was. */
const CUT = 0.8;
/** 429s closer together than this belong to one run of them. */
const EPISODE_GAP_MS = 1000;
/** How long a run of 429s is watched before its answers are taken as the budget's rate. */
const MEASURE_MS = 100;
/** A caller waiting for its turn looks this often whether its job has stopped. */
const STOP_CHECK_MS = 250;
/** Once throttled, the rate grows this much per second without a 429: slowly, as the limit is near. */
const GROWTH_PER_SECOND = 0.03;

/**
 * Paces the calls of a long job to what Partner Center accepts, which it does not publish: it answers 429 with
 * Retry-After past a per-user budget. The pace starts low and doubles every half second while it holds calls back
 * (as TCP's slow start), until the first 429; each 429 then brings it to four fifths of the pace really kept over
 * the last second, or, once 429s have come for a while, to what got through meanwhile (the budget's own rate);
 * between them it grows 3 % a second. Partner Center's budget refills over time, so a pace just above it drains
 * the budget slowly and a pace just below refills it: calls get through at about the budget's rate with few 429s.
 * A throttled call waits its Retry-After (`retryAt`) before it goes again; nothing is retried at once.
 */
export class Pacer {
  private rate: number;
  private slowStart = true;
  private nextSendAt = 0;
  private lastChangeAt: number;
  private cutHoldUntil = 0;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private throttled = 0;
  /** When the calls of the last second were sent: what the pace really was, whatever its nominal value. */
  private readonly sentAt: number[] = [];
  /** Whether a call had to wait for the pace since it last grew: only a pace that holds calls back grows. */
  private paceBound = false;
  /** Since the first 429 of a run of them: Partner Center's budget is spent, so answers come at its own rate. */
  private episode = { startedAt: Number.NEGATIVE_INFINITY, lastAt: Number.NEGATIVE_INFINITY, answered: 0 };

  constructor(private readonly options: PacerOptions) {
    this.rate = Math.min(options.maxRatePerSecond, options.startRatePerSecond ?? 50);
    this.lastChangeAt = options.clock.now();
  }

  /** The current pace, in requests per second. */
  get ratePerSecond(): number {
    return this.rate;
  }

  /** How many calls were throttled so far. */
  get throttledCalls(): number {
    return this.throttled;
  }

  /**
   * Waits for a turn to send, by pace and by concurrency; call `done` when the call has its answer. False, with
   * no turn taken, once `stopped` says so: a job stopping does not wait for turns it will not use (at a slow pace,
   * the callers queued behind one another would take seconds each).
   */
  async take(stopped: () => boolean = () => false): Promise<boolean> {
    while (this.inFlight >= this.options.maxConcurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (stopped()) {
        // The turn this caller was woken for goes to the next one, which stops in turn.
        this.waiting.shift()?.();
        return false;
      }
    }
    this.inFlight += 1;
    const { clock } = this.options;
    // Each waiter checks the pace when it wakes: a cut meanwhile spaces the calls not yet sent anew.
    for (;;) {
      if (stopped()) {
        this.inFlight -= 1;
        this.waiting.shift()?.();
        return false;
      }
      const now = clock.now();
      this.grow(now);
      if (now >= this.nextSendAt) {
        this.nextSendAt = now + 1000 / this.rate;
        this.sentAt.push(now);
        while (this.sentAt.length > 0 && this.sentAt[0]! <= now - 1000) this.sentAt.shift();
        return true;
      }
      this.paceBound = true;
      await clock.sleep(Math.min(this.nextSendAt - now, STOP_CHECK_MS));
    }
  }

  /** The call's outcome; a throttled one slows the pace down. */
  done(outcome: 'answered' | 'throttled'): void {
    this.inFlight -= 1;
    this.waiting.shift()?.();
    if (outcome !== 'throttled') {
      this.episode.answered += 1;
      return;
    }
    this.throttled += 1;
    const now = this.options.clock.now();
    const { episode } = this;
    if (now - episode.lastAt > EPISODE_GAP_MS) this.episode = { startedAt: now, lastAt: now, answered: 0 };
    episode.lastAt = now;
    if (now < this.cutHoldUntil) return;
    const elapsed = now - this.episode.startedAt;
    // Still throttled a while after the first 429: the answers since are what the budget lets through.
    const measured = elapsed >= MEASURE_MS ? (0.95 * this.episode.answered * 1000) / elapsed : Infinity;
    // The pace actually kept over the last second, which the nominal one may be far above (calls were slower).
    const base = Math.min(this.rate, Math.max(this.sentAt.length, MIN_RATE));
    // A few answers are a poor measure: one cut never goes below a third of the pace.
    this.rate = Math.max(MIN_RATE, Math.min(base * CUT, Math.max(measured, base / 3)));
    this.slowStart = false;
    this.cutHoldUntil = now + CUT_HOLD_MS;
    this.lastChangeAt = now;
    this.nextSendAt = Math.max(this.nextSendAt, now + 1000 / this.rate);
  }

  private grow(now: number): void {
    const elapsed = (now - this.lastChangeAt) / 1000;
    if (elapsed <= 0 || now < this.cutHoldUntil) return;
    if (!this.paceBound) {
      this.lastChangeAt = now;
      return;
    }
    this.paceBound = false;
    const factor = this.slowStart ? 2 ** (elapsed * 2) : (1 + GROWTH_PER_SECOND) ** elapsed;
    this.rate = Math.min(this.options.maxRatePerSecond, this.rate * factor);
    this.lastChangeAt = now;
  }
}

/** When a throttled call may go again: its Retry-After (1 s when absent or zero), never at once. */
export function retryAt(now: number, retryAfterSeconds: number | undefined): number {
  return now + Math.max(1, retryAfterSeconds ?? 1) * 1000;
}
