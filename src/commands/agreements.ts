import type { Reply } from '../cards/renderer';
import { hasText, type Localizer } from '../i18n/localizer';
import type { PartnerCenterCloud } from '../partnerCenter/clouds';
import { PartnerCenterError } from '../partnerCenter/errors';
import type { Agreement, AgreementTypeFilter, Customer } from '../partnerCenter/types';
import type { AgreementScope } from '../recognizer/recognizer';
import { requirePartnerCenter, sourceNote, type RequestContext } from './context';
import { contactName } from '../mca/reportRow';
import { MCA, mcaVerdict, newestFirst, type Signal } from '../mca/verdict';
import {
  clipField,
  mcaVerdictLines,
  mcloudAVerdict,
  VERDICT_MARK,
  VERDICT_STYLE,
} from '../cards/verdictLines';
import { maskEmail, maskPhone } from './privacy';

const MCLOUDA = 'MicrosoftCloudAgreement';
/**
 * The MCA check asks for every type as well, in the same one call: a customer without the MCA is told what it does
 * have ("Also on record: Microsoft Cloud Agreement").
 */
const TYPE_FILTER: Record<AgreementScope, AgreementTypeFilter> = { mca: '*', mcloudA: MCLOUDA, all: '*' };

/**
 * Acceptances listed on the card, newest first; the rest are counted. A customer with hundreds of them must still
 * get an answer under Teams' 40 KB message limit.
 */
export const MAX_LISTED = 20;

/**
 * "agreements for <customer>": has the customer accepted the Microsoft Customer Agreement, when and by whom, and
 * on demand every agreement type. The agreements, the direct-signed status (a customer who accepted the MCA
 * itself is not among the acceptances the partner confirmed) and the customer, when not known yet, are fetched in
 * parallel. The type is always named: Partner Center's default is the Microsoft Cloud Agreement.
 */
export async function agreements(
  customer: Pick<Customer, 'id'> & Partial<Customer>,
  scope: AgreementScope,
  context: RequestContext,
  /** `guessedFrom`: the name typed, when this customer was picked by how its name starts ("Not this one?"). */
  options: { guessedFrom?: string } = {},
): Promise<Reply> {
  const { l10n, services } = context;
  const { client: partnerCenter, request } = requirePartnerCenter(context);
  const mca = scope !== 'mcloudA';
  // All at once; the MCA's templates come from the client's cache after the first time.
  const [profile, collection, directSigned, templates] = await Promise.all([
    customer.companyName ? (customer as Customer) : partnerCenter.getCustomer(customer.id, request),
    settled(partnerCenter.getCustomerAgreements(customer.id, TYPE_FILTER[scope], request)),
    mca ? settled(partnerCenter.getDirectSignedMcaStatus(customer.id, request)) : ok(false),
    mca ? settled(partnerCenter.getMcaTemplates(request)) : ok([]),
  ]);
  // Without the agreements, only the customer's own acceptance can answer; else the failure is the answer (it says
  // when to try again). An indirect reseller is never shown them: the MCA check says who holds them instead.
  const heldByProvider = mca && !collection.ok && collection.failure === 'indirectReseller';
  if (!collection.ok && !heldByProvider && !(mca && directSigned.ok && directSigned.value))
    throw collection.error;
  const providers = heldByProvider ? await providerNames(context) : undefined;
  const { t } = l10n;
  const everyType = collection.ok ? newestFirst(collection.value.items) : [];
  const items = scope === 'mca' ? everyType.filter((item) => item.type === MCA) : everyType;
  const decided = mca
    ? mcaVerdict({
        attestations: collection.ok ? ok(collection.value.items) : collection,
        directSigned,
        templates,
        currentSince: services.mcaCurrentSince,
        today: context.today,
      })
    : undefined;
  const verdict = decided
    ? mcaVerdictLines(decided, { l10n, mcaCurrentSince: services.mcaCurrentSince }, providers)
    : mcloudAVerdict(
        items.find((item) => item.type === MCLOUDA),
        l10n,
      );
  const listed = items.slice(0, MAX_LISTED);
  const currentTemplate = decided?.currentTemplateId?.toLowerCase();

  const titleKey =
    scope === 'all'
      ? 'agreements.titleAll'
      : scope === 'mcloudA'
        ? 'agreements.titleMcloudA'
        : 'agreements.titleMca';

  return {
    card: 'agreements',
    data: {
      // The company first: a sales person reads whom the card is about, then the answer.
      title: clipField(profile.companyName),
      subtitle: t('agreements.subtitle', { agreement: t(titleKey), tenantId: customer.id }),
      ...verdict,
      verdictStyle: VERDICT_STYLE[verdict.state],
      verdictMark: VERDICT_MARK[verdict.state],
      // Among every type, the verdict is the MCA's: said so.
      verdictSubject: scope === 'all' ? typeName(MCA, l10n) : undefined,
      others: scope === 'mca' ? otherAgreements(everyType, l10n) : undefined,
      forwardTitle: t('agreements.forwardTitle'),
      acceptanceTitle: t('agreements.acceptanceTitle'),
      recordsTitle: t(scope === 'all' ? 'agreements.recordsTitle' : 'agreements.acceptancesTitle', {
        count: items.length,
      }),
      // The customer's own acceptance decided: the partner's older attestations are there, but are not the reason.
      recordsNote:
        decided?.by === 'direct' && items.some((item) => item.type === MCA)
          ? t('agreements.directSignedRecords')
          : undefined,
      records: listed.map((item) =>
        acceptanceLine(item, { currentTemplate, withType: scope === 'all' }, context),
      ),
      // The template ids mean nothing to sales; support may ask for them.
      detailsTitle: t('agreements.detailsTitle'),
      details: listed.map((item) => ({ title: l10n.formatDate(item.dateAgreed), value: item.templateId })),
      showDetails: t('agreements.showDetails'),
      agreementUrl: (listed.find((item) => item.type === MCA) ?? listed[0])?.agreementLink,
      moreText:
        items.length > listed.length
          ? t('agreements.more', { count: items.length - listed.length })
          : undefined,
      openAgreement: t('agreements.openAgreement'),
      // Not the reseller: the invite is the one thing to do, so its button comes first.
      invite: verdict.inviteInstead
        ? { title: t('agreements.sendInvite'), submitAction: { command: 'inviteLink' } }
        : undefined,
      followUps: followUps(customer.id, scope, l10n),
      notThisOne:
        options.guessedFrom === undefined
          ? undefined
          : notThisOne(options.guessedFrom, customer.id, scope, l10n),
      sourceNote: sourceNote(context),
    },
  };
}

