import type { Reply } from '../../src/cards/renderer';
import { agreements, agreementsUnavailable } from '../../src/commands/agreements';
import type { PartnerCenterPort, RequestContext } from '../../src/commands/context';
import { customerChoice, noCustomerMatch, noOtherCustomer } from '../../src/commands/customerChoice';
import { errorReply } from '../../src/commands/errorReply';
import { customerInput } from '../../src/commands/customerInput';
import { didYouMean } from '../../src/commands/help';
import { cancelled, welcome } from '../../src/commands/notices';
import { helpReply } from '../../src/commands/table';
import { inviteLink } from '../../src/commands/inviteLink';
import {
  noSignInLocally,
  signedIn,
  signedOut,
  signInFailed,
  signInInPersonalChat,
} from '../../src/commands/signIn';
import { reportCards } from '../../src/commands/mcaReport';
import { localizer } from '../../src/i18n/localizer';
import type { ReportJob, ReportRow } from '../../src/jobs/reportRecord';
import { countRows, noCounts } from '../../src/mca/reportRow';
import { newJob } from '../../src/jobs/reportStore';
import { PartnerCenterError } from '../../src/partnerCenter/errors';
import type { Agreement, Customer, PartnerRelationship } from '../../src/partnerCenter/types';
import { SEED_TENANT, TODAY } from './seeds';
import { askAdminAccess, confirmAdminAccess } from '../../src/commands/adminAccess';
import { adminRelationships, expiringAdminRelationships } from '../../src/commands/adminRelationships';
import type { GraphPort } from '../../src/commands/context';
import { DEFAULT_ROLE_SET, ENTRA_ROLES, ROLE_TEMPLATES } from '../../src/gdap/roles';
import type { AdminRelationship } from '../../src/graph/client';
import { GraphError } from '../../src/graph/errors';
import { gdapServices } from './gdap';
import { noReports, noWatches } from './reports';
import { silentLogger } from '../../src/log';

export const INVITE_URL =
  'https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=p&msppId=0&DAP=false#/BillingAccounts/partner-invitation';

export function acceptance(
  overrides: Partial<Agreement> & { contact?: Partial<Agreement['primaryContact']> } = {},
): Agreement {
  const { contact, ...rest } = overrides;
  return {
    type: 'MicrosoftCustomerAgreement',
    dateAgreed: '2019-08-26T00:00:00',
    templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
    agreementLink: 'https://aka.ms/customeragreement',
    primaryContact: {
      firstName: 'Tania',
      lastName: 'Carr',
      email: 'SomeEmail@example.com',
      phoneNumber: '1234567890',
      ...contact,
    },
    ...rest,
  };
}

/** The MCA's versions as the emulator serves them: the updated one (rank 1) and the one before. */
export const CURRENT_MCA_TEMPLATE = '6c2f8e4a-0d1b-4c7e-9a35-8b4f2e1d7c90';
export const EARLIER_MCA_TEMPLATE = '117a77b0-9360-443b-8795-c6dedc750cf9';
export const MCA_TEMPLATES = [
  { templateId: CURRENT_MCA_TEMPLATE, agreementType: 'MicrosoftCustomerAgreement', versionRank: 1 },
  { templateId: EARLIER_MCA_TEMPLATE, agreementType: 'MicrosoftCustomerAgreement', versionRank: 0 },
];

/** A Partner Center that answers with the given customer and agreements: for command and card tests. */
export function partnerCenterAnswering(
  companyName: string,
  items: Agreement[],
  options: { directSigned?: boolean; customers?: Customer[] } = {},
): PartnerCenterPort {
  return {
    newRequestContext: (input) => ({ correlationId: 'c', deadline: Date.now() + 1000, ...input }),
    getRelationshipRequestUrl: async () => INVITE_URL,
    getCustomer: async (id) => ({ id, companyName }),
    getCustomerAgreements: async (_id, type) => {
      const matching = items.filter((item) => type === '*' || item.type === type);
      return { totalCount: matching.length, items: matching };
    },
    getDirectSignedMcaStatus: async () => options.directSigned ?? false,
    getMcaTemplates: async () => MCA_TEMPLATES,
    searchCustomers: async () => ({
      totalCount: options.customers?.length ?? 0,
      items: options.customers ?? [],
    }),
    // A direct-bill partner: no indirect provider, no indirect reseller.
    getPartnerRelationships: async () => [],
  };
}

