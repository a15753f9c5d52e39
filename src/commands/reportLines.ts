import type { Localizer } from '../i18n/localizer';
import type { ReportRow, StateCounts } from '../mca/reportRow';
import { ACTION_STATES } from '../mca/urgency';
import { whatToDo } from '../mca/whatToDo';
import { clipField, failureReason } from '../cards/verdictLines';
import { maskEmail } from './privacy';

/**
 * Customers listed under each state needing action on the summary card, most urgent first; the others are counted,
 * and in the CSV. Three per state keep every state in sight on a phone (about 50 px a customer at 360 px) and the
 * card far under Teams' 40 KB (test/cards/renderer.test.ts renders the largest, with names as long as Partner
 * Center allows).
 */
export const LISTED_PER_STATE = 3;

/**
 * Each state needing action that has customers: its count, what to do said once, its most urgent customers one line
 * each (`urgent`, most urgent first), and how many more the CSV has.
 */
export function actionGroups(
  counts: StateCounts,
  urgent: ReportRow[],
  l10n: Localizer,
  maskContacts: boolean,
) {
  const { t } = l10n;
  const number = new Intl.NumberFormat(l10n.locale);
  return ACTION_STATES.filter((state) => counts[state] > 0).map((state) => {
    // A report saved before the summary went by state kept the 15 most urgent of all, mostly of the first
    // state: the first of each are shown, and the others counted.
    const listed = urgent.filter((row) => row.state === state).slice(0, LISTED_PER_STATE);
    const left = counts[state] - listed.length;
    return {
      heading: t('report.group', {
        state: t(`report.states.${state}`),
        count: number.format(counts[state]),
      }),
      next: t(`report.groupNext.${state}`),
      customers: listed.map((row) => customerLine(row, l10n, maskContacts)),
      more: left > 0 ? t('report.moreInCsv', { count: number.format(left) }) : undefined,
    };
  });
}

/**
 * A customer under its state: the company, then "accepted 27 Aug 2019 · Tania Carr, t***@example.com" (the day
 * only, as in the CSV), and for an unknown one why; its button checks it again, or gives the invite link to a
 * customer whose reseller the partner is not (checking again would say the same), under a label short enough to
 * leave the line its width on a phone.
 */
export function customerLine(row: ReportRow, l10n: Localizer, maskContacts: boolean) {
  const { t } = l10n;
  const email = row.contact?.email && (maskContacts ? maskEmail(row.contact.email) : row.contact.email);
  const contact = row.contact ? [row.contact.name, email].filter(Boolean).join(', ') : '';
  const next = whatToDo(row);
  const details = [
    next.next === 'unknown' || next.next === 'noRelationship'
      ? failureReason(next.next === 'unknown' ? next.failure : 'noRelationship', l10n)
      : undefined,
    row.dateAgreed
      ? t('report.lineAccepted', { date: l10n.formatDate(row.dateAgreed.slice(0, 10)) })
      : undefined,
    contact ? clipField(contact) : undefined,
  ].filter(Boolean);
  return {
    name: clipField(row.companyName),
    details: details.length > 0 ? details.join(t('report.lineSeparator')) : undefined,
    ...(next.next === 'noRelationship'
      ? { check: t('report.invite'), checkAction: { command: 'inviteLink' } }
      : { check: t('report.check'), checkAction: { command: 'agreements', customer: row.id, scope: 'mca' } }),
  };
}
