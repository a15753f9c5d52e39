import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MCA_STATES } from '../mca/verdict';
import { reportOwnerSchema, WATCH_RUNS_PREFIX } from './reportRecord';

/**
 * A conversation's watch ("watch MCA here"): who it acts for (their delegated token does every run), where it
 * posts, and when it runs next. One per conversation; its runs are MCA reports (see WatchService).
 */
export const watchSchema = z.object({
  id: z.string(),
  /**
   * The person who asked (their token, name, language and time zone) and the conversation: where it posts (a new
   * post of a channel, not a thread's reply), its kind and its masking.
   */
  subscriber: reportOwnerSchema,
  startedAt: z.number(),
  nextDigestAt: z.number(),
  nextCheckAt: z.number(),
  /** The run under way or last started: its job id, and whether it is a digest. */
  run: z.object({ jobId: z.string(), digest: z.boolean() }).optional(),
  /** The last run whose result was told (posted, or found unchanged): each run is told once. */
  toldJobId: z.string().optional(),
  lastDigestAt: z.number().optional(),
  /** When a paused run was last asked to go on without anyone asking (a token from the token service). */
  triedResumeAt: z.number().optional(),
  /** An instance is posting what run `jobId` found, until `until`: the others leave it to it. */
  telling: z.object({ jobId: z.string(), until: z.number() }).optional(),
  /** A post that failed is tried again from then, each time later (`tellTries`). */
  tellAfter: z.number().optional(),
  tellTries: z.number().optional(),
  /** The pause whose card was posted (run, reason, whom it acts for): one card per pause, however often retried. */
  pauseToldFor: z.string().optional(),
  /** Digests failed in a row: each is run again later than the one before, and only the first is said. */
  digestFailures: z.number().optional(),
});
export type Watch = z.infer<typeof watchSchema>;

/** Each customer's state as a run found it: what the next run compares against. */
export const baselineSchema = z.object({
  jobId: z.string(),
  at: z.number(),
  states: z.record(z.string(), z.enum(MCA_STATES)),
  /** For the customers unknown at that run, the state they last had when known. */
  known: z.record(z.string(), z.enum(MCA_STATES).exclude(['unknown'])).optional(),
});
export type Baseline = z.infer<typeof baselineSchema>;

export const WATCH_PREFIX = 'mca-watch/';
/** A conversation's watch: its id hashed, so that no id a client sends can shape a blob name. */
export const watchKeyOf = (conversationId: string) =>
  `${WATCH_PREFIX}${createHash('sha256').update(conversationId).digest('base64url')}`;

/**
 * A watch's runs, among the reports (WATCH_RUNS_PREFIX): its last digest's apart from its last check's, so that a
 * check does not take the digest's CSV away; each replaces the one before of its kind.
 */
export const watchRunKey = (watchId: string, digest: boolean) =>
  `${WATCH_RUNS_PREFIX}${watchId}${digest ? '.digest' : ''}`;

const BASELINES_PREFIX = 'mca-watch-states/';
/** The states the last run found (for the notices), and those of the last digest (for the digest's changes). */
export const baselineKey = (watchId: string, of: 'last' | 'digest') => `${BASELINES_PREFIX}${watchId}/${of}`;
