import { parseUrl } from '../checks';
import type { PartnerCenterCloud } from '../partnerCenter/clouds';

/** A file upload Teams granted after the user accepted a file consent card. */
export interface UploadInfo {
  uploadUrl: string;
  contentUrl: string;
  name: string;
  uniqueId?: string;
  fileType?: string;
}

/** How an upload reaches the user's OneDrive: the cloud whose hosts it may go to, and the HTTP client. */
export interface UploadTarget {
  cloud: PartnerCenterCloud;
  /** The global fetch in production; tests route the OneDrive hosts to a double (the checks stay the same). */
  fetch: typeof fetch;
}

const UPLOAD_TIMEOUT_MS = 30_000;

/**
 * Where Teams puts a file the user accepts: an upload session in their OneDrive for work or school, a SharePoint
 * site of their tenant ("contoso-my.sharepoint.com"), and the file's contentUrl beside it
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4). By cloud, the SharePoint domains its
 * tenants are on: US Government's GCC tenants on sharepoint.com, GCC High on sharepoint.us, DoD on
 * sharepoint-mil.us; 21Vianet's on sharepoint.cn. (Teams supports bot files in none but the public cloud and GCC.)
 */
const SHAREPOINT_DOMAINS: Record<PartnerCenterCloud, readonly string[]> = {
  public: ['sharepoint.com'],
  usgov: ['sharepoint.com', 'sharepoint.us', 'sharepoint-mil.us'],
  china: ['sharepoint.cn'],
};

/** An https URL, on the default port and without credentials, to a host under one of the cloud's SharePoint domains. */
function isSharePointUrl(text: string, cloud: PartnerCenterCloud): boolean {
  const url = parseUrl(text);
  if (!url || url.protocol !== 'https:' || url.port !== '' || url.username || url.password) return false;
  const host = url.hostname;
  return SHAREPOINT_DOMAINS[cloud].some(
    (domain) => host.length > domain.length + 1 && host.endsWith(`.${domain}`),
  );
}

/**
 * Why Teams' upload info is not to be used, or undefined: both its URLs must be the user's OneDrive in this cloud,
 * the upload place (what the file is written to) and the file's own (what the file card opens).
 */
function refusedUpload(info: UploadInfo, cloud: PartnerCenterCloud): string | undefined {
  if (!isSharePointUrl(info.uploadUrl, cloud)) return 'the upload URL is not https on a SharePoint host';
  if (!isSharePointUrl(info.contentUrl, cloud)) return 'the file URL is not https on a SharePoint host';
  return undefined;
}

/**
 * Writes the file where Teams said (the user's OneDrive): one PUT of the whole content to the upload session
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4), only after `refusedUpload` finds
 * nothing wrong. A redirect is never followed: it would send the file somewhere the invoke did not name.
 */
export async function uploadFile(info: UploadInfo, content: string, target: UploadTarget): Promise<void> {
  const refused = refusedUpload(info, target.cloud);
  if (refused) throw new Error(refused);
  const body = Buffer.from(content, 'utf8');
  const send = target.fetch;
  const response = await send(info.uploadUrl, {
    method: 'PUT',
    headers: {
      'Content-Length': String(body.byteLength),
      'Content-Range': `bytes 0-${body.byteLength - 1}/${body.byteLength}`,
    },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new Error(`the upload place answered with a redirect (HTTP ${response.status}): not followed`);
  }
  if (!response.ok) throw new Error(`the upload was refused (HTTP ${response.status})`);
}
