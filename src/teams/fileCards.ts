import type { FileOffer } from '../commands/reportCommands';
import type { UploadInfo } from './fileUpload';

/** A message carrying one attachment, as the Bot Framework activity protocol has it. */
interface AttachmentMessage {
  type: 'message';
  attachments: Array<{ contentType: string; name: string; contentUrl?: string; content: unknown }>;
}

/** Teams' file consent card: the user accepts (Teams then gives an upload URL in their OneDrive) or declines. */
export function fileConsentMessage({ file }: FileOffer): AttachmentMessage {
  const context = { jobId: file.jobId };
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.teams.card.file.consent',
        name: file.name,
        content: {
          description: file.description,
          sizeInBytes: file.sizeInBytes,
          acceptContext: context,
          declineContext: context,
        },
      },
    ],
  };
}

/** The uploaded file, as a card the user opens it from: `contentUrl`, which `uploadFile` checked before writing. */
export function fileInfoMessage(info: UploadInfo): AttachmentMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.teams.card.file.info',
        contentUrl: info.contentUrl,
        name: info.name,
        content: { uniqueId: info.uniqueId, fileType: info.fileType ?? 'csv' },
      },
    ],
  };
}
