import { ADMIN_CENTER_ACCEPTANCE_URL } from '../commands/verdictLines';
import { whatToDo } from '../commands/mcaReport';
import type { Localizer } from '../i18n/localizer';
import type { ReportRow } from './reportRecord';

/**
 * Every customer of a report as CSV, in the user's language: tenant id, company, domain, state, date, contact and
 * what to do. UTF-8 with a byte-order mark and CRLF lines, as Excel opens it without an import wizard.
 */
export function reportCsv(rows: ReportRow[], l10n: Localizer): string {
  const { t } = l10n;
  const lines = [t('report.csvHeader')];
  for (const row of rows) {
    const steps = row.state === 'reacceptanceNeeded' || row.state === 'notAccepted';
    lines.push(
      [
        row.id,
        row.companyName,
        row.domain ?? '',
        t(`report.states.${row.state}`),
        row.dateAgreed ? row.dateAgreed.slice(0, 10) : '',
        row.contact?.name ?? '',
        row.contact?.email ?? '',
        steps ? `${whatToDo(row, l10n)} ${ADMIN_CENTER_ACCEPTANCE_URL}` : whatToDo(row, l10n),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * A field quoted when it must be; a value a spreadsheet would run as a formula (company names come from
 * customers) is prefixed with an apostrophe, so opening the file never runs anything.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
