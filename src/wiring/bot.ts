import type { AssembledBot } from '../bot/adapter';
import { localeOverride, tenantRestriction, tokenExchangeDeduplication } from '../bot/middleware';
import type { BotDependencies } from '../bot/request';
import { canGetGraphTokens, tokenService, type SignIn } from '../bot/signIn';
import type { StateStorage } from '../bot/stateStorage';
import { TeamsBot } from '../bot/teamsBot';
import type { CardRenderer } from '../cards/renderer';
import type { Config } from '../config';
import type { GraphClient } from '../graph/client';
import type { ReportService } from '../jobs/reports';
import type { WatchService } from '../jobs/watches';
import { localTokenSource } from '../localTokens/source';
import type { Logger } from '../log';
import type { PartnerCenterClient } from '../partnerCenter/client';
import type { ClaimStore } from '../storage/claimStore';
import { claimStore, confirmationStore } from './stores';

/** Everything the bot is made of; production and the tests build it with `assembleBot` alike. */
export interface BotParts extends BotDependencies {
  /** Dialog state, per user and conversation: memory, or a store every instance shares. */
  storage: StateStorage['storage'];
  /** Where duplicate Teams token exchanges are told apart; shared when several instances run. */
  tokenExchangeClaims: ClaimStore;
  /** Entra tenants whose users may use the bot; absent: any. */
  allowedTenantIds?: readonly string[];
  /** Local mode only: answer in this locale whatever the client says. */
  localUserLocale?: string;
}

/** The bot and its middleware, in order: what CloudAdapter (production) and TestAdapter (tests) run alike. */
export function assembleBot(parts: BotParts): AssembledBot {
  const { signIn, renderer, logger } = parts;
  const middleware: AssembledBot['middleware'] = [];
  if (parts.localUserLocale) middleware.push(localeOverride(parts.localUserLocale));
  if (parts.allowedTenantIds) middleware.push(tenantRestriction(parts.allowedTenantIds, renderer, logger));
  if (signIn.kind === 'teams') {
    middleware.push(tokenExchangeDeduplication(parts.tokenExchangeClaims, signIn, logger));
  }
  const bot = new TeamsBot(parts);
  return { middleware, run: (context) => bot.run(context) };
}

/** The bot's parts from the settings and the parts built before it: the commands' services first. */
export function botParts(
  config: Config,
  built: {
    partnerCenter: PartnerCenterClient;
    graph: GraphClient;
    signIn: SignIn;
    renderer: CardRenderer;
    reports: ReportService;
    watches: WatchService;
    reportCsvUrl?: (userKey: string, jobId: string) => string;
    emulated: boolean;
    state: StateStorage;
    logger: Logger;
    uploadFetch: typeof fetch;
  },
): BotParts {
  const { logger, signIn } = built;
  return {
    services: {
      partnerCenter: built.partnerCenter,
      graph: built.graph,
      graphSignIn: canGetGraphTokens(signIn),
      gdap: config.gdap,
      confirmations: confirmationStore(config),
      cloud: config.partnerCenter.cloud,
      emulated: built.emulated,
      signIn: config.mode,
      mcaCurrentSince: config.partnerCenter.mcaCurrentSince,
      today: () => new Date(),
      uploadFetch: built.uploadFetch,
      reports: built.reports,
      watches: built.watches,
      reportCsvUrl: built.reportCsvUrl,
    },
    signIn,
    renderer: built.renderer,
    storage: built.state.storage,
    tokenExchangeClaims: claimStore(config),
    maskContactDetails: config.maskContactDetails,
    logger,
    allowedTenantIds: config.allowedTenantIds,
    localUserLocale: config.localUserLocale,
  };
}

/** Local mode signs with the local issuer; Teams mode asks the Bot Framework token service. */
export function signInFor(config: Config): SignIn {
  if (config.mode === 'local') {
    return {
      kind: 'local',
      tokenFor: localTokenSource(config.localToken),
      graphTokenFor: localTokenSource({ ...config.localToken, audience: 'graph' }),
    };
  }
  const connectionName = config.oauthConnectionName ?? '';
  const graphConnection = config.graph.oauthConnectionName;
  return {
    kind: 'teams',
    connectionName,
    tokens: tokenService(connectionName),
    graph: graphConnection
      ? { connectionName: graphConnection, tokens: tokenService(graphConnection) }
      : undefined,
  };
}