/** A request's context for the commands, with the user's token: Partner Center answers as `partnerCenter` does. */
export function requestContextFor(
  partnerCenter: PartnerCenterPort,
  options: { locale?: string; timeZone?: string; maskContacts?: boolean; today?: Date } = {},
): RequestContext {
  const locale = options.locale ?? 'en-US';
  return {
    services: {
      partnerCenter,
      cloud: 'public',
      emulated: false,
      signIn: 'local',
      mcaCurrentSince: '2023-04-01',
      today: () => options.today ?? TODAY,
      reports: noReports,
      watches: noWatches,
      uploadFetch: fetch,
      ...gdapServices(),
    },
    correlationId: 'c',
    l10n: localizer(locale, options.timeZone),
    userKey: 'u',
    maskContacts: options.maskContacts ?? false,
    logger: silentLogger,
    today: options.today ?? TODAY,
    partnerCenter: {
      client: partnerCenter,
      request: { token: 't', correlationId: 'c', locale, userKey: 'u', deadline: Date.now() + 1000 },
    },
  };
}

const customer = { id: SEED_TENANT };
const contosos: Customer[] = Array.from({ length: 10 }, (_, i) => ({
  id: `00000000-0000-4000-8000-00000000000${i}`,
  companyName: `Contoso ${i}`,
  domain: `contoso${i}.onmicrosoft.com`,
}));

/** Every card the bot can answer with, with realistic data, in one language. */
export async function replyFixtures(locale: string): Promise<Array<[string, Reply]>> {
  const l10n = localizer(locale);
  const ctx = (items: Agreement[], directSigned = false) =>
    requestContextFor(partnerCenterAnswering('Wingtip Toys', items, { directSigned }), { locale });
  const ids = { correlationId: 'corr-1', requestId: 'req-1', operation: 'getCustomerAgreements' };
  const mcloudA = acceptance({
    type: 'MicrosoftCloudAgreement',
    templateId: '998b88de-aa99-4388-a42c-1b3517d49490',
  });
  return [
    ['invite link', await inviteLink(ctx([]))],
    ...(await indirectFixtures(locale)),
    [
      'MCA accepted',
      await agreements(
        customer,
        'mca',
        ctx([acceptance(), acceptance({ dateAgreed: '2019-08-27T00:00:00' })]),
      ),
    ],
    [
      'MCA current version accepted',
      await agreements(
        customer,
        'mca',
        ctx([acceptance({ dateAgreed: '2024-02-12T00:00:00', templateId: CURRENT_MCA_TEMPLATE })]),
      ),
    ],
    [
      'MCA of a customer picked by how its name starts ("Not this one?")',
      await agreements(customer, 'mca', ctx([acceptance()]), { guessedFrom: 'wingtip' }),
    ],
    ['MCA signed directly', await agreements(customer, 'mca', ctx([], true))],
    ['MCA not accepted', await agreements(customer, 'mca', ctx([]))],
    [
      'MCA unknown, not their reseller',
      await agreements(
        customer,
        'mca',
        requestContextFor(
          {
            ...partnerCenterAnswering('Wingtip Toys', [acceptance()]),
            getDirectSignedMcaStatus: async () => {
              throw new PartnerCenterError({ ...ids, kind: 'noRelationship', status: 403 });
            },
          },
          { locale },
        ),
      ),
    ],
    ['Cloud Agreement', await agreements(customer, 'mcloudA', ctx([mcloudA]))],
    ['no Cloud Agreement', await agreements(customer, 'mcloudA', ctx([]))],
    [
      'all types, 500 agreements',
      await agreements(
        customer,
        'all',
        ctx(Array.from({ length: 500 }, (_, i) => (i % 2 ? mcloudA : acceptance()))),
      ),
    ],
    ['agreements outside the public cloud', agreementsUnavailable('china', l10n, 'corr-1')],
    ['which customer', customerInput({ kind: 'missing' }, l10n, { asking: true })],
    ['not a tenant id', customerInput({ kind: 'invalid', text: '1234' }, l10n)],
    [
      'several customers',
      customerChoice('contoso', { customers: contosos, more: true, byFirstLabel: false }, 'all', l10n),
    ],
    [
      'candidates for a custom domain',
      customerChoice(
        'contoso.com',
        { customers: contosos.slice(0, 1), more: false, byFirstLabel: true },
        'mca',
        l10n,
      ),
    ],
    ['no customer', noCustomerMatch('nothing', 'mca', l10n)],
    ['no other customer ("Not this one?")', noOtherCustomer('wingtip', 'mca', l10n)],
    ['help', helpReply(l10n, { signIn: 'local', graphSignIn: false })],
    ['help with GDAP', helpReply(l10n, { signIn: 'teams', graphSignIn: true })],
    ['help with a suggestion', didYouMean(l10n, 'agrements for contoso', 'agreements for contoso')],
    ['welcome', welcome(l10n)],
    ['cancelled', cancelled(l10n)],
    [
      'sign in from a channel',
      signInInPersonalChat(l10n, 'https://teams.microsoft.com/l/chat/0/0?users=28%3Abot'),
    ],
    ['signed in', signedIn(l10n)],
    ['signed out', signedOut(l10n)],
    ['sign-in failed', signInFailed(l10n)],
    ['no sign-in locally', noSignInLocally(l10n)],
    [
      'throttled',
      errorReply(new PartnerCenterError({ ...ids, kind: 'throttled', retryAfterSeconds: 57 }), l10n, {
        correlationId: 'corr-1',
        retryAction: { command: 'inviteLink' },
      }),
    ],
    [
      'MFA required',
      errorReply(new PartnerCenterError({ ...ids, kind: 'mfaRequired' }), l10n, {
        correlationId: 'corr-1',
        canSignInAgain: true,
      }),
    ],
    ['a bug', errorReply(new TypeError('x'), l10n, { correlationId: 'corr-1' })],
    ...reportFixtures(locale),
    ...(await gdapFixtures(locale)),
  ];
}

