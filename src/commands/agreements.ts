import type { Reply } from '../cards/renderer';
import { hasText, type Localizer } from '../i18n/localizer';
import type { PartnerCenterCloud } from '../partnerCenter/clouds';
import type { Agreement } from '../partnerCenter/types';
import { sourceNote, type CommandContext } from './context';

const MCA = 'MicrosoftCustomerAgreement';

/**
 * "agreements for <tenant id>": has the customer accepted the Microsoft Customer Agreement, when and by whom.
 * The customer, its MCA acceptances and its direct-signed status are fetched in parallel: a customer who accepted
 * the MCA itself is not among the acceptances the partner confirmed. The MCA type is asked for explicitly
 * because Partner Center's default is the Microsoft Cloud Agreement.
 */
export async function agreements(tenantId: string, context: CommandContext): Promise<Reply> {
  const { partnerCenter, request, l10n } = context;
  const [customer, collection, directSigned] = await Promise.all([
    partnerCenter.getCustomer(tenantId, request),
    partnerCenter.getCustomerAgreements(tenantId, MCA, request),
    partnerCenter.getDirectSignedMcaStatus(tenantId, request),
  ]);
  const { t } = l10n;
  // Newest first: the verdict names the latest acceptance.
  const acceptances = collection.items
    .filter((item) => item.type === MCA)
    .sort((a, b) => Date.parse(asUtc(b.dateAgreed)) - Date.parse(asUtc(a.dateAgreed)));
  const latest = acceptances[0];

  return {
    card: 'agreements',
    data: {
      title: t('agreements.title'),
      customerLine: t('agreements.customerLine', { companyName: customer.companyName, tenantId }),
      accepted: latest !== undefined || directSigned,
      verdict: latest
        ? t('agreements.accepted', {
            date: l10n.formatDate(latest.dateAgreed),
            contactName: contactName(latest),
          })
        : directSigned
          ? t('agreements.directSigned')
          : t('agreements.notAccepted'),
      next: t('agreements.notAcceptedNext'),
      acceptancesTitle: t('agreements.acceptancesTitle', { count: acceptances.length }),
      acceptances: acceptances.map((item) => ({
        typeName: typeName(item.type, l10n),
        date: l10n.formatDate(item.dateAgreed),
        contactName: contactName(item),
        templateId: item.templateId,
        agreementUrl: item.agreementLink,
      })),
      labels: {
        type: t('agreements.type'),
        date: t('agreements.date'),
        contact: t('agreements.contact'),
        template: t('agreements.template'),
        openAgreement: t('agreements.openAgreement'),
      },
      sendInvite: t('agreements.sendInvite'),
      sourceNote: sourceNote(context),
    },
  };
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
export function typeName(type: string, l10n: Localizer): string {
  const key = `agreements.types.${type}`;
  return /^\w+$/.test(type) && hasText(l10n.language, key) ? l10n.t(key) : type;
}

function asUtc(isoDate: string): string {
  return /(Z|[+-]\d{2}:\d{2})$/.test(isoDate) || !isoDate.includes('T') ? isoDate : `${isoDate}Z`;
}
