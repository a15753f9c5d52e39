import { createHmac, timingSafeEqual } from 'node:crypto';
import { reportFileName } from '../mca/reportRow';
import type { ReportService } from './reports';

/** A file the HTTP server sends. */
export interface Download {
  fileName: string;
  contentType: string;
  body: string;
}

/**
 * Local mode's way to a report's CSV: the Agents Playground shows no file cards, and the bot runs on the user's
 * own machine, so it serves the file itself at a link only the bot can make (the user's key and the report's id,
 * signed with `secret`, which the wiring makes at random at each start). The link works while that report is
 * kept, for that report only, and until the process stops.
 */
export function reportDownloads(reports: Pick<ReportService, 'latest' | 'csv'>, secret: Uint8Array) {
  const sign = (text: string) =>
    createHmac('sha256', secret).update(`report-csv\n${text}`).digest('base64url');
  return {
    /** The path of the CSV of the user's report `jobId`. */
    pathFor(userKey: string, jobId: string): string {
      const user = Buffer.from(userKey, 'utf8').toString('base64url');
      return `/downloads/mca-report-${user}.${jobId}.${sign(`${userKey}\n${jobId}`)}.csv`;
    },
    /** The file at `name`, or undefined for a name the bot did not make or a report no longer kept. */
    async serve(name: string): Promise<Download | undefined> {
      const match = /^mca-report-([\w-]{1,400})\.([\w-]{1,64})\.([\w-]{43})\.csv$/.exec(name);
      if (!match) return undefined;
      const userKey = Buffer.from(match[1]!, 'base64url').toString('utf8');
      const jobId = match[2]!;
      const expected = Buffer.from(sign(`${userKey}\n${jobId}`));
      const given = Buffer.from(match[3]!);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      const latest = await reports.latest(userKey);
      const body = latest?.id === jobId ? await reports.csv(latest) : undefined;
      if (!latest || !body) return undefined;
      return { fileName: reportFileName(latest), contentType: 'text/csv; charset=utf-8', body };
    },
  };
}
