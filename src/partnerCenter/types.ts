/** Agreement types the agreements operation documents; Microsoft may add others at any time. */
export const AGREEMENT_TYPES = ['MicrosoftCustomerAgreement', 'MicrosoftCloudAgreement'] as const;
export type KnownAgreementType = (typeof AGREEMENT_TYPES)[number];
/** `*` asks for every type, including ones this code has never seen. */
export type AgreementTypeFilter = KnownAgreementType | '*';

export interface Contact {
  firstName: string;
  lastName: string;
  email?: string;
  phoneNumber?: string;
}

export interface Agreement {
  /** Kept as a string: an unknown type must be shown, not dropped. */
  type: string;
  /** ISO 8601, UTC (Partner Center omits the zone designator). */
  dateAgreed: string;
  templateId: string;
  agreementLink?: string;
  primaryContact: Contact;
  /** The partner user who confirmed the acceptance, when Partner Center says. */
  userId?: string;
}

export interface AgreementCollection {
  totalCount: number;
  items: Agreement[];
}

export interface Customer {
  id: string;
  companyName: string;
  domain?: string;
}

export interface CustomerCollection {
  totalCount: number;
  items: Customer[];
}

/** The fields Partner Center's customer search filters on that this bot uses; matching is starts_with. */
export type CustomerSearchField = 'Domain' | 'CompanyName';

export interface AgreementMetadata {
  templateId: string;
  /** Named agreementType here, where Agreement says type. */
  agreementType: string;
  agreementLink?: string;
  versionRank?: number;
}
