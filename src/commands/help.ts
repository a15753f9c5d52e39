import { clip } from '../checks';
import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';
import type { AgreementScope, CustomerReference } from '../recognizer/recognizer';
import type { HelpLine } from './command';
import type { CustomerCommand } from './customerResolution';

/**
 * The list of what the bot understands, with buttons: `lines`, the table's (src/commands/table.ts, `helpReply`).
 * `unknownText` is what the user typed when it was not understood.
 */
export function help(l10n: Localizer, lines: readonly HelpLine[], unknownText?: string): Reply {
  const { t } = l10n;
  return {
    card: 'help',
    data: {
      title: t('help.title'),
      unknown: unknownText === undefined ? undefined : t('help.unknown', { text: echoed(unknownText) }),
      commands: lines.map((line) => ({ name: t(line.command), description: t(line.description) })),
      placeholder: t('help.placeholder'),
      checkAgreements: t('help.checkAgreements'),
      getInviteLink: t('help.getInviteLink'),
      runReport: t('report.button'),
    },
  };
}

/**
 * A typo the bot can mend: what was not understood, the mended request as the one button that sends it, and the
 * way to the full list. The command is said once, on its button.
 */
export function didYouMean(l10n: Localizer, unknownText: string, suggestion: string): Reply {
  const { t } = l10n;
  return {
    card: 'help',
    data: {
      title: t('help.unknown', { text: echoed(unknownText) }),
      suggestion: t('help.didYouMean'),
      suggestedCommand: echoed(suggestion),
      suggestionAction: { command: 'say', text: suggestion },
      commands: [],
      showHelp: t('help.showAll'),
    },
  };
}

/** When the app is installed: who the bot is, in two lines, and the two things to try. */
export function welcome(l10n: Localizer): Reply {
  const { t } = l10n;
  return {
    card: 'welcome',
    data: {
      title: t('welcome.title'),
      text: t('welcome.text'),
      inviteLink: t('welcome.inviteLink'),
      help: t('welcome.help'),
    },
  };
}

type UnresolvedCustomer = Extract<CustomerReference, { kind: 'missing' | 'invalid' }>;

/**
 * "agreements for …" without a usable customer: what to type, where to find a tenant id, a box to type it in.
 * As the question of a multi-turn prompt it also says how to cancel.
 */
export function customerInput(
  reference: UnresolvedCustomer,
  l10n: Localizer,
  options: { scope?: AgreementScope; asking?: boolean; submitAction?: CustomerCommand } = {},
): Reply {
  const { t } = l10n;
  const missing = reference.kind === 'missing';
  return customerInputCard(l10n, {
    title: missing ? t('customerInput.missingTitle') : t('customerInput.invalidTitle'),
    text: missing
      ? t('customerInput.missingText')
      : t('customerInput.invalidText', { text: echoed(reference.text) }),
    scope: options.scope,
    hint: options.asking ? t('customerInput.cancelHint') : undefined,
    submitAction: options.submitAction,
  });
}

/** The card with a box to type a customer in: what went wrong above, where to find a tenant id below. */
export function customerInputCard(
  l10n: Localizer,
  content: {
    title: string;
    text: string;
    scope?: AgreementScope;
    hint?: string;
    submitAction?: CustomerCommand;
  },
): Reply {
  const { t } = l10n;
  return {
    card: 'customerInput',
    data: {
      title: content.title,
      text: content.text,
      whereToFind: t('customerInput.whereToFind'),
      example: t('customerInput.example'),
      placeholder: t('customerInput.placeholder'),
      hint: content.hint,
      check: t(
        (content.submitAction?.command ?? 'agreements') === 'agreements'
          ? 'customerInput.check'
          : 'customerSearch.continue',
      ),
      submitAction: content.submitAction ?? { command: 'agreements', scope: content.scope ?? 'mca' },
    },
  };
}

export function cancelled(l10n: Localizer): Reply {
  return { card: 'notice', data: { title: l10n.t('cancelled.title'), text: l10n.t('cancelled.text') } };
}

/** Echoed text is cut so a pasted novel cannot make the reply too large for Teams. */
const MAX_ECHOED = 200;
const echoed = (text: string) => clip(text, MAX_ECHOED);

/** A message whose turn lost the race for the conversation's state three times: said, not dropped. */
export function sendAgain(l10n: Localizer): Reply {
  return { card: 'notice', data: { title: l10n.t('conflict.title'), text: l10n.t('conflict.text') } };
}

/** A user of an organization the partner did not allow: a polite no, and nothing done. */
export function otherTenant(l10n: Localizer): Reply {
  return { card: 'notice', data: { title: l10n.t('otherTenant.title'), text: l10n.t('otherTenant.text') } };
}