/** A Graph that answers the GDAP calls with fixed relationships: for card tests. */
function graphAnswering(relationships: AdminRelationship[] = []): GraphPort {
  return {
    newRequestContext: (input) => ({ correlationId: 'c', deadline: Date.now() + 1000, ...input }),
    createAdminRelationship: async (input) => ({
      id: `${SEED_TENANT}-00000000-0000-4000-8000-000000000001`,
      displayName: input.displayName,
      status: 'created',
      customer: input.customerTenantId ? { tenantId: input.customerTenantId } : undefined,
      durationDays: input.durationDays,
      autoExtendDays: input.autoExtendDays,
      roleIds: input.roleIds,
    }),
    lockForApproval: async () => undefined,
    listAdminRelationships: async () => relationships,
  };
}

/** Relationships in every status, one of each warning. */
function adminRelationshipsOfEveryKind(): AdminRelationship[] {
  const day = (days: number) => new Date(TODAY.getTime() + days * 86_400_000).toISOString();
  const base = {
    customer: { tenantId: SEED_TENANT, displayName: 'Wingtip Toys' },
    roleIds: [ENTRA_ROLES.globalReader],
  };
  return [
    {
      ...base,
      id: 'a-1',
      displayName: 'Wingtip Toys admin 2025-01-10',
      status: 'active',
      endDateTime: day(12),
      autoExtendDays: 0,
    },
    {
      ...base,
      id: 'a-2',
      displayName: 'Wingtip Toys full 2024',
      status: 'active',
      endDateTime: day(200),
      autoExtendDays: 0,
      roleIds: [ENTRA_ROLES.globalAdministrator],
    },
    {
      ...base,
      id: `${SEED_TENANT}-00000000-0000-4000-8000-000000000002`,
      displayName: 'Wingtip Toys admin 2026-11-30',
      status: 'approvalPending',
      roleIds: ROLE_TEMPLATES['account-staff'].map((r) => ENTRA_ROLES[r]),
    },
    { ...base, id: 'a-4', displayName: 'Wingtip Toys old', status: 'expired', endDateTime: day(-40) },
    { ...base, id: 'a-5', displayName: 'Wingtip Toys ended', status: 'terminated', endDateTime: day(-100) },
    {
      ...base,
      id: 'a-6',
      displayName: 'Wingtip Toys renewing',
      status: 'active',
      endDateTime: day(5),
      autoExtendDays: 180,
    },
  ];
}

