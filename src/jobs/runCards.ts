import type { Reply } from '../cards/renderer';
import { describe } from '../log';
import type { ReportPace, WorkerDependencies } from './reportPorts';
import { Stopped, type Run } from './reportRun';
import { saveJob } from './runLease';

/** How a run talks to its user: one progress card, updated in place, replaced at the end by the last card. */
type Deps = Pick<WorkerDependencies, 'store' | 'clock' | 'settings' | 'logger' | 'channel' | 'cards'>;

/** This run's pace, and the time left once every customer is listed. */
function paceOf(deps: Deps, run: Run): ReportPace | undefined {
  const { job } = run;
  const checked = job.committed.checked + (job.current?.checked ?? 0);
  const listed = job.committed.listed + (job.current?.listed ?? 0);
  const elapsed = deps.clock.now() - run.startedAt;
  const done = checked - run.checkedAtStart;
  if (done <= 0 || elapsed <= 0) return undefined;
  const perMinute = (done * 60_000) / elapsed;
  // Customers not listed yet are not counted: a time left would jump back up at each new page.
  return job.moreToList ? { perMinute } : { perMinute, leftMs: ((listed - checked) * elapsed) / done };
}

/** A new progress card, its id saved so that every instance updates the same one. */
async function postProgress(deps: Deps, run: Run): Promise<void> {
  const { channel, cards } = deps;
  try {
    const id = await channel.post(run.job.owner, cards.progress(run.job, paceOf(deps, run)));
    if (!(await saveJob(deps, run, (job) => (job.progressActivityId = id)))) {
      // Cancelled meanwhile: the card just posted is the one that says so, not a second one.
      run.job = { ...run.job, progressActivityId: run.job.progressActivityId ?? id };
      throw new Stopped();
    }
  } catch (error) {
    if (error instanceof Stopped) throw error;
    // Teams did not take it: the job goes on, and the next progress tries again.
    run.logger.warn('could not post the report card', { error: describe(error) });
  }
}

export async function showProgress(deps: Deps, run: Run): Promise<void> {
  const { channel, cards } = deps;
  const { owner, progressActivityId } = run.job;
  // A watch's run works out of sight: its watch tells the conversation what changed once it is done.
  if (run.job.watch) return;
  if (!progressActivityId) return postProgress(deps, run);
  await channel
    .update(owner, progressActivityId, cards.progress(run.job, paceOf(deps, run)))
    .catch((error: unknown) =>
      run.logger.warn('could not update the report card', { error: describe(error) }),
    );
}

/**
 * The last card (summary or stop), in place of the progress card; posted anew when that cannot be updated. None: a
 * watch's run whose watch tells the rest.
 */
export async function showLast(deps: Deps, run: Run, reply: Reply | undefined): Promise<void> {
  const { channel } = deps;
  if (!reply) return;
  const { owner, progressActivityId } = run.job;
  try {
    if (progressActivityId) return await channel.update(owner, progressActivityId, reply);
  } catch (error) {
    run.logger.warn('could not update the report card: posting it anew', { error: describe(error) });
  }
  try {
    await channel.post(owner, reply);
  } catch (error) {
    run.logger.warn('could not show the report card', { error: describe(error) });
  }
}
