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
  const separator = l10n.language === 'fr' ? ';' : ',';
  const field = (value: string) => csvField(value, separator);
  const lines = [t('report.csvHeader').split(',').map(field).join(separator)];
  for (const row of rows) {
    const fields = reportCsvFields(row);
    const next = whatToDoText(fields.next, l10n);
    lines.push(
      [
        fields.id,
        fields.companyName,
        fields.domain,
        t(`report.states.${fields.state}`),
        fields.date,
        fields.contactName,
        fields.contactEmail,
        fields.acceptanceUrl ? `${next} ${fields.acceptanceUrl}` : next,
      ]
        .map(field)
        .join(separator),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * A field quoted when it must be; a value a spreadsheet would run as a formula (company names come from
 * customers) is prefixed with an apostrophe, so opening the file never runs anything.
 */
function csvField(value: string, separator: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /["\r\n]/.test(safe) || safe.includes(separator) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
