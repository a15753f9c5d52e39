import type { Localizer } from '../i18n/localizer';
import type { Logger } from '../log';
import type { PartnerCenterPort, PartnerCenterRequestContext } from '../partnerCenter/client';
import type { PartnerCenterCloud } from '../partnerCenter/clouds';
import type { ReportService } from '../jobs/reports';
import type { GdapRoleSet } from '../gdap/roles';
import type { GraphClient, GraphRequestContext } from '../graph/client';
import type { ClaimStore } from '../storage/claimStore';

export type { PartnerCenterPort };

/** The Microsoft Graph calls the GDAP commands make. */
export type GraphPort = Pick<
  GraphClient,
  'newRequestContext' | 'createAdminRelationship' | 'lockForApproval' | 'listAdminRelationships'
>;

/** What "admin access for <customer>" asks for (GDAP_ROLES, GDAP_DURATION_DAYS). */
interface GdapSettings {
  roles: GdapRoleSet;
  durationDays: number;
}

/** What every request shares: the same for the whole process. */
export interface CommandServices {
  partnerCenter: PartnerCenterPort;
  graph: GraphPort;
  /** Whether the user can get a Graph token (local mode, or Teams mode with GRAPH_OAUTH_CONNECTION_NAME). */
  graphSignIn: boolean;
  gdap: GdapSettings;
  /** Each GDAP confirmation acts once, whichever instance gets the second press. */
  confirmations: ClaimStore;
  /** Agreements exist only in the public cloud; elsewhere the bot says so without calling. */
  cloud: PartnerCenterCloud;
  /** The data comes from the built-in emulator (local mode): cards say so. */
  emulated: boolean;
  /** 'local': a stand-in token, no sign-in. 'teams': the user signs in, and can sign in again. */
  signIn: 'local' | 'teams';
  /** An MCA acceptance counts as current from this day on (YYYY-MM-DD), on the current template. */
  mcaCurrentSince: string;
  /** Today, as the verdict compares against it: the real clock, a fixed day in tests. */
  today: () => Date;
  /** The MCA reports over every customer. */
  reports: Pick<ReportService, 'request' | 'cancel' | 'cancelRunning' | 'latest' | 'csv'>;
  /** What the CSV upload to the user's OneDrive goes through: the global fetch; a double's in tests. */
  uploadFetch: typeof fetch;
  /** Local mode: where the bot itself serves a report's CSV (the Playground has no file cards). */
  reportCsvUrl?: (userKey: string, jobId: string) => string;
}

/** A personal chat, a group chat or a channel: contacts are masked outside personal chats. */
export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/** Where a request came from, as a job needs it to answer after the turn. */
interface RequestConversation {
  kind: ConversationKind;
  /** The conversation as the bot layer reaches it again (opaque to the commands). */
  reference: unknown;
  /** The Teams user id, for the token service. */
  userId: string;
  /** The user's Entra tenant, when Teams says it: the partner. */
  tenantId?: string;
  timeZone?: string;
}

/** One user request, as the commands see it: no Bot Framework, just who asks, where, and in which language. */
export interface RequestContext {
  services: CommandServices;
  correlationId: string;
  l10n: Localizer;
  /** The user, stably (Entra object id, else Teams id): caches stay per user. */
  userKey: string;
  /** Group chats and channels: contact emails and phone numbers are masked (unless the partner turned it off). */
  maskContacts: boolean;
  /** Carries this request's correlation id on every line. */
  logger: Logger;
  /** The user's Partner Center token, for the requests that need one (see `nextStep`). */
  token?: string;
  /** The user's Microsoft Graph token, for the GDAP requests (see `nextStep`). */
  graphToken?: string;
  /** Less than the client's own time budget for this request's calls (where the client waits less). */
  budgetMs?: number;
  /** Partner Center refused the token (expired): the conversation forgets it. */
  forgetToken?: () => Promise<void>;
  /** The same for the Graph token. */
  forgetGraphToken?: () => Promise<void>;
  /** The conversation, for the requests that answer later (a report). */
  conversation?: RequestConversation;
}

/** A command that calls Partner Center, with the calls of this one request. */
export interface CommandContext {
  partnerCenter: PartnerCenterPort;
  request: PartnerCenterRequestContext;
  /** Graph and this request's Graph calls, when the command got a Graph token. */
  graph?: { client: GraphPort; request: GraphRequestContext };
  gdap: GdapSettings;
  confirmations: ClaimStore;
  /** Who asks (see RequestContext.userKey): a confirmation is theirs alone. */
  userKey: string;
  l10n: Localizer;
  emulated: boolean;
  maskContacts: boolean;
  mcaCurrentSince: string;
  today: Date;
}

export function sourceNote(context: Pick<CommandContext, 'emulated' | 'l10n'>): string | undefined {
  return context.emulated ? context.l10n.t('common.emulatorNote') : undefined;
}
