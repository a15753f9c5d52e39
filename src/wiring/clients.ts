import type { Config } from '../config';
import { GraphClient } from '../graph/client';
import type { Logger } from '../log';
import { PartnerCenterClient } from '../partnerCenter/client';
import packageJson from '../../package.json';

const APPLICATION_NAME = `PartnerCenterAssistant/${packageJson.version}`;

/** Partner Center, as the settings say: one client for every request and every report. */
export function partnerCenterClient(config: Config, baseUrl: string, logger: Logger): PartnerCenterClient {
  return new PartnerCenterClient({
    baseUrl,
    applicationName: APPLICATION_NAME,
    cloud: config.partnerCenter.cloud,
    callTimeoutMs: config.partnerCenter.callTimeoutMs,
    requestBudgetMs: config.partnerCenter.requestBudgetMs,
    maxAttempts: config.partnerCenter.maxAttempts,
    retryBaseMs: config.partnerCenter.retryBaseMs,
    inviteLinkTtlMs: config.partnerCenter.inviteLinkTtlMs,
    logger,
  });
}

/** Locally the server that answers Partner Center answers Graph too. */
export function graphClient(config: Config, partnerCenterUrl: string, logger: Logger): GraphClient {
  return new GraphClient({
    baseUrl: config.graph.baseUrl ?? partnerCenterUrl,
    callTimeoutMs: config.partnerCenter.callTimeoutMs,
    requestBudgetMs: config.partnerCenter.requestBudgetMs,
    maxAttempts: config.partnerCenter.maxAttempts,
    retryBaseMs: config.partnerCenter.retryBaseMs,
    logger,
  });
}
