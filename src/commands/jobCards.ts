import type { ReportCards } from '../jobs/reportPorts';
import { reportCards } from './mcaReport';
import { watchRunStopped } from './watchCards';

/**
 * The cards of every job the report's engine runs: a user's report shows its own; a watch's run shows only why it
 * stopped early, since its watch posts what it found.
 */
export function jobCards(options: Parameters<typeof reportCards>[0]): ReportCards {
  const report = reportCards(options);
  return {
    ...report,
    summary: (job) => (job.watch ? undefined : report.summary(job)),
    stopped: (job) => (job.watch ? watchRunStopped(job, options) : report.stopped(job)),
  };
}
