import type { Reply } from '../cards/renderer';
import { clip } from '../checks';
import { PartnerCenterError, type PartnerCenterErrorKind } from '../partnerCenter/errors';
import type {
  PartnerRelationship,
  PartnerRelationshipType,
  RelationshipRequestTarget,
} from '../partnerCenter/types';
import type { InviteTarget } from '../recognizer/recognizer';
import { requirePartnerCenter, sourceNote, type RequestContext } from './context';
import { notice } from './notice';
import { partnerKindOf, resellersNamed, type PartnerRelationships } from './partnerKind';
import { failureReason } from '../cards/verdictLines';

/**
 * A card holds five actions at most (the Adaptive Cards host config Teams uses): a choice offers four and Cancel,
 * and says how many more there are.
 */
const MAX_CHOICES = 4;
/** The resellers named when none matches the typed name. */
const MAX_LISTED = 5;

/**
 * Answers of the relationships call that say "not for you" rather than "not now": the invite does not depend on
 * them (a direct-bill partner needs neither list), so they read as an empty list and the link is asked for anyway.
 */
const REFUSALS: ReadonlySet<PartnerCenterErrorKind> = new Set([
  'forbidden',
  'indirectReseller',
  'rejected',
  'customerNotFound',
]);

/**
 * "invite link": the partner's reseller relationship request URL, to paste into a mail or chat. Which link depends
 * on the partner's kind (see partnerKind.ts), read from its indirect relationships (cached with the link, so a
 * known link costs no call): its own, through one of its indirect providers, or on behalf of one of its resellers.
 * The URL shown is always the one Partner Center returns.
 */
export async function inviteLink(context: RequestContext, target?: InviteTarget): Promise<Reply> {
  const answer = await inviteAnswer(context, target);
  return 'card' in answer ? answer : linkCard(context, answer);
}

/**
 * The link "invite link" gives without being told which (for "invite <customer>"), with through whom it goes; or,
 * when the partner must choose first or gets none, the card that says so.
 */
export async function defaultInviteLink(
  context: RequestContext,
): Promise<{ url: string; through?: string } | { reply: Reply }> {
  const answer = await inviteAnswer(context);
  return 'card' in answer
    ? { reply: answer }
    : { url: answer.url, through: throughText(context, answer.choice) };
}

/** The link Partner Center gave, and which one it is. */
interface FoundLink {
  url: string;
  choice: LinkChoice;
}

/** The link for the partner's kind and the target asked for, or the card that asks or says why there is none. */
async function inviteAnswer(context: RequestContext, target?: InviteTarget): Promise<FoundLink | Reply> {
  const [providers, resellers] = await Promise.all([
    relationshipsOf('IsIndirectResellerOf', context),
    relationshipsOf('IsIndirectCloudSolutionProviderOf', context),
  ]);
  const known = { providers: providers.items, resellers: resellers.items };
  const kind = partnerKindOf(known);
  switch (target?.kind) {
    case 'resellerName':
      return forResellerNamed(target.name, known, context);
    case 'reseller': {
      const reseller = known.resellers.find((r) => r.id === target.id);
      return reseller
        ? fetchLink(context, { reseller })
        : noResellerMatch(target.id, known.resellers, context);
    }
    case 'provider': {
      const provider = known.providers.find((p) => p.id === target.id);
      // A provider no longer listed: the choice again, from today's list (or the plain link, when none is).
      if (!provider) {
        return known.providers.length > 0
          ? chooseProvider(known, kind === 'dualRole', context)
          : directLink(context, known, providers.refused);
      }
      return fetchLink(context, {
        provider,
        dualRole: kind === 'dualRole',
        canChange: known.providers.length > 1 || kind === 'dualRole',
      });
    }
    case 'direct':
      return directLink(context, known, providers.refused);
    default:
  }
  if (kind === 'indirectReseller' && known.providers.length === 1 && target?.kind !== 'choose') {
    return fetchLink(context, { provider: known.providers[0]! });
  }
  if (kind === 'indirectReseller' || kind === 'dualRole') {
    return chooseProvider(known, kind === 'dualRole', context);
  }
  return directLink(context, known, providers.refused);
}

/** One list, or, when Partner Center refuses it, an empty one and why (faults fail the request: its error card). */
async function relationshipsOf(
  type: PartnerRelationshipType,
  context: RequestContext,
): Promise<{ items: PartnerRelationship[]; refused?: PartnerCenterErrorKind }> {
  try {
    const { client, request } = requirePartnerCenter(context);
    return { items: await client.getPartnerRelationships(type, request) };
  } catch (error) {
    if (error instanceof PartnerCenterError && REFUSALS.has(error.kind))
      return { items: [], refused: error.kind };
    throw error;
  }
}

/**
 * The partner's own link. A partner with providers says it means the direct relationship
 * (dualRoleIndirectRelationship=false). Partner Center refuses it to an indirect reseller: then say what happened
 * and what to do, rather than an error about roles.
 */
async function directLink(
  context: RequestContext,
  known: PartnerRelationships,
  providersRefused: PartnerCenterErrorKind | undefined,
): Promise<FoundLink | Reply> {
  try {
    return await fetchLink(context, {
      dualRole: known.providers.length > 0 ? false : undefined,
      resellerHint: known.resellers.length > 0,
      canChange: known.providers.length > 0,
    });
  } catch (error) {
    if (!(error instanceof PartnerCenterError) || error.kind !== 'indirectReseller') throw error;
    const { t } = context.l10n;
    const text = providersRefused
      ? t('partnerKind.providersRefused', { reason: failureReason(providersRefused, context.l10n) })
      : t('partnerKind.noProviders');
    return notice(t('partnerKind.indirectOnlyTitle'), text);
  }
}

