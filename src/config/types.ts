import type { GdapRoleSet } from '../gdap/roles';
import type { LogLevel } from '../log';
import type { PartnerCenterCloud } from '../partnerCenter/clouds';
import type { EmulatorPartnerKind } from './emulatorPartnerKinds';

export type Mode = 'local' | 'teams';
export type BotType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
export const BOT_TYPES: readonly BotType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];

export interface Config {
  /** Local mode runs everything on this machine; Teams mode is the bot alone behind Azure Bot Service. */
  mode: Mode;
  host: string;
  port: number;
  bot: { id?: string; password?: string; type: BotType; tenantId?: string };
  oauthConnectionName?: string;
  /**
   * Bot Framework endpoints, by the names ConfigurationBotFrameworkAuthentication reads (ChannelService,
   * OAuthUrl, ToChannelFromBotLoginUrl, …): sovereign clouds, or a local double of the services in tests.
   */
  botFramework: Record<string, string>;
  /** Azure Blob storage shared by instances; absent: memory. */
  storage?: { connectionString: string; container: string };
  partnerCenter: {
    cloud: PartnerCenterCloud;
    /** Undefined in local mode when the built-in emulator is to be started and used. */
    baseUrl?: string;
    callTimeoutMs: number;
    requestBudgetMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    inviteLinkTtlMs: number;
    /** An MCA acceptance counts as current from this day on (YYYY-MM-DD, UTC), on the current template. */
    mcaCurrentSince: string;
  };
  /** Microsoft Graph, for GDAP relationships. */
  graph: {
    /** Undefined in local mode: the emulator (or PARTNER_CENTER_BASE_URL's server) answers Graph too. */
    baseUrl?: string;
    /** Teams mode: the Azure Bot OAuth connection that grants Graph access; absent, GDAP commands say so. */
    oauthConnectionName?: string;
  };
  /** What "admin access for <customer>" asks for. */
  gdap: { roles: GdapRoleSet; durationDays: number };
  /** Local mode's tokens: signed with this secret, which the emulator checks. Never a real credential. */
  localToken: { secret: string; mfa: boolean };
  emulator: {
    host: string;
    port: number;
    dataFile?: string;
    /** Generated customers added after the data's own (0: none). */
    generatedCustomers: number;
    /** Requests per second per user before the emulator answers 429 (0: never). */
    rateLimitPerSecond: number;
    /** Whether the emulated user is an Admin Agent (GDAP needs it; false: Graph answers 403). */
    adminAgent: boolean;
    /** Which partner the emulator plays: direct-bill (the default), indirect reseller, provider or dual role. */
    partnerKind: EmulatorPartnerKind;
  };
  playground: {
    start: boolean;
    port: number;
    /** The environment its child process starts with: what Node needs to run, none of the bot's settings. */
    env: Record<string, string>;
  };
  /** Mask contact emails and phone numbers on cards in group chats and channels. */
  maskContactDetails: boolean;
  /** The MCA report over every customer. */
  report: {
    /** The pace's ceiling, whatever Partner Center would accept (requests per second). */
    maxRatePerSecond: number;
    /** Partner Center calls under way at once, at most. */
    maxConcurrency: number;
    /** An instance that stops renewing a job's lease for this long loses it to another. */
    leaseMs: number;
    /** Finished reports are kept this long, then deleted. */
    retentionMs: number;
  };
  /** "watch MCA here": when each watch runs, as cron patterns in each subscriber's own time zone. */
  watch: {
    /** MCA_WATCH_SCHEDULE: the digest. */
    digestSchedule: string;
    /** MCA_WATCH_CHECK_SCHEDULE: the checks between digests, which post only changes. */
    checkSchedule: string;
  };
  /** Local mode only: the locale to answer in (the Agents Playground always says en-US). */
  localUserLocale?: string;
  /** On SIGTERM, how long turns under way may take to finish before the process stops anyway. */
  shutdownGraceMs: number;
  /** Entra tenants whose users may use the bot (lower case); absent: any tenant. */
  allowedTenantIds?: string[];
  /** Request bodies larger than this are refused (413). */
  maxRequestBodyBytes: number;
  /** Request bodies still arriving after this are refused (408). */
  requestBodyTimeoutMs: number;
  /** The messaging endpoint answers within this; a longer turn goes on and replies when it is done. */
  answerDeadlineMs: number;
  logLevel: LogLevel;
  /** JSON lines (Teams mode's default, for a log store) or one readable line each (local mode's). */
  logFormat: 'json' | 'pretty';
}

/** Bad settings, all of them, in one line: each names its setting and says what is expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
