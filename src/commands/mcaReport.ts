import type { Reply } from '../cards/renderer';
import { localizer, type Localizer } from '../i18n/localizer';
import type { ReportJob, ReportOwner, ReportResult, ReportRow } from '../jobs/reportRecord';
import { MCA_STATES } from '../mca/verdict';
import { reportCsv } from '../cards/reportCsv';
import type { ReportCards } from '../jobs/reportPorts';
import { mostUrgentFirst, mostUrgentOfEach } from '../mca/urgency';
import { actionGroups, LISTED_PER_STATE } from './reportLines';

/**
 * What the summary of a finished report shows, worked out once from all its rows (a report may have tens of
 * thousands): the totals and the most urgent customers of each state needing action.
 */
function reportResult(rows: ReportRow[], csvBytes: number): ReportResult {
  return {
    total: rows.length,
    needingAction: rows.filter((row) => row.state !== 'canTransact').length,
    urgent: mostUrgentOfEach(rows, LISTED_PER_STATE),
    versionsUnread: rows.filter((row) => row.failure === 'versionsUnreadable').length,
    csvBytes,
  };
}

/** The cards of a user's report: it always has a summary and a stop card (a watch's run may have neither). */
export type UserReportCards = Omit<ReportCards, 'summary' | 'stopped'> & {
  summary(job: ReportJob): Reply;
  stopped(job: ReportJob): Reply;
};

/** The report's cards, in the language of the user who asked, drawn from the job's record alone. */
export function reportCards(options: {
  emulated: boolean;
  /** MCA_CURRENT_SINCE: acceptances since this day are judged by their template. */
  currentSince: string;
  /** Local mode: where the bot serves a user's CSV itself. */
  csvUrl?: (userKey: string, jobId: string) => string | undefined;
}): UserReportCards {
  const base = (job: ReportJob) => {
    const l10n = ownerLocalizer(job.owner);
    const number = new Intl.NumberFormat(l10n.locale);
    const checked = job.committed.checked + (job.current?.checked ?? 0);
    const listed = job.committed.listed + (job.current?.listed ?? 0);
    const counts = MCA_STATES.map((state) => ({
      title: l10n.t(`report.states.${state}`),
      value: number.format(job.committed.counts[state] + (job.current?.counts[state] ?? 0)),
    }));
    const note = options.emulated ? l10n.t('common.emulatorNote') : undefined;
    return { l10n, number, checked: number.format(checked), listed: number.format(listed), counts, note };
  };
  return {
    progress(job, pace) {
      const { l10n, number, checked, listed, counts, note } = base(job);
      const { t } = l10n;
      const status =
        job.committed.listed + (job.current?.listed ?? 0) === 0
          ? t('report.listing')
          : t(job.moreToList ? 'report.checking' : 'report.checkingAll', { checked, listed });
      return {
        card: 'mcaReport',
        data: {
          title: t('report.title'),
          status,
          // A time left only once every customer is listed; until then, the pace, which does not jump back.
          eta:
            pace?.leftMs !== undefined
              ? t('report.eta', { wait: l10n.formatWait(pace.leftMs / 1000) })
              : pace && t('report.pace', { count: number.format(Math.max(1, Math.round(pace.perMinute))) }),
          counts,
          groups: [],
          note: [t('report.keepChatting'), note].filter(Boolean).join(' '),
          buttons: [{ title: t('report.cancel'), buttonAction: cancelAction(job) }],
        },
      };
    },
    outcome(job, rows) {
      // Sorted once here: the CSV and the summary sort again, which costs a pass over rows already in order.
      const sorted = mostUrgentFirst(rows);
      const csv = reportCsv(sorted, ownerLocalizer(job.owner));
      return { csv, result: reportResult(sorted, Buffer.byteLength(csv)) };
    },
    summary(job) {
      return reportSummary(job, {
        emulated: options.emulated,
        csvUrl: options.csvUrl?.(job.owner.userKey, job.id),
        currentSince: options.currentSince,
      });
    },
    stopped(job) {
      const { l10n, checked, listed, counts, note } = base(job);
      const { t } = l10n;
      const mfa = job.status === 'paused' && job.reason === 'mfa';
      const status =
        job.status === 'cancelled'
          ? t('report.cancelled', { checked, listed })
          : job.status === 'paused'
            ? t(pausedText(job), { checked })
            : t('report.failed', { checked, reference: job.id });
      // Without MFA, signing in again the same way brings the same token back: as for a single question, the card
      // says why and offers to sign out first (locally, what to change is a setting).
      const advice = mfa
        ? t(options.emulated ? 'errors.mfaRequired.adviceLocal' : 'errors.mfaRequired.advice')
        : undefined;
      const buttons =
        job.status === 'paused'
          ? [
              ...(mfa && !options.emulated
                ? [{ title: t('signIn.signOutButton'), buttonAction: { command: 'signOut' } }]
                : []),
              { title: t('report.cancel'), buttonAction: cancelAction(job) },
            ]
          : [{ title: t('report.runAgain'), buttonAction: { command: 'mcaReport', fresh: true } }];
      return {
        card: 'mcaReport',
        data: {
          title: t('report.title'),
          status,
          counts,
          groups: [],
          note: [advice, note].filter(Boolean).join(' ') || undefined,
          buttons,
        },
      };
    },
  };
}

