import type { Reply } from '../cards/renderer';
import { sourceNote, type CommandContext } from './context';

/** "invite link": the partner's reseller relationship request URL, to paste into a mail or chat. */
export async function inviteLink(context: CommandContext): Promise<Reply> {
  const url = await context.partnerCenter.getRelationshipRequestUrl(context.request);
  const { t } = context.l10n;
  return {
    card: 'inviteLink',
    data: {
      title: t('inviteLink.title'),
      intro: t('inviteLink.intro'),
      linkLabel: t('inviteLink.linkLabel'),
      linkText: url,
      inviteUrl: url,
      open: t('inviteLink.open'),
      sourceNote: sourceNote(context),
    },
  };
}
