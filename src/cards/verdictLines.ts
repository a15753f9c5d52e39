import { clip } from '../checks';
import { hasText, type Localizer } from '../i18n/localizer';
import { contactName } from '../mca/reportRow';
import { MCA_ENFORCED_FROM, type AgreementFacts, type McaVerdict } from '../mca/verdict';
import { ADMIN_CENTER_ACCEPTANCE_URL, type WhatToDo } from '../mca/whatToDo';

// The verdict in words (src/mca/ decides it): the line a sales person reads, what to do next, and what could not
// be checked.

/** Partner Center text is clipped on cards: one contact name cannot fill a message. */
const MAX_FIELD = 120;

/**
 * Colour supports the words, never replaces them: a tinted container behind text in the theme's own colour, which
 * keeps its contrast in light and dark themes (coloured text on white was about 2:1). The two states that block a
 * sale differ: re-acceptance needed (already blocked since 7 October 2025) in the attention colour, never accepted in
 * the warning one; unknown is no finding, so it stays neutral.
 */
export const VERDICT_STYLE: Record<VerdictLines['state'], string> = {
  canTransact: 'good',
  mcloudA: 'good',
  reacceptanceNeeded: 'attention',
  notAccepted: 'warning',
  mcloudANone: 'warning',
  unknown: 'emphasis',
};

/**
 * A mark before the verdict, one shape per state, so that a reader who does not tell the colours apart (or a
 * high-contrast theme that drops them) still tells the states apart at a glance; the verdict's first words say it too.
 */
export const VERDICT_MARK: Record<VerdictLines['state'], string> = {
  canTransact: '✔',
  mcloudA: '✔',
  reacceptanceNeeded: '↻',
  notAccepted: '✖',
  mcloudANone: '✖',
  unknown: '?',
};

export interface VerdictLines {
  state: McaVerdict['state'] | 'mcloudA' | 'mcloudANone';
  verdict: string;
  next?: string;
  /** What to do when the obvious next step does not work. */
  hint?: string;
  /** Said once, in small print: the signals that could not be read, and why. */
  caveats: string[];
  /** The customer's admin accepts in the admin center; this is the message to forward. */
  acceptanceUrl?: string;
  forward?: string;
  /** No reselling relationship: the reseller invite is the step, not the acceptance. */
  inviteInstead: boolean;
}

/**
 * `indirectProviders`: for an indirect reseller refused the attestations, who holds them (names and MPN ids), when
 * known.
 */
export function mcaVerdictLines(
  verdict: McaVerdict,
  context: { l10n: Localizer; mcaCurrentSince: string },
  indirectProviders?: string,
): VerdictLines {
  const { l10n } = context;
  const { t } = l10n;
  const { acceptance } = verdict;
  const when = acceptance && {
    date: l10n.formatDate(acceptance.dateAgreed),
    contactName: clipField(contactName(acceptance)),
  };
  const since = l10n.formatDate(context.mcaCurrentSince);
  const caveats = verdict.unchecked.map(({ signal, failure }) =>
    t(`agreements.unchecked.${signal}`, { reason: failureReason(failure, l10n), since }),
  );
  // Only an unknown verdict has unchecked signals; without a reselling relationship the invite comes first.
  const inviteInstead = verdict.unchecked.some((u) => u.failure === 'noRelationship');
  const base = { state: verdict.state, caveats, inviteInstead };
  const acceptanceStep = (forward: string) => ({
    acceptanceUrl: ADMIN_CENTER_ACCEPTANCE_URL,
    forward: t(forward, { url: ADMIN_CENTER_ACCEPTANCE_URL }),
  });
  switch (verdict.state) {
    case 'canTransact':
      return verdict.by === 'direct' || !when
        ? { ...base, verdict: t('agreements.directSigned'), next: t('agreements.directSignedNext') }
        : { ...base, verdict: t('agreements.accepted', when) };
    case 'reacceptanceNeeded':
      return {
        ...base,
        ...acceptanceStep('agreements.forward'),
        verdict: t('agreements.reacceptance', when ?? {}),
        next: t(verdict.enforced ? 'agreements.reacceptanceNext' : 'agreements.reacceptanceNextUpcoming', {
          since: l10n.formatDate(MCA_ENFORCED_FROM),
        }),
        hint: t('agreements.reacceptanceBlocked'),
      };
    case 'notAccepted':
      return {
        ...base,
        ...acceptanceStep('agreements.forwardFirst'),
        verdict: t('agreements.notAccepted'),
        next: t('agreements.notAcceptedNext'),
      };
    default:
      return {
        ...base,
        verdict: t('agreements.unknown'),
        next: unknownNext(verdict, inviteInstead, when, l10n, indirectProviders),
      };
  }
}

/** What is known of an unknown verdict, and what to do about it. */
function unknownNext(
  verdict: McaVerdict,
  inviteInstead: boolean,
  when: { date: string; contactName: string } | undefined,
  l10n: Localizer,
  indirectProviders?: string,
): string | undefined {
  if (inviteInstead) return l10n.t('agreements.unknownNoRelationship');
  // An indirect reseller refused the attestations: they are its provider's, never a guess of ours.
  if (verdict.unchecked.some((u) => u.signal === 'attestations' && u.failure === 'indirectReseller')) {
    return indirectProviders
      ? l10n.t('partnerKind.mcaHeldBy', { providers: indirectProviders })
      : l10n.t('partnerKind.mcaHeldByYourProvider');
  }
  if (!when) return undefined;
  const undecided = verdict.unchecked.some((u) => u.signal === 'templates');
  return l10n.t(undecided ? 'agreements.unknownUndecided' : 'agreements.unknownEarlier', when);
}

export function mcloudAVerdict(latest: AgreementFacts | undefined, l10n: Localizer): VerdictLines {
  const { t } = l10n;
  if (!latest) {
    return {
      state: 'mcloudANone',
      verdict: t('agreements.mcloudANone'),
      next: t('agreements.mcloudANext'),
      inviteInstead: false,
      caveats: [],
    };
  }
  const when = { date: l10n.formatDate(latest.dateAgreed), contactName: clipField(contactName(latest)) };
  return {
    state: 'mcloudA',
    verdict: t('agreements.mcloudAAccepted', when),
    inviteInstead: false,
    caveats: [],
  };
}

/** A report's customer: what to do about it (src/mca/whatToDo.ts), in a few words (the summary, the CSV). */
export function whatToDoText(next: WhatToDo, l10n: Localizer): string {
  if (next.next !== 'unknown') return l10n.t(`report.next.${next.next}`);
  return l10n.t('report.next.unknown', { reason: failureReason(next.failure, l10n) });
}

/** Why a signal could not be read, in words; a 403 is explained by its code. */
export function failureReason(failure: string, l10n: Localizer): string {
  const key = `agreements.failures.${failure}`;
  return hasText(l10n.language, key) ? l10n.t(key) : l10n.t('agreements.failures.other');
}

export function clipField(text: string): string {
  return clip(text, MAX_FIELD);
}
