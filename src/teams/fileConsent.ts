import type { RequestContext } from '../commands/context';
import { describe } from '../log';
import { fileInfoMessage } from './fileCards';
import { uploadFile, type UploadInfo } from './fileUpload';

/**
 * The user's answer to the CSV's file consent card. Accepted in the personal chat: the CSV of that report (while
 * it is kept) is uploaded where Teams says, if that is the user's OneDrive, and shown as a file card. Declined:
 * said.
 */
export async function answerFileConsent(
  context: RequestContext,
  response: { action?: string; context?: unknown; uploadInfo?: Partial<UploadInfo> },
): Promise<string | ReturnType<typeof fileInfoMessage>> {
  const { t } = context.l10n;
  const { services } = context;
  if (response.action !== 'accept') return t('report.csvDeclined');
  // The card is offered in personal chats only (the CSV holds every contact unmasked); an accept from anywhere
  // else was not ours to get.
  if (context.conversation?.kind !== 'personal') return t('report.csvConsentInPersonalChat');
  const jobId = (response.context as { jobId?: unknown } | undefined)?.jobId;
  const info = response.uploadInfo;
  const job =
    typeof jobId === 'string' && jobId.length <= 100
      ? await services.reports.finished(context.userKey, jobId)
      : undefined;
  const csv = job && (await services.reports.csv(job));
  if (!csv || !info?.uploadUrl || !info.contentUrl || !info.name) return t('report.csvGone');
  const upload = { ...info, uploadUrl: info.uploadUrl, contentUrl: info.contentUrl, name: info.name };
  try {
    await uploadFile(upload, csv, {
      cloud: services.cloud,
      fetch: services.uploadFetch,
    });
  } catch (error) {
    context.logger.warn('CSV upload failed', { error: describe(error) });
    return t('report.csvFailed');
  }
  return fileInfoMessage(upload);
}
