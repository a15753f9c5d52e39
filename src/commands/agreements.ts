import { clip } from '../checks';
import type { Reply } from '../cards/renderer';
import { hasText, type Localizer } from '../i18n/localizer';
import type { PartnerCenterCloud } from '../partnerCenter/clouds';
import type { Agreement, AgreementTypeFilter, Customer } from '../partnerCenter/types';
import type { AgreementScope } from '../recognizer/recognizer';
import { sourceNote, type CommandContext } from './context';
import { maskEmail, maskPhone } from './privacy';

const MCA = 'MicrosoftCustomerAgreement';
const MCLOUDA = 'MicrosoftCloudAgreement';
const TYPE_FILTER: Record<AgreementScope, AgreementTypeFilter> = { mca: MCA, mcloudA: MCLOUDA, all: '*' };

/**
 * Acceptances listed on the card, newest first; the rest are counted. A customer with hundreds of them must still
 * get an answer under Teams' 40 KB message limit.
 */
export const MAX_LISTED = 20;
/** Partner Center text is clipped on cards: one contact name cannot fill a message. */
const MAX_FIELD = 120;

/**
 * "agreements for <customer>": has the customer accepted the Microsoft Customer Agreement, when and by whom, and
 * on demand every agreement type. The agreements, the direct-signed status (a customer who accepted the MCA
 * itself is not among the acceptances the partner confirmed) and the customer, when not known yet, are fetched in
 * parallel. The type is always named: Partner Center's default is the Microsoft Cloud Agreement.
 */
export async function agreements(
  customer: Pick<Customer, 'id'> & Partial<Customer>,
  scope: AgreementScope,
  context: CommandContext,
): Promise<Reply> {
  const { partnerCenter, request, l10n } = context;
  const [profile, collection, directSigned] = await Promise.all([
    customer.companyName ? (customer as Customer) : partnerCenter.getCustomer(customer.id, request),
    partnerCenter.getCustomerAgreements(customer.id, TYPE_FILTER[scope], request),
    scope === 'mcloudA' ? false : partnerCenter.getDirectSignedMcaStatus(customer.id, request),
  ]);
  const { t } = l10n;
  const newestFirst = [...collection.items].sort((a, b) => timeOf(b) - timeOf(a));
  const verdictType = scope === 'mcloudA' ? MCLOUDA : MCA;
  const latest = newestFirst.find((item) => item.type === verdictType);
  const verdict = verdictFor(scope, latest, directSigned, l10n);
  const listed = newestFirst.slice(0, MAX_LISTED);

  return {
    card: 'agreements',
    data: {
      title: t(
        scope === 'all'
          ? 'agreements.titleAll'
          : scope === 'mcloudA'
            ? 'agreements.titleMcloudA'
            : 'agreements.titleMca',
      ),
      customerLine: t('agreements.customerLine', {
        companyName: clipField(profile.companyName),
        tenantId: customer.id,
      }),
      ...verdict,
      recordsTitle: t(scope === 'all' ? 'agreements.recordsTitle' : 'agreements.acceptancesTitle', {
        count: newestFirst.length,
      }),
      records: listed.map((item) => ({ facts: factsOf(item, context), agreementUrl: item.agreementLink })),
      moreText:
        newestFirst.length > listed.length
          ? t('agreements.more', { count: newestFirst.length - listed.length })
          : undefined,
      openAgreement: t('agreements.openAgreement'),
      followUps: followUps(customer.id, scope, verdict.accepted, l10n),
      sourceNote: sourceNote(context),
    },
  };
}

function verdictFor(
  scope: AgreementScope,
  latest: Agreement | undefined,
  directSigned: boolean,
  l10n: Localizer,
): { accepted: boolean; verdict: string; next?: string } {
  const { t } = l10n;
  const when = latest && {
    date: l10n.formatDate(latest.dateAgreed),
    contactName: clipField(contactName(latest)),
  };
  if (scope === 'mcloudA') {
    return when
      ? { accepted: true, verdict: t('agreements.mcloudAAccepted', when) }
      : { accepted: false, verdict: t('agreements.mcloudANone'), next: t('agreements.mcloudANext') };
  }
  if (when) return { accepted: true, verdict: t('agreements.accepted', when) };
  if (directSigned) return { accepted: true, verdict: t('agreements.directSigned') };
  return { accepted: false, verdict: t('agreements.notAccepted'), next: t('agreements.notAcceptedNext') };
}

/** Type, date, contact (masked where others can read it), template: one fact per row, empty ones left out. */
function factsOf(item: Agreement, context: CommandContext): Array<{ title: string; value: string }> {
  const { t } = context.l10n;
  const { email, phoneNumber } = item.primaryContact;
  const facts = [
    { title: t('agreements.type'), value: typeName(item.type, context.l10n) },
    { title: t('agreements.date'), value: context.l10n.formatDate(item.dateAgreed) },
    { title: t('agreements.contact'), value: contactName(item) },
    { title: t('agreements.email'), value: email && (context.maskContacts ? maskEmail(email) : email) },
    {
      title: t('agreements.phone'),
      value: phoneNumber && (context.maskContacts ? maskPhone(phoneNumber) : phoneNumber),
    },
    { title: t('agreements.template'), value: item.templateId },
  ];
  return facts
    .filter((fact): fact is { title: string; value: string } => Boolean(fact.value))
    .map((fact) => ({
      ...fact,
      value: clipField(fact.value),
    }));
}

/** The questions that naturally come next, as buttons the dialog understands. */
function followUps(tenantId: string, scope: AgreementScope, accepted: boolean, l10n: Localizer) {
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
  if (!accepted && scope === 'mca')
    buttons.push({ title: t('agreements.sendInvite'), submitAction: { command: 'inviteLink' } });
  return buttons;
}

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

function contactName(agreement: Agreement): string {
  const { firstName, lastName } = agreement.primaryContact;
  return `${firstName} ${lastName}`.trim() || '—';
}

/** Microsoft may add agreement types at any time: an unknown one is shown by its API name. */
function typeName(type: string, l10n: Localizer): string {
  const key = `agreements.types.${type}`;
  return /^\w+$/.test(type) && hasText(l10n.language, key) ? l10n.t(key) : type;
}

function timeOf(agreement: Agreement): number {
  const iso = agreement.dateAgreed;
  return Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`);
}

function clipField(text: string): string {
  return clip(text, MAX_FIELD);
}
