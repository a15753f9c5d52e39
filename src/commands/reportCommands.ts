import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';
import type { ReportOwner } from '../jobs/reportRecord';
import { reportFileName } from '../mca/reportRow';
import { cancelAction, reportSummary } from './mcaReport';
import type { RequestContext } from './context';
import { notice } from './notice';

/** A file the bot offers through Teams' file consent card (personal chats); accepted, the bot uploads it. */
export interface FileOffer {
  file: { name: string; description: string; sizeInBytes: number; jobId: string };
}

/** Several cards, sent one after the other: one per customer when a few are named at once. */
interface Replies {
  replies: Reply[];
}

/**
 * What a command answers: a card; several; a file to offer; nothing when the answer posts itself (a report
 * starting).
 */
export type Answer = Reply | Replies | FileOffer | undefined;

/** "mca report": a new report (its job posts the progress card), or where the running or recent one is. */
export async function mcaReport(context: RequestContext, fresh: boolean): Promise<Answer> {
  const { services, l10n, conversation } = context;
  const token = context.partnerCenter?.request.token;
  if (!conversation || !token) throw new Error('mcaReport needs a conversation and a token');
  const owner: ReportOwner = {
    userKey: context.userKey,
    userId: conversation.userId,
    tenantId: conversation.tenantId,
    locale: l10n.locale,
    timeZone: conversation.timeZone,
    conversationKind: conversation.kind,
    maskContacts: context.maskContacts,
    conversation: conversation.reference,
  };
  const found = await services.reports.request(owner, token, fresh);
  const { t } = l10n;
  const checked = new Intl.NumberFormat(l10n.locale).format(
    found.job.committed.checked + (found.job.current?.checked ?? 0),
  );
  switch (found.kind) {
    case 'started':
      return undefined;
    case 'running':
      return notice(t('report.title'), t('report.alreadyRunning', { checked }), {
        submitTitle: t('report.cancel'),
        submitAction: cancelAction(found.job),
      });
    case 'resumed':
      return notice(t('report.title'), t('report.resumed'));
    case 'finished': {
      // Shown where it is asked now, with this conversation's masking.
      const job = { ...found.job, owner: { ...found.job.owner, ...owner, locale: owner.locale } };
      return reportSummary(job, {
        emulated: services.emulated,
        csvUrl: services.reportCsvUrl?.(context.userKey, job.id),
        currentSince: services.mcaCurrentSince,
      });
    }
  }
}

/** "stop mca report", or a card's Cancel button (which names its report: `jobId`). */
export async function cancelReport(context: RequestContext, jobId?: string): Promise<Reply> {
  const { t } = context.l10n;
  const cancelled = await context.services.reports.cancel(context.userKey, jobId);
  const text = cancelled ? 'report.cancelledReply' : jobId ? 'report.notYours' : 'report.noneToCancel';
  return notice(t('report.title'), t(text));
}

/**
 * The last report's CSV, or that of the report `jobId` (a watch's digest names its run): offered as a file in a
 * personal chat (Teams asks the user where to save it), linked in local mode; elsewhere the summary says to ask in
 * the personal chat, where the file can go.
 */
export async function reportCsvOffer(context: RequestContext, jobId?: string): Promise<Answer> {
  const { services, l10n } = context;
  const { t } = l10n;
  const latest = jobId
    ? await services.reports.finished(context.userKey, jobId)
    : await services.reports.latest(context.userKey);
  if (!latest?.result || latest.status !== 'done') return notice(t('report.title'), t('report.csvGone'));
  // The CSV holds every contact unmasked: never where others read it.
  if (context.conversation?.kind !== 'personal')
    return notice(t('report.title'), t('report.csvInPersonalChat'));
  const date = l10n.formatDate(new Date(latest.finishedAt ?? latest.updatedAt).toISOString());
  const url = services.reportCsvUrl?.(context.userKey, latest.id);
  if (url) {
    return notice(t('report.title'), t('report.csvOffered', { date }), {
      openUrl: url,
      openTitle: t('report.csvLocal'),
    });
  }
  // Made once, when the report ended: offering it reads no row.
  return {
    file: {
      name: reportFileName(latest),
      description: t('report.fileDescription'),
      sizeInBytes: latest.result.csvBytes,
      jobId: latest.id,
    },
  };
}

/** More customers named at once than are checked one by one: the MCA report checks them all, and every other. */
export function tooManyToCheck(count: number, max: number, l10n: Localizer): Reply {
  const { t } = l10n;
  return notice(t('severalCustomers.tooManyTitle', { count }), t('severalCustomers.tooManyText', { max }), {
    submitTitle: t('report.button'),
    submitAction: { command: 'mcaReport' },
  });
}
