import type { Reply } from '../cards/renderer';
import type { TickingClock } from '../clock';
import type { Logger } from '../log';
import type { StateChange } from '../mca/stateChanges';
import type { Schedule } from '../schedule';
import type { JobStore } from '../storage/jobStore';
import type { ReportChannel } from './reportPorts';
import type { ReportJob } from './reportRecord';
import type { ReportService } from './reports';
import type { Watch } from './watchRecord';

/** What a watch posts once a run is done: drawn from the run's record, its rows and the changes found. */
export interface WatchCards {
  /** The digest: counts, what changed since the last digest (undefined: this is the first), who needs action. */
  digest(watch: Watch, run: ReportJob, changes: StateChange[] | undefined): Reply;
  /** Between digests: the customers whose state changed, and nothing else. */
  changes(watch: Watch, run: ReportJob, changes: StateChange[]): Reply;
  /** The run waits for its subscriber to sign in again (or for the token service): posted once per pause. */
  paused(watch: Watch, run: ReportJob): Reply;
  /** The run could not finish; a digest is run again at `retryAt`. */
  failed(watch: Watch, run: ReportJob, retryAt: number | undefined): Reply;
}

export interface WatchServiceOptions {
  store: JobStore;
  reports: Pick<ReportService, 'startAt' | 'resumeAt' | 'removeAt' | 'jobAt' | 'settled'>;
  channel: Pick<ReportChannel, 'post' | 'token'>;
  cards: WatchCards;
  /** When digests fall (MCA_WATCH_SCHEDULE), and the checks between them (MCA_WATCH_CHECK_SCHEDULE). */
  schedules: { digest: Schedule; check: Schedule };
  clock: TickingClock;
  logger: Logger;
  /** How long a scan waits for one watch before going on to the next (default 2 minutes). */
  tendDeadlineMs?: number;
}
