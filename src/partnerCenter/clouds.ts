/** The Partner Center clouds, by the name used in PARTNER_CENTER_CLOUD. */
export type PartnerCenterCloud = 'public' | 'usgov' | 'china';
export const PARTNER_CENTER_CLOUDS: readonly PartnerCenterCloud[] = ['public', 'usgov', 'china'];

/** learn.microsoft.com/partner-center/developer/partner-center-rest-urls */
export const CLOUD_BASE_URLS: Record<PartnerCenterCloud, string> = {
  public: 'https://api.partnercenter.microsoft.com',
  usgov: 'https://api.partnercenter.microsoft.com',
  china: 'https://partner.partnercenterapi.microsoftonline.cn',
};

/**
 * Microsoft Graph's endpoint in each cloud (learn.microsoft.com/graph/deployments): GDAP relationships live there.
 * US Government partners on GCC High use graph.microsoft.us; they set MICROSOFT_GRAPH_BASE_URL.
 */
export const GRAPH_BASE_URLS: Record<PartnerCenterCloud, string> = {
  public: 'https://graph.microsoft.com',
  usgov: 'https://graph.microsoft.com',
  china: 'https://microsoftgraph.chinacloudapi.cn',
};

/**
 * Agreements, direct-signed status and agreement metadata exist in the public cloud only: not in Partner Center
 * operated by 21Vianet, nor for Microsoft Cloud for US Government (see the seed page on MCA acceptance).
 */
export function supportsAgreements(cloud: PartnerCenterCloud): boolean {
  return cloud === 'public';
}
