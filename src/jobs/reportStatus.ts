export const REPORT_STATUSES = ['running', 'paused', 'cancelled', 'done', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * Where a report may go from each status. A run moves a running one to its end or to a pause; the user cancels
 * a running or paused one, or resumes a paused one by asking again. An ended report never moves: asking again
 * starts a new one.
 */
const NEXT: Record<ReportStatus, readonly ReportStatus[]> = {
  running: ['paused', 'cancelled', 'done', 'failed'],
  paused: ['running', 'cancelled'],
  cancelled: [],
  done: [],
  failed: [],
};

export const canMove = (from: ReportStatus, to: ReportStatus): boolean => NEXT[from].includes(to);

/** Cancelled, done or failed: nothing works on it any more. */
export const hasEnded = (status: ReportStatus): boolean => NEXT[status].length === 0;
