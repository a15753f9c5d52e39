import { stringify } from 'csv-stringify/sync';
import type { Localizer } from '../i18n/localizer';
import type { ReportRow } from '../mca/reportRow';
import { mostUrgentFirst } from '../mca/urgency';
import { reportCsvFields, type VerdictBasis } from '../mca/whatToDo';
import { failureReason, whatToDoText } from './verdictLines';

/**
 * Every customer of a report as CSV, in the user's language, most urgent first as on the summary card
 * (src/mca/urgency.ts): tenant id, company, domain, state, what the verdict rests on, date and template of the
 * acceptance, contact, what to do, and the link to do it in a column of its own (the fields from src/mca/, here in
 * words). UTF-8 with a byte-order mark and CRLF lines, as Excel opens it without an import wizard; in French, fields
 * are separated by semicolons, as a French Excel expects (its decimal separator is the comma).
 */
export function reportCsv(rows: ReportRow[], l10n: Localizer): string {
  const { t } = l10n;
  const records = [t('report.csvHeader').split(',')];
  for (const row of mostUrgentFirst(rows)) {
    const fields = reportCsvFields(row);
    records.push([
      fields.id,
      fields.companyName,
      fields.domain,
      t(`report.states.${fields.state}`),
      basisText(fields.basis, l10n),
      fields.date,
      fields.templateId,
      fields.contactName,
      fields.contactEmail,
      whatToDoText(fields.next, l10n),
      fields.actionUrl ?? '',
    ]);
  }
  return stringify(
    records.map((record) => record.map(formulaSafe)),
    {
      bom: true,
      delimiter: l10n.language === 'fr' ? ';' : ',',
      record_delimiter: 'windows',
      // The library quotes a line break only when it is the whole record delimiter (CRLF); a lone CR or LF inside a
      // field must be quoted too, or a spreadsheet starts a new row there.
      quoted_match: /[\r\n]/,
    },
  );
}

/** What the verdict rests on, in words; for a signal not read, why. */
function basisText(basis: VerdictBasis, l10n: Localizer): string {
  return basis.on === 'unread'
    ? l10n.t('report.basis.unread', { reason: failureReason(basis.failure, l10n) })
    : l10n.t(`report.basis.${basis.on}`);
}

/**
 * A value a spreadsheet would run as a formula (company names come from customers) is prefixed with an apostrophe,
 * so opening the file never runs anything. Ours rather than the library's `escape_formulas`, which also rewrites
 * values starting with full-width signs (＝, ＋, …) that the file has always kept as they are.
 */
function formulaSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
