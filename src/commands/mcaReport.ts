import type { Reply } from '../cards/renderer';
import { localizer, type Localizer } from '../i18n/localizer';
import type { ReportJob, ReportOwner, ReportResult, ReportRow } from '../jobs/reportRecord';
import { MCA_STATES } from '../mca/verdict';
import { reportCsv } from '../cards/reportCsv';
import type { ReportCards } from '../jobs/reportPorts';
import { whatToDo } from '../mca/whatToDo';
import { clipField, whatToDoText } from '../cards/verdictLines';
import { maskEmail } from './privacy';

/**
 * Customers listed on the summary card, most urgent first; the rest are in the CSV. Each line is about 1.3 KB of
 * card in UTF-16 at most: 15 of them keep the card well under Teams' 40 KB (test/cards/renderer.test.ts renders the
 * largest one, the 2,000-customer summary of test/helpers/replies.ts, and the renderer refuses a card over 40 KB).
 */
const MAX_LISTED_CUSTOMERS = 15;

/** Who needs action first: customers already blocked from buying (oldest acceptance first), then the rest. */
const URGENCY: Record<ReportRow['state'], number> = {
  reacceptanceNeeded: 0,
  notAccepted: 1,
  unknown: 2,
  canTransact: 3,
};

/**
 * What the summary of a finished report shows, worked out once from all its rows (a report may have tens of
 * thousands): the totals and its most urgent customers.
 */
function reportResult(rows: ReportRow[], csvBytes: number): ReportResult {
  const action = needingAction(rows);
  return {
    total: rows.length,
    needingAction: action.length,
    urgent: action.slice(0, MAX_LISTED_CUSTOMERS),
    versionsUnread: rows.filter((row) => row.failure === 'versionsUnreadable').length,
    csvBytes,
  };
}

function needingAction(rows: ReportRow[]): ReportRow[] {
  return rows
    .filter((row) => row.state !== 'canTransact')
    .sort(
      (a, b) =>
        URGENCY[a.state] - URGENCY[b.state] ||
        (a.dateAgreed ?? '').localeCompare(b.dateAgreed ?? '') ||
        a.companyName.localeCompare(b.companyName),
    );
}

/** The report's cards, in the language of the user who asked, drawn from the job's record alone. */
export function reportCards(options: {
  emulated: boolean;
  /** MCA_CURRENT_SINCE: acceptances since this day are judged by their template. */
  currentSince: string;
  /** Local mode: where the bot serves a user's CSV itself. */
  csvUrl?: (userKey: string, jobId: string) => string | undefined;
}): ReportCards {
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
          customers: [],
          note: [t('report.keepChatting'), note].filter(Boolean).join(' '),
          buttons: [{ title: t('report.cancel'), buttonAction: cancelAction(job) }],
        },
      };
    },
    outcome(job, rows) {
      const csv = reportCsv(rows, ownerLocalizer(job.owner));
      return { csv, result: reportResult(rows, Buffer.byteLength(csv)) };
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
          customers: [],
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

/** The finished report: counts, the customers needing action with a Check button each, and the CSV's way. */
export function reportSummary(
  job: ReportJob,
  options: { emulated: boolean; csvUrl?: string; currentSince: string },
): Reply {
  const l10n = ownerLocalizer(job.owner);
  const { t } = l10n;
  const number = new Intl.NumberFormat(l10n.locale);
  const result = job.result ?? reportResult([], 0);
  const listed = result.urgent;
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
        value: number.format(job.committed.counts[state]),
      })),
      actionHeading: listed.length > 0 ? t('report.actionHeading') : undefined,
      customers: listed.map((row) => ({
        name: clipField(row.companyName),
        line: rowLine(row, l10n, job.owner.maskContacts),
        // Not their reseller yet: checking again says the same; the invite link is the step.
        ...(row.failure === 'noRelationship'
          ? { check: t('agreements.sendInvite'), checkAction: { command: 'inviteLink' } }
          : {
              check: t('report.check'),
              checkAction: { command: 'agreements', customer: row.id, scope: 'mca' },
            }),
      })),
      more:
        result.needingAction > listed.length
          ? t('report.more', { count: number.format(result.needingAction - listed.length) })
          : undefined,
      note: notes.filter(Boolean).join(' ') || undefined,
      buttons,
      csvUrl,
      csvTitle: csvUrl ? t('report.csvLocal') : undefined,
    },
  };
}

/** "Re-acceptance needed, accepted 3 March 2022 (Tania Carr, t***@example.com). Their admin accepts…" */
function rowLine(row: ReportRow, l10n: Localizer, maskContacts: boolean): string {
  const { t } = l10n;
  const email = row.contact?.email && (maskContacts ? maskEmail(row.contact.email) : row.contact.email);
  const contact = row.contact ? [row.contact.name, email].filter(Boolean).join(', ') : '';
  return t('report.line', {
    state: t(`report.states.${row.state}`),
    date: row.dateAgreed ? t('report.lineDate', { date: l10n.formatDate(row.dateAgreed) }) : '',
    contact: contact ? t('report.lineContact', { contact: clipField(contact) }) : '',
    next: whatToDoText(whatToDo(row), l10n),
  });
}

function ownerLocalizer(owner: Pick<ReportOwner, 'locale' | 'timeZone'>): Localizer {
  return localizer(owner.locale, owner.timeZone);
}
