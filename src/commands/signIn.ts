import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';
import { notice } from './notice';

// Replies about signing in; each is a notice card with at most one action.

/**
 * Teams has no bot single sign-on in channels, and a sign-in card there would be seen by everyone: the user is
 * sent to a personal chat with the bot instead, once.
 */
export function signInInPersonalChat(l10n: Localizer, personalChatUrl: string): Reply {
  const { t } = l10n;
  return notice(t('signIn.channelTitle'), t('signIn.channelText'), {
    openUrl: personalChatUrl,
    openTitle: t('signIn.openChat'),
  });
}

export function signedIn(l10n: Localizer): Reply {
  return notice(l10n.t('signIn.signedInTitle'), l10n.t('signIn.signedInText'));
}

/** Signed out; `reportCancelled`: the user's running report, which held their token, ended with it. */
export function signedOut(l10n: Localizer, reportCancelled = false): Reply {
  const text = [l10n.t('signIn.signedOutText'), reportCancelled ? l10n.t('signIn.signedOutReport') : '']
    .filter(Boolean)
    .join(' ');
  return notice(l10n.t('signIn.signedOutTitle'), text);
}

export function signInFailed(l10n: Localizer): Reply {
  return notice(l10n.t('signIn.failedTitle'), l10n.t('signIn.failedText'), {
    submitAction: { command: 'signIn' },
    submitTitle: l10n.t('signIn.again'),
  });
}

export function noSignInLocally(l10n: Localizer): Reply {
  return notice(l10n.t('signIn.localTitle'), l10n.t('signIn.localText'));
}
