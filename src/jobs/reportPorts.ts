import type { Reply } from '../cards/renderer';
import type { Logger } from '../log';
import type { PartnerCenterClient, PartnerCenterPort } from '../partnerCenter/client';
import type { TickingClock } from '../clock';
import type { ReportJob, ReportOwner, ReportResult, ReportRow } from './reportRecord';
import type { JobStore } from '../storage/jobStore';

/**
 * The bot is no longer in the conversation (removed from the team or chat, the chat deleted): the connector
 * answered 403 or 404. Thrown by `ReportChannel.post`, so that what posts there on its own (a watch) can stop.
 */
export class ConversationGone extends Error {
  override name = 'ConversationGone';
}

/** How a job reaches its user after the turn: the bot layer implements it. */
export interface ReportChannel {
  /** Posts a card to the job's conversation; the activity id, to update it in place. */
  post(owner: ReportOwner, reply: Reply): Promise<string | undefined>;
  update(owner: ReportOwner, activityId: string, reply: Reply): Promise<void>;
  /** A fresh Partner Center token for the job's user; undefined when they must sign in again. */
  token(owner: ReportOwner): Promise<string | undefined>;
}

/** How fast a report goes: customers checked a minute, and the time left once every customer is listed. */
export interface ReportPace {
  perMinute: number;
  leftMs?: number;
}

/** The cards a job shows; built from its record alone, so any instance draws the same. */
export interface ReportCards {
  progress(job: ReportJob, pace: ReportPace | undefined): Reply;
  /** The finished report, from its `result`; none for a watch's run, whose watch tells what it found. */
  summary(job: ReportJob): Reply | undefined;
  /** Every row, worked out once when the report ends: its CSV, and what its summary shows. */
  outcome(job: ReportJob, rows: ReportRow[]): { csv: string; result: ReportResult };
  /** A run that stopped before the end (cancelled, paused, failed); none when nobody needs to hear it. */
  stopped(job: ReportJob): Reply | undefined;
}

export interface ReportSettings {
  /** The pace never goes above this (requests per second). */
  maxRatePerSecond: number;
  /** Partner Center calls under way at once, at most. */
  maxConcurrency: number;
  /** An instance that stops renewing its lease for this long loses the job to another. */
  leaseMs: number;
  /** Progress is saved, and the lease renewed, this often. */
  checkpointMs: number;
  /** The progress card is updated at most this often (Teams allows a few messages a second per conversation). */
  progressEveryMs: number;
  /** Customers per page of the list (Partner Center: 500 at most). */
  pageSize: number;
  mcaCurrentSince: string;
}

export interface WorkerDependencies {
  store: JobStore;
  partnerCenter: PartnerCenterPort & Pick<PartnerCenterClient, 'listCustomers'>;
  channel: ReportChannel;
  cards: ReportCards;
  settings: ReportSettings;
  clock: TickingClock;
  logger: Logger;
  /** This instance, as leases name it. */
  instanceId: string;
  today: () => Date;
}