/**
 * The indirect providers an indirect reseller resells through, named for the MCA card: they hold the customers'
 * MCA attestations, which Partner Center shows to direct-bill partners and indirect providers only. What is known:
 * the agreements (and the agreement metadata) failed for an indirect reseller (maintainer's answer,
 * microsoft/Partner-Center-PowerShell#211); the direct-acceptance status is documented for "the indirect provider or
 * direct bill partner" with an active reselling relationship (LEARN get-direct-sign-status-of-customer-agreement),
 * so it is asked for and shown if it comes; attestation itself "applies to indirect providers and direct-bill CSP
 * partners; indirect resellers can't use this experience" (LEARN integrate-sandbox-confirm-customer-accept). The
 * names are a courtesy: when they cannot be read, the card says "your indirect provider".
 */
async function providerNames(context: RequestContext): Promise<string | undefined> {
  try {
    const { client, request } = requirePartnerCenter(context);
    const providers = await client.getPartnerRelationships('IsIndirectResellerOf', request);
    if (providers.length === 0) return undefined;
    const { t } = context.l10n;
    const named = (p: (typeof providers)[number]) =>
      p.mpnId
        ? t('partnerKind.providerWithMpn', { name: clipField(p.name), mpnId: clipField(p.mpnId) })
        : clipField(p.name);
    return providers.slice(0, 3).map(named).join(', ');
  } catch {
    return undefined;
  }
}

/** Partner Center's answer as a signal. A refused token, an unknown customer or a defect of ours fails it all. */
function settled<T>(call: Promise<T>): Promise<Signal<T> & { error?: unknown }> {
  return call.then(ok, (error: unknown) => {
    if (!(error instanceof PartnerCenterError) || ANSWER_FOR_THEMSELVES.has(error.kind)) throw error;
    return { ok: false as const, failure: error.kind, error };
  });
}