async function gdapFixtures(locale: string): Promise<Array<[string, Reply]>> {
  const l10n = localizer(locale);
  const context = (graph: GraphPort, roles = DEFAULT_ROLE_SET): RequestContext => {
    const partnerCenter = partnerCenterAnswering('Wingtip Toys', [], { customers: contosos.slice(0, 1) });
    const request = requestContextFor(partnerCenter, { locale });
    return {
      ...request,
      services: { ...request.services, graph, gdap: { roles, durationDays: 730 } },
      graph: { client: graph, request: graph.newRequestContext({ token: 't', userKey: 'u' }) },
    };
  };
  const tenant = { kind: 'tenantId' as const, tenantId: SEED_TENANT };
  const graph = graphAnswering(adminRelationshipsOfEveryKind());
  const confirmation = (reply: Reply) => reply.data.confirmAction as { plan: string; confirmId: string };
  const asked = await askAdminAccess(tenant, context(graph), { withInvite: false });
  const withGlobalAdmin = { roles: ['globalAdministrator', 'globalReader'] as const };
  const askedGenericGa = await askAdminAccess({ kind: 'missing' }, context(graph, withGlobalAdmin), {
    withInvite: false,
  });
  const invited = await askAdminAccess(tenant, context(graph), { withInvite: true });
  const confirm = (reply: Reply, withInvite: boolean) =>
    confirmAdminAccess(
      {
        customerId: SEED_TENANT,
        customerName: 'Wingtip Toys',
        askedBy: 'u',
        withInvite,
        ...confirmation(reply),
      },
      context(graph),
    );
  const graphIds = { operation: 'createAdminRelationship', correlationId: 'corr-1' };
  return [
    ['admin access: confirmation', asked],
    ['admin access: generic, with Global Administrator', askedGenericGa],
    ['invite: both links, confirmation', invited],
    ['admin access: created', await confirm(asked, false)],
    ['invite: both links, created', await confirm(invited, true)],
    ['admin relationships of a customer', await adminRelationships(tenant, context(graph))],
    ['admin relationships: none', await adminRelationships(tenant, context(graphAnswering([])))],
    ['expiring admin relationships', await expiringAdminRelationships(context(graph))],
    [
      'Graph: not an Admin Agent',
      errorReply(new GraphError({ ...graphIds, kind: 'notAdminAgent', status: 403 }), l10n, {
        correlationId: 'corr-1',
      }),
    ],
    [
      'Graph: refused',
      errorReply(
        new GraphError({
          ...graphIds,
          kind: 'invalidRequest',
          status: 400,
          graphMessage: 'The duration is invalid.',
        }),
        l10n,
        { correlationId: 'corr-1' },
      ),
    ],
    [
      'Graph: throttled',
      errorReply(new GraphError({ ...graphIds, kind: 'throttled', retryAfterSeconds: 30 }), l10n, {
        correlationId: 'corr-1',
        retryAction: { command: 'adminAccess', customer: SEED_TENANT },
      }),
    ],
  ];
}

/** A report of `count` customers, as a job record has it, in `locale`. */
export function reportJob(
  locale: string,
  overrides: Partial<ReportJob> = {},
  owner: Partial<ReportJob['owner']> = {},
): ReportJob {
  const counts = { canTransact: 1200, reacceptanceNeeded: 310, notAccepted: 95, unknown: 12 };
  return {
    ...newJob(
      {
        userKey: 'u',
        userId: '29:tania',
        locale,
        conversationKind: 'personal',
        maskContacts: false,
        conversation: {},
        ...owner,
      },
      TODAY.getTime(),
    ),
    committed: { listed: 1617, checked: 1617, counts },
    current: { listed: 500, checked: 123, counts: { ...counts, canTransact: 100, unknown: 23 } },
    ...overrides,
  };
}

/** Customers of every state, with names and contacts as long as Partner Center allows. */
function reportRows(count: number): ReportRow[] {
  const states = ['reacceptanceNeeded', 'notAccepted', 'unknown', 'canTransact'] as const;
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    companyName: `${'Établissements Très Longs Noms '.repeat(10)}${i}`,
    domain: `customer${i}.onmicrosoft.com`,
    state: states[i % 4]!,
    dateAgreed: i % 4 === 0 ? '2021-05-18T09:30:00' : undefined,
    templateId: i % 4 === 0 ? EARLIER_MCA_TEMPLATE : undefined,
    contact: i % 4 === 0 ? { name: 'A'.repeat(200), email: `${'b'.repeat(60)}@example.com` } : undefined,
    failure: i % 4 === 2 ? 'unavailable' : undefined,
  }));
}

