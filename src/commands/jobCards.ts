import type { ReportCards } from '../jobs/reportPorts';
import { reportCards } from './mcaReport';

/**
 * The cards of every job the report's engine runs: a user's report shows its own; a watch's run shows none, since
 * its watch posts what it found, and its pause or failure, once (src/jobs/watches.ts).
 */
export function jobCards(options: Parameters<typeof reportCards>[0]): ReportCards {
  const report = reportCards(options);
  return {
    ...report,
    summary: (job) => (job.watch ? undefined : report.summary(job)),
    stopped: (job) => (job.watch ? undefined : report.stopped(job)),
  };
}
