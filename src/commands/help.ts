import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';
import type { CustomerReference } from '../recognizer/recognizer';

/** The list of what the bot understands, with buttons; `unknownText` is what the user typed, if not understood. */
export function help(l10n: Localizer, options: { unknownText?: string; welcome?: boolean } = {}): Reply {
  const { t } = l10n;
  return {
    card: 'help',
    data: {
      title: options.welcome ? t('welcome.title') : t('help.title'),
      unknown:
        options.unknownText === undefined
          ? undefined
          : t('help.unknown', { text: clip(options.unknownText) }),
      commands: [
        { name: t('help.inviteLinkCommand'), description: t('help.inviteLink') },
        { name: t('help.agreementsCommand'), description: t('help.agreements') },
        { name: t('help.signOutCommand'), description: t('help.signOut') },
        { name: t('help.helpCommand'), description: t('help.help') },
      ],
      placeholder: t('help.placeholder'),
      checkAgreements: t('help.checkAgreements'),
      getInviteLink: t('help.getInviteLink'),
    },
  };
}

/** "agreements for …" without a usable tenant id: what a tenant id looks like, where to find it, a box to type it. */
export function customerInput(
  reference: Exclude<CustomerReference, { kind: 'tenantId' }>,
  l10n: Localizer,
): Reply {
  const { t } = l10n;
  const missing = reference.kind === 'missing';
  return {
    card: 'customerInput',
    data: {
      title: missing ? t('customerInput.missingTitle') : t('customerInput.invalidTitle'),
      text: missing
        ? t('customerInput.missingText')
        : t('customerInput.invalidText', { text: clip(reference.text) }),
      whereToFind: t('customerInput.whereToFind'),
      example: t('customerInput.example'),
      placeholder: t('customerInput.placeholder'),
      check: t('customerInput.check'),
    },
  };
}

/** Echoed text is cut so a pasted novel cannot make the reply too large for Teams. */
function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
