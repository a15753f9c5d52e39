import { stringify } from 'csv-stringify/sync';
import type { Localizer } from '../i18n/localizer';
import type { ReportRow } from '../mca/reportRow';
import { reportCsvFields } from '../mca/whatToDo';
import { whatToDoText } from './verdictLines';

/**
 * Every customer of a report as CSV, in the user's language: tenant id, company, domain, state, date, contact and
 * what to do (the fields from src/mca/, here in words). UTF-8 with a byte-order mark and CRLF lines, as Excel opens
 * it without an import wizard; in French, fields are separated by semicolons, as a French Excel expects (its
 * decimal separator is the comma).
 */
export function reportCsv(rows: ReportRow[], l10n: Localizer): string {
  const { t } = l10n;
  const records = [t('report.csvHeader').split(',')];
  for (const row of rows) {
    const fields = reportCsvFields(row);
    const next = whatToDoText(fields.next, l10n);
    records.push([
      fields.id,
      fields.companyName,
      fields.domain,
      t(`report.states.${fields.state}`),
      fields.date,
      fields.contactName,
      fields.contactEmail,
      fields.acceptanceUrl ? `${next} ${fields.acceptanceUrl}` : next,
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

/**
 * A value a spreadsheet would run as a formula (company names come from customers) is prefixed with an apostrophe,
 * so opening the file never runs anything. Ours rather than the library's `escape_formulas`, which also rewrites
 * values starting with full-width signs (＝, ＋, …) that the file has always kept as they are.
 */
function formulaSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
