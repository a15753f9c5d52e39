import type { Localizer } from '../i18n/localizer';
import type { ReportJob, ReportRow } from '../jobs/reportRecord';
import { ADMIN_CENTER_ACCEPTANCE_URL, whatToDo } from './verdictLines';

/** The CSV's file name: the day the report ended. */
export function reportFileName(job: Pick<ReportJob, 'finishedAt' | 'updatedAt'>): string {
  return `mca-report-${new Date(job.finishedAt ?? job.updatedAt).toISOString().slice(0, 10)}.csv`;
}

/**
 * Every customer of a report as CSV, in the user's language: tenant id, company, domain, state, date, contact and
 * what to do. UTF-8 with a byte-order mark and CRLF lines, as Excel opens it without an import wizard; in French,
 * fields are separated by semicolons, as a French Excel expects (its decimal separator is the comma).
 */
export function reportCsv(rows: ReportRow[], l10n: Localizer): string {
  const { t } = l10n;
  const separator = l10n.language === 'fr' ? ';' : ',';
  const field = (value: string) => csvField(value, separator);
  const lines = [t('report.csvHeader').split(',').map(field).join(separator)];
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
