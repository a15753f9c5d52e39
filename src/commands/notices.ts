import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';

/** The bot's short answers about the conversation itself, not about Partner Center. */

/** When the app is installed: who the bot is, in two lines, and the three things to try (the report among them). */
export function welcome(l10n: Localizer): Reply {
  const { t } = l10n;
  return {
    card: 'welcome',
    data: {
      title: t('welcome.title'),
      text: t('welcome.text'),
      inviteLink: t('welcome.inviteLink'),
      runReport: t('report.button'),
      help: t('welcome.help'),
    },
  };
}

export function cancelled(l10n: Localizer): Reply {
  return { card: 'notice', data: { title: l10n.t('cancelled.title'), text: l10n.t('cancelled.text') } };
}

/** "thx!", "merci !": a reply in kind, and what to do next. */
export function youAreWelcome(l10n: Localizer): Reply {
  return { card: 'notice', data: { title: l10n.t('thanks.title'), text: l10n.t('thanks.text') } };
}

/** A message whose turn lost the race for the conversation's state three times: said, not dropped. */
export function sendAgain(l10n: Localizer): Reply {
  return { card: 'notice', data: { title: l10n.t('conflict.title'), text: l10n.t('conflict.text') } };
}

/** A user of an organization the partner did not allow: a polite no, and nothing done. */
export function otherTenant(l10n: Localizer): Reply {
  return { card: 'notice', data: { title: l10n.t('otherTenant.title'), text: l10n.t('otherTenant.text') } };
}
