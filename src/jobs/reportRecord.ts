import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ReportRow, StateCounts } from '../mca/reportRow';
import { MCA_STATES } from '../mca/verdict';
import { REPORT_STATUSES } from './reportStatus';

const stateSchema = z.enum(MCA_STATES);
const countsSchema = z.object({
  canTransact: z.number(),
  reacceptanceNeeded: z.number(),
  notAccepted: z.number(),
  unknown: z.number(),
}) satisfies z.ZodType<StateCounts>;
const linkSchema = z.object({ uri: z.string(), continuationToken: z.string().optional() });

/** A report row as stored (ReportRow, src/mca/reportRow.ts), read back with its schema. */
const reportRowSchema = z.object({
  id: z.string(),
  companyName: z.string(),
  domain: z.string().optional(),
  state: stateSchema,
  by: z.enum(['attestation', 'direct']).optional(),
  dateAgreed: z.string().optional(),
  /** Added later: rows saved before it have none. */
  templateId: z.string().optional(),
  contact: z.object({ name: z.string(), email: z.string().optional() }).optional(),
  failure: z.string().optional(),
}) satisfies z.ZodType<ReportRow>;
export type { ReportRow };

/**
 * A page of the customer list as the job saw it: its customers, where the next page is (null: none), and the rows
 * checked so far. Saved as soon as it is listed and at each checkpoint, so that an instance taking the job over
 * goes on from the customers left, never listing or counting one twice.
 */
export const reportPageSchema = z.object({
  customers: z.array(z.object({ id: z.string(), companyName: z.string(), domain: z.string().optional() })),
  next: linkSchema.nullable(),
  rows: z.record(z.string(), reportRowSchema),
});
export type ReportPage = z.infer<typeof reportPageSchema>;

/** Who asked, where to answer, and in which language: what a job needs to talk to its user after the turn. */
export const reportOwnerSchema = z.object({
  userKey: z.string(),
  /** The user's Entra tenant: the partner, whose reports share one pace (absent locally). */
  tenantId: z.string().optional(),
  /** The Teams user id, for the token service. */
  userId: z.string(),
  /** Their name as Teams gives it: a watch's cards say whom it acts for. */
  userName: z.string().optional(),
  locale: z.string().optional(),
  timeZone: z.string().optional(),
  conversationKind: z.enum(['personal', 'groupChat', 'channel']),
  maskContacts: z.boolean(),
  /** The conversation, as the bot layer can reach it again (opaque here). */
  conversation: z.unknown(),
});
export type ReportOwner = z.infer<typeof reportOwnerSchema>;

/**
 * A user's report: one at a time, kept for a few hours after it ends. Which instance works on it is not written
 * here: the run working on it holds a lease on its blob (see ReportWorker).
 */
export const reportJobSchema = z.object({
  id: z.string(),
  owner: reportOwnerSchema,
  status: z.enum(REPORT_STATUSES),
  /** Why it paused or failed. */
  reason: z.string().optional(),
  startedAt: z.number(),
  updatedAt: z.number(),
  finishedAt: z.number().optional(),
  progressActivityId: z.string().optional(),
  /** The page being checked, and how to list it (absent: the first page). */
  page: z.number(),
  pageLink: linkSchema.optional(),
  /** The pages before `page`: every customer in them checked and counted once. */
  committed: z.object({ listed: z.number(), checked: z.number(), counts: countsSchema }),
  /** The page under way, for the progress card only. */
  current: z.object({ listed: z.number(), checked: z.number(), counts: countsSchema }).optional(),
  /**
   * A run of a watch ("watch MCA here"): the watch tells its conversation what changed once it is done, so the run
   * itself posts no progress and no summary. `digest`: this run's card is the digest, else changes only.
   */
  watch: z.object({ id: z.string(), digest: z.boolean() }).optional(),
  /** Whether the list has more pages after the one being checked. */
  moreToList: z.boolean(),
  calls: z.number(),
  throttled: z.number(),
  /**
   * Once done, what its summary shows, worked out once from every row: no request after it reads the rows again.
   * The CSV is kept beside the pages (`csvKey`).
   */
  result: z
    .object({
      total: z.number(),
      needingAction: z.number(),
      /**
       * The most urgent customers of each state needing action (src/mca/urgency.ts), as many as the summary lists
       * under each; reports saved before it kept the most urgent of all instead, which the summary shows alike.
       */
      urgent: z.array(reportRowSchema),
      /** Customers left unknown because the MCA's versions could not be read. */
      versionsUnread: z.number(),
      csvBytes: z.number(),
    })
    .optional(),
});
export type ReportJob = z.infer<typeof reportJobSchema>;
export type ReportResult = NonNullable<ReportJob['result']>;

/** Store keys: one job per user (hashed), its pages beside it. */
export const REPORT_PREFIX = 'mca-report/';
/** A user's job key: their id hashed, so that no id a client sends can shape a blob name. */
export const jobKeyOf = (userKey: string) =>
  `${REPORT_PREFIX}${createHash('sha256').update(userKey).digest('base64url')}`;
/**
 * The runs of the watches ("watch MCA here"), among the reports: every instance's scan takes one over when its lease
 * runs out, as it does a user's report. A user's report key is a base64url hash, which never starts with "watch.".
 */
export const WATCH_RUNS_PREFIX = `${REPORT_PREFIX}watch.`;
export const PAGES_PREFIX = 'mca-report-pages/';
export const pagesPrefix = (jobId: string) => `${PAGES_PREFIX}${jobId}/`;
export const pageKey = (jobId: string, page: number) => `${pagesPrefix(jobId)}${page}`;
/** The finished report's CSV, beside its pages: deleted with them. */
export const csvKey = (jobId: string) => `${pagesPrefix(jobId)}csv`;