/** Why a report paused, in words for where it was asked: a personal chat is not sent to the personal chat. */
function pausedText(job: ReportJob): string {
  if (job.reason === 'tokenService') return 'report.pausedService';
  if (job.reason === 'mfa') return 'report.pausedMfa';
  return job.owner.conversationKind === 'personal' ? 'report.pausedHere' : 'report.paused';
}

/** A Cancel button's data: it cancels its own report, whoever presses it. */
export const cancelAction = (job: ReportJob) => ({ command: 'cancelReport', jobId: job.id });

/**
 * The finished report, by state: the counts, then each state needing action with what to do said once and its most
 * urgent customers one line each (company; date and contact where the conversation allows; a Check button), the rest
 * counted and in the CSV; then the CSV's way.
 */
export function reportSummary(
  job: ReportJob,
  options: { emulated: boolean; csvUrl?: string; currentSince: string },
): Reply {
  const l10n = ownerLocalizer(job.owner);
  const { t } = l10n;
  const number = new Intl.NumberFormat(l10n.locale);
  const result = job.result ?? reportResult([], 0);
  const date = l10n.formatDate(new Date(job.finishedAt ?? job.updatedAt).toISOString());
  const personal = job.owner.conversationKind === 'personal';
  // The CSV has every contact unmasked: its link goes to a personal chat only.
  const csvUrl = personal ? options.csvUrl : undefined;
  const buttons = [
    ...(personal && !options.csvUrl
      ? [{ title: t('report.csv'), buttonAction: { command: 'reportCsv' } }]
      : []),
    { title: t('report.runAgain'), buttonAction: { command: 'mcaReport', fresh: true } },
  ];
  const notes = [
    result.versionsUnread > 0
      ? t('report.versionsUnread', {
          count: number.format(result.versionsUnread),
          since: l10n.formatDate(options.currentSince),
        })
      : undefined,
    job.reason === 'listStopped'
      ? t('report.listStopped', { count: number.format(result.total) })
      : undefined,
    personal ? undefined : t('report.csvInPersonalChat'),
  ];
  if (options.emulated) notes.push(t('common.emulatorNote'));
  const counts = job.committed.counts;
  return {
    card: 'mcaReport',
    data: {
      title: t('report.titleDone', { count: number.format(result.total) }),
      status:
        result.needingAction === 0
          ? t('report.doneNone', { date })
          : t('report.done', { date, count: number.format(result.needingAction) }),
      counts: MCA_STATES.map((state) => ({
        title: t(`report.states.${state}`),
        value: number.format(counts[state]),
      })),
      groups: actionGroups(counts, result.urgent, l10n, job.owner.maskContacts),
      note: notes.filter(Boolean).join(' ') || undefined,
      buttons,
      csvUrl,
      csvTitle: csvUrl ? t('report.csvLocal') : undefined,
    },
  };
}

export function ownerLocalizer(owner: Pick<ReportOwner, 'locale' | 'timeZone'>): Localizer {
  return localizer(owner.locale, owner.timeZone);
}
