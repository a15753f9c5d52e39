import { isHttpsOrLocalhost } from '../checks';

/** A file upload Teams granted after the user accepted a file consent card. */
export interface UploadInfo {
  uploadUrl: string;
  contentUrl: string;
  name: string;
  uniqueId?: string;
  fileType?: string;
}

const UPLOAD_TIMEOUT_MS = 30_000;

/**
 * Writes the file where Teams said (the user's OneDrive): one PUT of the whole content to the upload session
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4). Only an https URL is written to.
 */
export async function uploadFile(
  info: UploadInfo,
  content: string,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const url = URL.canParse(info.uploadUrl) ? new URL(info.uploadUrl) : undefined;
  if (!url || !isHttpsOrLocalhost(url)) throw new Error('the upload URL is not https');
  const body = Buffer.from(content, 'utf8');
  const response = await fetchImpl(info.uploadUrl, {
    method: 'PUT',
    headers: {
      'Content-Length': String(body.byteLength),
      'Content-Range': `bytes 0-${body.byteLength - 1}/${body.byteLength}`,
    },
    body,
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`the upload was refused (HTTP ${response.status})`);
}