function reportFixtures(locale: string): Array<[string, Reply]> {
  const cards = reportCards({ emulated: true, currentSince: '2023-04-01' });
  /** A finished report over `rows`, its result worked out as the job does when it ends. */
  const finishedOver = (rows: ReportRow[], job: ReportJob) => ({
    ...job,
    committed: { listed: rows.length, checked: rows.length, counts: countRows(rows) },
    current: undefined,
    result: cards.outcome(job, rows).result,
  });
  const done = reportJob(locale, { status: 'done', finishedAt: TODAY.getTime(), current: undefined });
  return [
    [
      'report listing',
      cards.progress(
        reportJob(locale, { committed: { listed: 0, checked: 0, counts: noCounts() }, current: undefined }),
        undefined,
      ),
    ],
    ['report under way, still listing', cards.progress(reportJob(locale), { perMinute: 1200 })],
    [
      'report under way, every customer listed',
      cards.progress(reportJob(locale, { moreToList: false }), { perMinute: 1200, leftMs: 95_000 }),
    ],
    ['report summary, 2,000 customers', cards.summary(finishedOver(reportRows(2000), done))],
    [
      'report summary in a channel',
      cards.summary(
        finishedOver(
          reportRows(40),
          reportJob(locale, { status: 'done' }, { conversationKind: 'channel', maskContacts: true }),
        ),
      ),
    ],
    ['report summary, all can transact', cards.summary(finishedOver([], done))],
    [
      'report summary saved before it went by state (the 15 most urgent of all)',
      cards.summary({
        ...done,
        result: {
          total: 1617,
          needingAction: 417,
          urgent: reportRows(60).filter((row) => row.state === 'reacceptanceNeeded'),
          versionsUnread: 0,
          csvBytes: 1,
        },
      }),
    ],
    ['report cancelled', cards.stopped(reportJob(locale, { status: 'cancelled' }))],
    ['report paused', cards.stopped(reportJob(locale, { status: 'paused', reason: 'signIn' }))],
    ['report failed', cards.stopped(reportJob(locale, { status: 'failed', reason: 'internal' }))],
  ];
}

const provider = (n: number): PartnerRelationship => ({
  id: `00000000-0000-4000-8000-0000000000a${n}`,
  name: `Contoso Distribution ${n}`,
  mpnId: `510000${n}`,
});
const reseller = (n: number): PartnerRelationship => ({
  id: `00000000-0000-4000-8000-0000000000b${n}`,
  name: `Contoso Reseller ${n}`,
  mpnId: `630000${n}`,
});

/** The invite link's cards for indirect partners, and an indirect reseller's MCA check. */
async function indirectFixtures(locale: string): Promise<Array<[string, Reply]>> {
  const as = (providers: PartnerRelationship[], resellers: PartnerRelationship[]) =>
    requestContextFor(
      {
        ...partnerCenterAnswering('Wingtip Toys', []),
        getPartnerRelationships: async (type) => (type === 'IsIndirectResellerOf' ? providers : resellers),
        getCustomerAgreements: async () => {
          if (providers.length === 0) return { totalCount: 0, items: [] };
          const operation = 'getCustomerAgreements';
          throw new PartnerCenterError({
            kind: 'indirectReseller',
            status: 403,
            operation,
            correlationId: 'c',
          });
        },
      },
      { locale },
    );
  const many = Array.from({ length: 8 }, (_, i) => reseller(i));
  return [
    [
      'invite link through a provider',
      await inviteLink(as([provider(1), provider(2)], []), { kind: 'provider', id: provider(2).id }),
    ],
    [
      'invite link for a reseller',
      await inviteLink(as([], [reseller(1)]), { kind: 'resellerName', name: 'contoso' }),
    ],
    ['which provider', await inviteLink(as([provider(1), provider(2)], []))],
    ['which relationship', await inviteLink(as([provider(1)], [reseller(1)]))],
    [
      'which reseller, more than shown',
      await inviteLink(as([], many), { kind: 'resellerName', name: 'Contoso' }),
    ],
    ['no reseller matches', await inviteLink(as([], many), { kind: 'resellerName', name: 'Fabrikam' })],
    ['no resellers', await inviteLink(as([], []), { kind: 'resellerName', name: 'Fabrikam' })],
    ['MCA of an indirect reseller', await agreements(customer, 'mca', as([provider(1)], []))],
  ];
}