interface LinkChoice {
  provider?: PartnerRelationship;
  reseller?: PartnerRelationship;
  /** Which of a dual-role partner's relationships: true through the provider, false its direct one. */
  dualRole?: boolean;
  /** An indirect provider can ask for a reseller's link: the card says how. */
  resellerHint?: boolean;
  /** Other links were possible: a button brings the choice back. */
  canChange?: boolean;
}

async function fetchLink(context: RequestContext, choice: LinkChoice): Promise<FoundLink> {
  const { provider, reseller } = choice;
  const target: RelationshipRequestTarget = {
    indirectCloudSolutionProviderId: provider?.id,
    indirectResellerId: reseller?.id,
    dualRoleIndirectRelationship: choice.dualRole,
  };
  const { client, request } = requirePartnerCenter(context);
  const url = await client.getRelationshipRequestUrl(request, withoutUndefined(target));
  return { url, choice };
}

/** Through which provider, or for which reseller, the link goes; or that it is the direct one. */
function throughText(context: RequestContext, choice: LinkChoice): string | undefined {
  const { t } = context.l10n;
  if (choice.provider) return t('inviteLink.through', partnerNames(choice.provider));
  if (choice.reseller) return t('inviteLink.forReseller', partnerNames(choice.reseller));
  return choice.dualRole === false ? t('inviteLink.direct') : undefined;
}

function linkCard(context: RequestContext, { url, choice }: FoundLink): Reply {
  const { t } = context.l10n;
  return {
    card: 'inviteLink',
    data: {
      title: t('inviteLink.title'),
      intro: t('inviteLink.intro'),
      through: throughText(context, choice),
      linkLabel: t('inviteLink.linkLabel'),
      linkText: url,
      inviteUrl: url,
      open: t('inviteLink.open'),
      resellerHint: choice.resellerHint ? t('inviteLink.resellerHint') : undefined,
      change: choice.canChange ? t('inviteLink.change') : undefined,
      changeAction: choice.canChange ? { command: 'inviteLink', relationship: 'choose' } : undefined,
      sourceNote: sourceNote(context),
    },
  };
}

/** Through which provider (none preselected: a button each); a dual-role partner may also pick its direct link. */
function chooseProvider(known: PartnerRelationships, dualRole: boolean, context: RequestContext): Reply {
  const { t } = context.l10n;
  const providers = known.providers.slice(0, dualRole ? MAX_CHOICES - 1 : MAX_CHOICES);
  const choices = [
    ...(dualRole
      ? [
          {
            title: t('partnerKind.directChoice'),
            line: t('partnerKind.directChoice'),
            submitAction: { command: 'inviteLink', relationship: 'direct' },
          },
        ]
      : []),
    ...providers.map((p) => ({
      title: clip(p.name, 40),
      line: t('partnerKind.providerChoice', partnerNames(p)),
      submitAction: { command: 'inviteLink', provider: p.id },
    })),
  ];
  return choiceCard(context, {
    title: t(dualRole ? 'partnerKind.chooseRelationshipTitle' : 'partnerKind.chooseProviderTitle'),
    text: t(dualRole ? 'partnerKind.chooseRelationshipText' : 'partnerKind.chooseProviderText'),
    choices,
    more: known.providers.length - providers.length,
  });
}

/** "invite link for reseller X": the one reseller it names, a choice among several, or none (naming a few). */
async function forResellerNamed(
  typed: string,
  known: PartnerRelationships,
  context: RequestContext,
): Promise<FoundLink | Reply> {
  const { t } = context.l10n;
  if (known.resellers.length === 0)
    return notice(t('partnerKind.noResellersTitle'), t('partnerKind.noResellers'));
  const matches = resellersNamed(known.resellers, typed);
  if (matches.length === 1) return fetchLink(context, { reseller: matches[0]! });
  if (matches.length === 0) return noResellerMatch(typed, known.resellers, context);
  const shown = matches.slice(0, MAX_CHOICES);
  return choiceCard(context, {
    title: t('partnerKind.chooseResellerTitle', { text: clip(typed, 80) }),
    text: t('partnerKind.chooseResellerText'),
    choices: shown.map((r) => ({
      title: clip(r.name, 40),
      line: t('partnerKind.providerChoice', partnerNames(r)),
      submitAction: { command: 'inviteLink', reseller: r.id },
    })),
    more: matches.length - shown.length,
  });
}

function noResellerMatch(
  typed: string,
  resellers: readonly PartnerRelationship[],
  context: RequestContext,
): Reply {
  const { t } = context.l10n;
  const list = resellers.slice(0, MAX_LISTED).map((r) => clip(r.name, 80));
  return notice(
    t('partnerKind.noResellerMatchTitle', { text: clip(typed, 80) }),
    t(resellers.length > MAX_LISTED ? 'partnerKind.noResellerMatchSome' : 'partnerKind.noResellerMatch', {
      list: list.join(', '),
    }),
  );
}

function choiceCard(
  context: RequestContext,
  content: {
    title: string;
    text: string;
    /** `title` on the button, short enough for a phone; `line` above the buttons, with the MPN ID. */
    choices: Array<{ title: string; line: string; submitAction: object }>;
    more: number;
  },
): Reply {
  const { t } = context.l10n;
  return {
    card: 'inviteChoice',
    data: {
      title: content.title,
      text: content.text,
      choices: content.choices,
      moreText: content.more > 0 ? t('partnerKind.more', { count: content.more }) : undefined,
      cancel: t('partnerKind.cancel'),
    },
  };
}

/** A partner as the cards name it; Partner Center's text is clipped, and a missing MPN id said so. */
function partnerNames(partner: PartnerRelationship): { name: string; mpnId: string } {
  return { name: clip(partner.name, 80), mpnId: clip(partner.mpnId ?? '—', 20) };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
