import { sign, verify } from '../signing';

/** A file the HTTP server sends. */
export interface Download {
  fileName: string;
  contentType: string;
  body: string;
}

/** A user's report `jobId` as a CSV file, while it is kept (the job service answers it). */
type ReportFile = (userKey: string, jobId: string) => Promise<{ fileName: string; body: string } | undefined>;

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
export function reportDownloads(reportFile: ReportFile, secret: Uint8Array) {
  /** The file at `name`, or undefined for a name the bot did not make or a report no longer kept. */
  return async (name: string): Promise<Download | undefined> => {
    const match = /^mca-report-([\w-]{1,400})\.([\w-]{1,64})\.([\w-]{43})\.csv$/.exec(name);
    if (!match) return undefined;
    const userKey = Buffer.from(match[1]!, 'base64url').toString('utf8');
    const jobId = match[2]!;
    if (!verify(signed(userKey, jobId), match[3]!, secret)) return undefined;
    const file = await reportFile(userKey, jobId);
    return file && { ...file, contentType: 'text/csv; charset=utf-8' };
  };
}