const ANSWER_FOR_THEMSELVES = new Set(['unauthorized', 'mfaRequired', 'customerNotFound']);

const ok = <T>(value: T) => ({ ok: true as const, value });

/**
 * One acceptance on one line: its date, then (among every type) its type, its version, who accepted and how to reach
 * them (masked where others can read it); what Partner Center does not have is left out.
 */
function acceptanceLine(
  item: Agreement,
  options: { currentTemplate: string | undefined; withType: boolean },
  context: RequestContext,
): { date: string; line: string } {
  const { email, phoneNumber } = item.primaryContact;
  const parts = [
    options.withType ? typeName(item.type, context.l10n) : undefined,
    versionOf(item, options.currentTemplate, context),
    contactName(item),
    email && (context.maskContacts ? maskEmail(email) : email),
    phoneNumber && (context.maskContacts ? maskPhone(phoneNumber) : phoneNumber),
  ];
  return {
    date: context.l10n.formatDate(item.dateAgreed),
    line: parts.flatMap((part) => (part ? [clipField(part)] : [])).join(' · '),
  };
}

/** An MCA acceptance's version in words, when the templates say which is current; the template id is a detail. */
function versionOf(item: Agreement, currentTemplate: string | undefined, context: RequestContext) {
  if (item.type !== MCA || !currentTemplate) return undefined;
  const current = item.templateId.toLowerCase() === currentTemplate;
  return context.l10n.t(current ? 'agreements.currentVersion' : 'agreements.earlierVersion');
}

/** The questions that naturally come next, as buttons the dialog understands. */
function followUps(tenantId: string, scope: AgreementScope, l10n: Localizer) {
  const { t } = l10n;
  const buttons: Array<{ title: string; submitAction: Record<string, string> }> = [];
  if (scope !== 'mca') {
    buttons.push({
      title: t('agreements.checkMca'),
      submitAction: { command: 'agreements', customer: tenantId, scope: 'mca' },
    });
  }
  if (scope !== 'all') {
    buttons.push({
      title: t('agreements.showAll'),
      submitAction: { command: 'agreements', customer: tenantId, scope: 'all' },
    });
  }
  return buttons;
}

/**
 * A customer picked by how its name starts may not be the one meant: this button searches the name again without
 * it (table.ts, agreements' `submit`), for the user to pick another or type it.
 */
function notThisOne(searched: string, tenantId: string, scope: AgreementScope, l10n: Localizer) {
  return {
    title: l10n.t('agreements.notThisOne'),
    submitAction: { command: 'agreements', customer: searched, scope, notThisOne: tenantId },
  };
}

/** The newest agreement of each type but the MCA, in one line: "Microsoft Cloud Agreement (March 14, 2018)". */
function otherAgreements(newestFirstItems: readonly Agreement[], l10n: Localizer): string | undefined {
  const newest = new Map<string, string>();
  for (const item of newestFirstItems) {
    if (item.type !== MCA && !newest.has(item.type)) newest.set(item.type, item.dateAgreed);
  }
  if (newest.size === 0) return undefined;
  const list = [...newest]
    .slice(0, MAX_OTHER_TYPES)
    .map(([type, date]) => `${clipField(typeName(type, l10n))} (${l10n.formatDate(date)})`);
  return l10n.t('agreements.others', { list: list.join(', ') });
}

/** Agreement types are few; a list that runs on is Partner Center's data gone odd, and is cut. */
const MAX_OTHER_TYPES = 5;

/** Outside the public cloud Partner Center has no agreements API: say so, and call nothing. */
export function agreementsUnavailable(
  cloud: PartnerCenterCloud,
  l10n: Localizer,
  correlationId: string,
): Reply {
  const { t } = l10n;
  return {
    card: 'error',
    data: {
      title: t('errors.notInThisCloud.title'),
      advice: t('errors.notInThisCloud.advice', { cloud: t(`clouds.${cloud}`) }),
      supportReference: t('common.supportReference', { correlationId }),
      tryAgain: t('common.tryAgain'),
    },
  };
}

/** Microsoft may add agreement types at any time: an unknown one is shown by its API name. */
function typeName(type: string, l10n: Localizer): string {
  const key = `agreements.types.${type}`;
  return /^\w+$/.test(type) && hasText(l10n.language, key) ? l10n.t(key) : type;
}
