import type { Localizer } from '../i18n/localizer';
import type { PartnerCenterClient, PartnerCenterRequestContext } from '../partnerCenter/client';

/** The Partner Center calls the conversation makes; the client implements it, tests may too. */
export type PartnerCenterPort = Pick<
  PartnerCenterClient,
  | 'newRequestContext'
  | 'getRelationshipRequestUrl'
  | 'getCustomer'
  | 'getCustomerAgreements'
  | 'getDirectSignedMcaStatus'
  | 'searchCustomers'
>;

export interface CommandContext {
  partnerCenter: PartnerCenterPort;
  request: PartnerCenterRequestContext;
  l10n: Localizer;
  /** True when the data comes from the built-in emulator, so cards can say so. */
  emulated: boolean;
  /** Group chats and channels: contact emails and phone numbers are masked (unless the partner turned it off). */
  maskContacts: boolean;
}

export function sourceNote(context: Pick<CommandContext, 'emulated' | 'l10n'>): string | undefined {
  return context.emulated ? context.l10n.t('common.emulatorNote') : undefined;
}
