import { countRows } from '../mca/reportRow';
import type { Signal } from '../mca/verdict';
import { describe } from '../log';
import type { AgreementMetadata } from '../partnerCenter/types';
import { checkCustomer } from './customerCheck';
import type { WorkerDependencies } from './reportPorts';
import { pageKey, type ReportJob, type ReportPage } from './reportRecord';
import { paced, retried, Stopped, type Run } from './reportRun';
import { readPage } from './reportStore';
import { showProgress } from './runCards';
import { holdPage, lostJob, saveJob, writeUnderLease } from './runLease';

/**
 * One page of the customer list at a time: held by the run (its lease), checked customer by customer at the pace
 * Partner Center accepts, saved at each checkpoint, so that a run taking the job over goes on from the customers
 * left.
 */

/** The page being checked, held by this run: as saved, or listed now and saved at once. */
export async function loadPage(deps: WorkerDependencies, run: Run): Promise<ReportPage> {
  const { store, clock } = deps;
  const key = pageKey(run.job.id, run.job.page);
  if (!(await holdPage(deps, run, key))) {
    // Never saved: listed, created (by whichever run is first, from the same link), then held like any page.
    const listed = await listPage(deps, run);
    await retried(clock, () => store.write(key, listed, 'absent'));
    if (!(await holdPage(deps, run, key))) throw new Error(`page ${run.job.page} was not saved`);
  }
  const saved = await retried(clock, () => readPage(store, run.job.id, run.job.page));
  if (saved) return saved;
  // A page this version cannot read is listed again and written over.
  const page = await listPage(deps, run);
  await savePage(deps, run, page);
  return page;
}

async function listPage(deps: WorkerDependencies, run: Run): Promise<ReportPage> {
  const { partnerCenter, settings } = deps;
  const listed = await paced(run, deps, (request) =>
    partnerCenter.listCustomers(request, run.job.pageLink, settings.pageSize),
  );
  return {
    customers: listed.items.map(({ id, companyName, domain }) => ({ id, companyName, domain })),
    next: listed.next ?? null,
    rows: {},
  };
}

/** Writes the page under the run's lease: refused once another run holds the job, and this run stops. */
async function savePage(deps: WorkerDependencies, run: Run, page: ReportPage): Promise<void> {
  // A run that lost its job (cancelled, taken over) writes nothing more.
  if (run.stop === 'cancelled' || run.stop === 'lost') throw new Stopped();
  if (await writeUnderLease(deps, run, pageKey(run.job.id, run.job.page), page)) return;
  await lostJob(deps, run);
  throw new Stopped();
}

/** Checks the page's customers not checked yet (nor counted on an earlier page), and saves it. */
export async function checkPage(
  deps: WorkerDependencies,
  run: Run,
  page: ReportPage,
  seen: Set<string>,
  templates: Signal<AgreementMetadata[]>,
): Promise<void> {
  const { partnerCenter, settings } = deps;
  const queued = new Set(page.customers.map((c) => c.id).filter((id) => !page.rows[id] && !seen.has(id)));
  const todo = page.customers.filter((c) => queued.delete(c.id));
  const calls = {
    agreements: (id: string) =>
      paced(run, deps, (request) => partnerCenter.getCustomerAgreements(id, '*', request)),
    directSigned: (id: string) =>
      paced(run, deps, (request) => partnerCenter.getDirectSignedMcaStatus(id, request)),
  };
  const context = { templates, currentSince: settings.mcaCurrentSince, today: deps.today() };
  const listed = page.customers.filter((c) => !seen.has(c.id)).length;
  const progress = () => {
    const rows = Object.values(page.rows).filter((row) => !seen.has(row.id));
    return { listed, checked: rows.length, counts: countRows(rows) };
  };
  // Customers in flight at once: more than the calls, so that one waiting out a Retry-After holds no call back.
  const lanes = Array.from({ length: settings.maxConcurrency * 4 }, async () => {
    try {
      for (let customer = todo.shift(); customer && !run.stop; customer = todo.shift()) {
        page.rows[customer.id] = await checkCustomer(customer, calls, context);
        await checkpoint(deps, run, page, progress);
      }
    } catch (error) {
      // One lane failing ends the page: the others take no new customer.
      todo.length = 0;
      throw error;
    }
  });
  // Every lane ends before the run does: none may write after the run has given the job up.
  const failed = (await Promise.allSettled(lanes)).find((lane) => lane.status === 'rejected');
  if (failed) throw failed.reason;
  if (run.stop) throw new Stopped();
  await savePage(deps, run, page);
}

/** Every few seconds: the page's rows and the job's progress saved, the card updated. */
async function checkpoint(
  deps: WorkerDependencies,
  run: Run,
  page: ReportPage,
  progress: () => ReportJob['current'],
): Promise<void> {
  const { clock, settings } = deps;
  if (run.checkpointing) return;
  const now = clock.now();
  if (now - run.lastCheckpointAt < settings.checkpointMs) return;
  run.lastCheckpointAt = now;
  run.checkpointing = (async () => {
    try {
      await savePage(deps, run, page);
      const saved = await saveJob(deps, run, (job) => (job.current = progress()));
      if (saved && now - run.lastProgressAt >= settings.progressEveryMs) {
        run.lastProgressAt = now;
        await showProgress(deps, run);
      }
    } catch (error) {
      if (error instanceof Stopped) throw error;
      // The rows are still in memory: the next checkpoint saves them.
      run.logger.warn('report checkpoint failed', { error: describe(error) });
    }
  })().finally(() => (run.checkpointing = undefined));
  await run.checkpointing;
}
