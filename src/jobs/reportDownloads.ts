import { reportFileName } from '../mca/reportRow';
import { sign, verify } from '../signing';
import type { ReportService } from './reports';

/** A file the HTTP server sends. */
export interface Download {
  fileName: string;
  contentType: string;
  body: string;
}

/** What a link signs: kept apart from anything else signed with the same secret. */
const signed = (userKey: string, jobId: string) => `report-csv\n${userKey}\n${jobId}`;

/** The path of the CSV of a user's report: known before the reports are, so the reports' cards can link to it. */
export function csvPathFor(secret: Uint8Array): (userKey: string, jobId: string) => string {
  return (userKey, jobId) => {
    const user = Buffer.from(userKey, 'utf8').toString('base64url');
    return `/downloads/mca-report-${user}.${jobId}.${sign(signed(userKey, jobId), secret)}.csv`;
  };
}

/**
 * Local mode's way to a report's CSV: the Agents Playground shows no file cards, and the bot runs on the user's
 * own machine, so it serves the file itself at a link only the bot can make (the user's key and the report's id,
 * signed with `secret`, which the wiring makes at random at each start). The link works while that report is
 * kept, for that report only, and until the process stops.
 */
export function reportDownloads(reports: Pick<ReportService, 'latest' | 'csv'>, secret: Uint8Array) {
  return {
    pathFor: csvPathFor(secret),
    /** The file at `name`, or undefined for a name the bot did not make or a report no longer kept. */
    async serve(name: string): Promise<Download | undefined> {
      const match = /^mca-report-([\w-]{1,400})\.([\w-]{1,64})\.([\w-]{43})\.csv$/.exec(name);
      if (!match) return undefined;
      const userKey = Buffer.from(match[1]!, 'base64url').toString('utf8');
      const jobId = match[2]!;
      if (!verify(signed(userKey, jobId), match[3]!, secret)) return undefined;
      const latest = await reports.latest(userKey);
      const body = latest?.id === jobId ? await reports.csv(latest) : undefined;
      if (!latest || !body) return undefined;
      return { fileName: reportFileName(latest), contentType: 'text/csv; charset=utf-8', body };
    },
  };
}
