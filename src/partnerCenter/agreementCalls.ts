import type { z } from 'zod';
import { ttlCache, type BoundedCache } from '../cache';
import type { Clock } from '../clock';
import { supportsAgreements, type PartnerCenterCloud } from './clouds';
import { customerPath } from './customerCalls';
import { PartnerCenterError } from './errors';
import type { CoalescedGets } from './perUser';
import { agreementMetadataListOf, agreementSchema, collectionOf, directSignedStatusSchema } from './schemas';
import type { PartnerCenterRequestContext } from './transport';
import type {
  AgreementCollection,
  AgreementMetadata,
  AgreementTypeFilter,
  KnownAgreementType,
} from './types';

const MCA_TEMPLATES_TTL_MS = 6 * 3600_000;

/** A customer's agreements and direct MCA acceptance, and the agreements' templates: only in clouds that have them. */
export class AgreementCalls {
  private readonly agreements: z.ZodType<AgreementCollection>;
  private readonly agreementMetadata: z.ZodType<AgreementMetadata[]>;
  /** The MCA's versions are Microsoft's, the same for every user: read once every few hours. */
  private readonly mcaTemplates: BoundedCache<AgreementMetadata[]>;

  constructor(
    private readonly gets: CoalescedGets,
    private readonly cloud: PartnerCenterCloud,
    clock: Clock,
    maxListItems: number,
  ) {
    this.agreements = collectionOf(agreementSchema, maxListItems);
    this.agreementMetadata = agreementMetadataListOf(maxListItems);
    this.mcaTemplates = ttlCache(MCA_TEMPLATES_TTL_MS, 1, () => clock.now());
  }

  /**
   * The type is always sent: without it Partner Center answers with Microsoft Cloud Agreements only,
   * for backward compatibility, which hides the MCA acceptances users ask about.
   */
  async getCustomerAgreements(
    customerId: string,
    agreementType: AgreementTypeFilter,
    context: PartnerCenterRequestContext,
  ): Promise<AgreementCollection> {
    this.requireAgreementsCloud('getCustomerAgreements', context);
    return this.gets.get(context, {
      operation: 'getCustomerAgreements',
      path: `/v1/customers/${customerPath(customerId)}/agreements?agreementType=${encodeURIComponent(agreementType)}`,
      schema: this.agreements,
      customerScoped: true,
    });
  }

  /** Whether the customer accepted the MCA itself: such acceptances are not in the agreements list. */
  async getDirectSignedMcaStatus(customerId: string, context: PartnerCenterRequestContext): Promise<boolean> {
    this.requireAgreementsCloud('getDirectSignedMcaStatus', context);
    const { isSigned } = await this.gets.get(context, {
      operation: 'getDirectSignedMcaStatus',
      path: `/v1/customers/${customerPath(customerId)}/directSignedMicrosoftCustomerAgreementStatus`,
      schema: directSignedStatusSchema,
      customerScoped: true,
    });
    return isSigned;
  }

  /** The current templates of each agreement type (template id, link, version rank). */
  async getAgreementMetadata(
    agreementType: KnownAgreementType | undefined,
    context: PartnerCenterRequestContext,
  ): Promise<AgreementMetadata[]> {
    this.requireAgreementsCloud('getAgreementMetadata', context);
    const query = agreementType ? `?agreementType=${encodeURIComponent(agreementType)}` : '';
    return this.gets.get(context, {
      operation: 'getAgreementMetadata',
      path: `/v1/agreements${query}`,
      schema: this.agreementMetadata,
    });
  }

  /**
   * The Microsoft Customer Agreement's templates (versions, by `versionRank`), cached for a few hours. An answer
   * that lists no MCA template is returned but never cached: the next check asks again.
   */
  async getMcaTemplates(context: PartnerCenterRequestContext): Promise<AgreementMetadata[]> {
    const cached = this.mcaTemplates.get('mca');
    if (cached) return cached;
    const templates = await this.getAgreementMetadata('MicrosoftCustomerAgreement', context);
    if (templates.some((template) => template.agreementType === 'MicrosoftCustomerAgreement'))
      this.mcaTemplates.set('mca', templates);
    return templates;
  }

  private requireAgreementsCloud(operation: string, context: PartnerCenterRequestContext): void {
    if (supportsAgreements(this.cloud)) return;
    throw new PartnerCenterError({ operation, kind: 'notInThisCloud', correlationId: context.correlationId });
  }
}
