import type { Localizer } from '../i18n/localizer';
import type { Logger } from '../log';
import type { PartnerCenterPort, PartnerCenterRequestContext } from '../partnerCenter/client';
import type { PartnerCenterCloud } from '../partnerCenter/clouds';
import type { ReportService } from '../jobs/reports';
import type { WatchService } from '../jobs/watches';
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
  reports: Pick<ReportService, 'request' | 'cancel' | 'cancelRunning' | 'latest' | 'finished' | 'csv'>;
  /** The conversations kept informed of their customers' MCA ("watch MCA here"). */
  watches: Pick<WatchService, 'watch' | 'stop' | 'status'>;
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
  /** The conversation's id; a channel's, whichever thread the request came from. */
  id: string;
  /** The conversation as the bot layer reaches it again, in this request's thread (opaque to the commands). */
  reference: unknown;
  /** The same for a post of the bot's own: in a channel, a new post rather than a reply in this thread. */
  postReference: unknown;
  /** The Teams user id, for the token service. */
  userId: string;
  /** Their display name, as Teams sends it. */
  userName?: string;
  /** The user's Entra tenant, when Teams says it: the partner. */
  tenantId?: string;
  timeZone?: string;
}

/** A client with this request's calls: the token, correlation id and deadline every one of them shares. */
interface RequestCalls<Client, Call> {
  client: Client;
  request: Call;
}

/**
 * One user request, from the bot layer to the command that answers it: no Bot Framework, just who asks, where, in
 * which language, and, once the user's tokens are at hand, this request's Partner Center and Graph calls.
 */
export interface RequestContext {
  services: CommandServices;
  correlationId: string;
  l10n: Localizer;
  /** The user, stably (Entra object id, else Teams id): caches stay per user, a confirmation is theirs alone. */
  userKey: string;
  /** Group chats and channels: contact emails and phone numbers are masked (unless the partner turned it off). */
  maskContacts: boolean;
  /** Carries this request's correlation id on every line. */
  logger: Logger;
  /** Today, read once for the whole request: every verdict and date of its answer compares against the same day. */
  today: Date;
  /** Partner Center with the user's token, for the requests that need one (see `nextStep`). */
  partnerCenter?: RequestCalls<PartnerCenterPort, PartnerCenterRequestContext>;
  /** Microsoft Graph with the user's Graph token, for the GDAP requests (see `nextStep`). */
  graph?: RequestCalls<GraphPort, GraphRequestContext>;
  /** Partner Center refused the token (expired): the conversation forgets it. */
  forgetToken?: () => Promise<void>;
  /** The same for the Graph token. */
  forgetGraphToken?: () => Promise<void>;
  /** The conversation, for the requests that answer later (a report). */
  conversation?: RequestConversation;
}

/** The commands that get here asked for a Partner Center token first (`nextStep`): its absence is a bug. */
export function requirePartnerCenter(context: RequestContext): NonNullable<RequestContext['partnerCenter']> {
  if (!context.partnerCenter) throw new Error('a Partner Center command ran without a Partner Center token');
  return context.partnerCenter;
}

/** The commands that get here asked for a Graph token first (`nextStep`): its absence is a bug. */
export function requireGraph(context: RequestContext): NonNullable<RequestContext['graph']> {
  if (!context.graph) throw new Error('a GDAP command ran without a Graph token');
  return context.graph;
}

export function sourceNote(context: Pick<RequestContext, 'services' | 'l10n'>): string | undefined {
  return context.services.emulated ? context.l10n.t('common.emulatorNote') : undefined;
}
