import type { z } from 'zod';
import type {
  agreementCollectionSchema,
  agreementMetadataSchema,
  agreementSchema,
  customerCollectionSchema,
  customerPageOf,
  customerSchema,
  partnerRelationshipSchema,
} from './schemas';

/** Agreement types the agreements operation documents; Microsoft may add others at any time. */
export const AGREEMENT_TYPES = ['MicrosoftCustomerAgreement', 'MicrosoftCloudAgreement'] as const;
export type KnownAgreementType = (typeof AGREEMENT_TYPES)[number];
/** `*` asks for every type, including ones this code has never seen. */
export type AgreementTypeFilter = KnownAgreementType | '*';

/** The fields Partner Center's customer search filters on that this bot uses; matching is starts_with. */
export type CustomerSearchField = 'Domain' | 'CompanyName';

// What the client returns: inferred from the schemas it reads responses with (schemas.ts), one source of truth.
export type Agreement = z.infer<typeof agreementSchema>;
export type AgreementCollection = z.infer<typeof agreementCollectionSchema>;
export type Customer = z.infer<typeof customerSchema>;
export type CustomerCollection = z.infer<typeof customerCollectionSchema>;
export type AgreementMetadata = z.infer<typeof agreementMetadataSchema>;
/** One page of every customer; `next` is where the following one is, absent on the last. */
export type CustomerPage = z.infer<ReturnType<typeof customerPageOf>>;
/** Where a page of customers is: a path from Partner Center's links.next, and the header it goes with. */
export interface CustomerPageLink {
  uri: string;
  continuationToken?: string;
}

/**
 * The relationship_type values of GET /v1/relationships the bot reads: signed in as a reseller, IsIndirectResellerOf
 * lists its indirect providers; as a provider, IsIndirectCloudSolutionProviderOf lists its indirect resellers
 * (learn.microsoft.com/partner-center/developer/retrieve-a-list-of-indirect-resellers).
 */
export type PartnerRelationshipType = 'IsIndirectResellerOf' | 'IsIndirectCloudSolutionProviderOf';
export type PartnerRelationship = z.infer<typeof partnerRelationshipSchema>;

/**
 * Whose link GET /v1/customers/relationshiprequests gives (its documented query parameters, LEARN rest/api/
 * partner-center/manage-customer-accounts/get-relationship-request-link): through an indirect provider (a reseller
 * inviting), on behalf of an indirect reseller (a provider inviting), and for a partner that is both direct-bill
 * and an indirect reseller, which of the two relationships it means.
 */
export interface RelationshipRequestTarget {
  indirectCloudSolutionProviderId?: string;
  indirectResellerId?: string;
  dualRoleIndirectRelationship?: boolean;
}
