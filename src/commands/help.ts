import { clip } from '../checks';
import type { Reply } from '../cards/renderer';
import type { Localizer } from '../i18n/localizer';

/**
 * The list of what the bot understands, with buttons: `lines`, the table's (src/commands/table.ts, `helpReply`).
 * `unknownText` is what the user typed when it was not understood.
 */
export function help(
  l10n: Localizer,
  lines: ReadonlyArray<{ command: string; description: string }>,
  unknownText?: string,
): Reply {
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

/** Echoed text is cut so a pasted novel cannot make the reply too large for Teams. */
const MAX_ECHOED = 200;
export const echoed = (text: string) => clip(text, MAX_ECHOED);
