import { randomUUID } from 'node:crypto';
import { isGuid } from '../checks';
import { verifyLocalToken } from '../localTokens/issuer';
import type { Reply } from './replies';

/**
 * Microsoft Graph's GDAP relationships (v1.0 tenantRelationships/delegatedAdminRelationships), as the emulator
 * serves them: the rules of Create, the lockForApproval request, and the list with $filter and @odata.nextLink.
 * Sources: microsoft-graph-docs-contrib api-reference/v1.0 (tenantrelationship-post-delegatedadminrelationships,
 * resources/delegatedadminrelationship, delegatedadminrelationship-post-requests); the messages marked "worded
 * here" are ours where Microsoft's own could not be found.
 */

/** A relationship as Graph sends it (the data file holds them in this shape). */
export interface GraphRelationship {
  id: string;
  displayName: string;
  status: string;
  duration?: string;
  autoExtendDuration?: string;
  customer?: { tenantId?: string; displayName?: string };
  accessDetails?: { unifiedRoles: { roleDefinitionId: string }[] };
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  activatedDateTime?: string;
  endDateTime?: string;
}

type GdapOperation = 'gdapCreate' | 'gdapLock' | 'gdapList';

const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

/** Entra built-in role template ids (learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference). */
const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  [GLOBAL_ADMINISTRATOR]: 'Global Administrator',
  'f2ef992c-3afb-46b9-b7cf-a126ee74c451': 'Global Reader',
  '88d8e3e3-8f55-4a1e-953a-9b9898b8876b': 'Directory Readers',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '729827e3-9c14-49f7-bb1b-9608f156bbb8': 'Helpdesk Administrator',
  'f023fd81-a637-4b56-95fd-791ac0226033': 'Service Support Administrator',
  '4d6ac14f-3453-41d0-bef9-a3e0c569773a': 'License Administrator',
  'b0f54661-2d74-4c50-afa3-1ec803f12efe': 'Billing Administrator',
  '29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c': 'SharePoint Administrator',
  '69091246-20e8-4a56-aa4d-066075b2a7a8': 'Teams Administrator',
  '194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
  '5d6b6bb7-de71-4623-b4af-96380a352509': 'Security Reader',
  '3a2c62db-5318-420d-8d74-23affee5d9d5': 'Intune Administrator',
  'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
  '4a5d8f65-41da-4de4-8968-e035b65339cf': 'Reports Reader',
  '9360feb5-f418-4baa-8175-e2a00bac4301': 'Directory Writers',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9': 'Conditional Access Administrator',
};

const RELATIONSHIPS = /^\/v1\.0\/tenantRelationships\/delegatedAdminRelationships$/i;
const REQUESTS = /^\/v1\.0\/tenantRelationships\/delegatedAdminRelationships\/([^/]+)\/requests$/i;
/** Small, so that a list of the seed data already spans pages. */
const GDAP_PAGE_SIZE = 5;
/** Relationships created at run time, per emulator: past this, creation is refused, so memory stays flat. */
const MAX_CREATED_RELATIONSHIPS = 1000;

export function isGraphPath(path: string): boolean {
  return path.startsWith('/v1.0/');
}

/** Graph's error body. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply {
  return {
    status,
    body: { error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19) } } },
    headers,
  };
}

const badRequest = (message: string) => graphError(400, 'badRequest', message);

/**
 * Graph takes tokens for its own audience only (a Partner Center token is refused: "Invalid audience"), and asks
 * for MFA with a claims challenge, error="insufficient_claims" in WWW-Authenticate.
 */
export function graphCaller(
  header: string | undefined,
  secret: string,
  now: number,
): { user: string } | Reply {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (!token) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const check = verifyLocalToken(token, secret, now, 'graph');
  if (check.ok) return { user: check.claims.oid };
  if (check.reason === 'noMfa') {
    const claims = Buffer.from('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}').toString(
      'base64',
    );
    return graphError(401, 'InvalidAuthenticationToken', 'Multi-factor authentication is required.', {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="${claims}"`,
    });
  }
  const messages = {
    expired: 'Lifetime validation failed, the token is expired.',
    wrongAudience: 'Access token validation failure. Invalid audience.',
    malformed: 'IDX14100: JWT is not well formed.',
    badSignature: 'Access token validation failure. Invalid signature.',
  } as const;
  return graphError(401, 'InvalidAuthenticationToken', messages[check.reason]);
}

/** Days in an ISO 8601 duration as Graph takes them for GDAP: PnD, P1Y or P2Y; PT0S and P0D for "none". */
function days(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^P(?:(\d{1,4})D|([12])Y|0D)$|^PT0S$/.exec(text);
  if (!match) return undefined;
  if (match[1] !== undefined) return Number(match[1]);
  if (match[2] !== undefined) return Number(match[2]) * 365;
  return 0;
}

interface Routed {
  operation: GdapOperation;
  answer(): Reply;
}

/**
 * The relationships of one emulator: the data file's, then those created at run time, in memory. `adminAgent`
 * false stands for a signed-in user outside the partner's Admin Agents group.
 */
export class GdapRelationships {
  private readonly all: GraphRelationship[];
  private created = 0;

  constructor(
    seed: readonly GraphRelationship[],
    private readonly adminAgent: boolean,
    private readonly now: () => number,
  ) {
    this.all = structuredClone([...seed]);
  }

  /** The operation at this method and path, or Graph's answer for a path or method it does not have. */
  route(method: string, url: URL, body: unknown, origin: string): Routed | Reply {
    const path = url.pathname.replace(/\/+$/, '');
    if (RELATIONSHIPS.test(path)) {
      if (method === 'GET') return { operation: 'gdapList', answer: () => this.list(url, origin) };
      if (method === 'POST') return { operation: 'gdapCreate', answer: () => this.create(body, origin) };
    } else {
      const lock = REQUESTS.exec(path);
      if (!lock) return graphError(404, 'UnknownError', `Resource not found for the segment '${path}'.`);
      if (method === 'POST')
        return { operation: 'gdapLock', answer: () => this.lock(decodeURIComponent(lock[1] ?? ''), body) };
    }
    return graphError(405, 'Request_BadRequest', `The method ${method} is not allowed on ${path}.`);
  }

  /**
   * A user outside Admin Agents: Graph refuses writes with 403 (the message CIPP-API matches in
   * Invoke-ExecGDAPInvite.ps1), while the list answers 200 with nothing in it, "by design" (Microsoft, in
   * microsoft-graph-docs-contrib issue 8921).
   */
  private notAdminAgent(): Reply {
    return graphError(
      403,
      'forbidden',
      'The user (principal) does not have the required permissions to perform the specified action on the resource.',
    );
  }

  private create(body: unknown, origin: string): Reply {
    if (!this.adminAgent) return this.notAdminAgent();
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const name = input.displayName;
    if (typeof name !== 'string' || name.length < 1 || name.length > 50)
      return badRequest('The displayName is required and must be between 1 and 50 characters long.');
    const duration = days(input.duration);
    if (duration === undefined || duration < 1 || duration > 730)
      return badRequest('The duration must be a value between P1D and P2Y inclusive.');
    const autoExtend = input.autoExtendDuration ?? 'PT0S';
    if (!['PT0S', 'P0D', 'P180D'].includes(String(autoExtend)))
      return badRequest('The autoExtendDuration supported values are PT0S, P0D and P180D.');
    const roles = (input.accessDetails as { unifiedRoles?: unknown } | undefined)?.unifiedRoles;
    if (!Array.isArray(roles) || roles.length === 0)
      return badRequest('The accessDetails must contain at least one unifiedRole.');
    const roleIds = roles.map((role) => (role as { roleDefinitionId?: unknown } | null)?.roleDefinitionId);
    const unknown = roleIds.find((id) => typeof id !== 'string' || !(id.toLowerCase() in BUILT_IN_ROLES));
    if (unknown !== undefined || roleIds.some((id) => typeof id !== 'string'))
      return badRequest(
        `The roleDefinitionId '${String(unknown)}' is not a supported Microsoft Entra built-in role.`,
      );
    // Microsoft: auto-extend is not available for a relationship holding Global Administrator (partner-center
    // customers/expiring-gdap-relationships-and-auto-extend-gdap); the message is worded here.
    if (
      autoExtend === 'P180D' &&
      (roleIds as string[]).some((id) => id.toLowerCase() === GLOBAL_ADMINISTRATOR)
    )
      return badRequest(
        'Auto-extend is not supported for a relationship that includes the Global Administrator role. Set autoExtendDuration to PT0S.',
      );
    const customer = input.customer as { tenantId?: unknown; displayName?: unknown } | undefined;
    if (
      customer?.tenantId !== undefined &&
      (typeof customer.tenantId !== 'string' || !isGuid(customer.tenantId))
    )
      return badRequest('The customer tenantId must be a valid GUID.');
    // Unique "across all delegated admin relationships of the partner" (the Create page); the answer to a duplicate
    // is not documented: a 400 badRequest, message worded here (the client also reads a 409 as a duplicate).
    if (this.all.some((relationship) => relationship.displayName === name))
      return badRequest(`A relationship with the displayName '${name}' already exists.`);
    if (this.created >= MAX_CREATED_RELATIONSHIPS)
      return badRequest(
        `The emulator keeps at most ${MAX_CREATED_RELATIONSHIPS} relationships created at run time.`,
      );
    const now = new Date(this.now());
    const relationship: GraphRelationship = {
      id: `${randomUUID()}-${randomUUID()}`,
      displayName: name,
      status: 'created',
      duration: String(input.duration),
      autoExtendDuration: String(autoExtend),
      ...(typeof customer?.tenantId === 'string'
        ? { customer: { tenantId: customer.tenantId.toLowerCase() } }
        : {}),
      accessDetails: {
        unifiedRoles: (roleIds as string[]).map((id) => ({ roleDefinitionId: id.toLowerCase() })),
      },
      createdDateTime: now.toISOString(),
      // Graph sets the end once the customer approves (activatedDateTime + duration): none while it waits.
      lastModifiedDateTime: now.toISOString(),
    };
    this.all.push(relationship);
    this.created += 1;
    const location = `${origin}/v1.0/tenantRelationships/delegatedAdminRelationships/${relationship.id}`;
    return { status: 201, body: this.odata(relationship, origin), headers: { Location: location } };
  }

  private lock(id: string, body: unknown): Reply {
    if (!this.adminAgent) return this.notAdminAgent();
    const action = (body as { action?: unknown } | null)?.action;
    if (action !== 'lockForApproval')
      return badRequest(`The action '${String(action)}' is not supported here: only lockForApproval is.`);
    const relationship = this.all.find((item) => item.id === id);
    if (!relationship)
      return graphError(404, 'notFound', `The delegated admin relationship '${id}' was not found.`);
    // A lock applies to a relationship still being drafted; worded here.
    if (relationship.status !== 'created')
      return badRequest(
        `The delegated admin relationship is in status '${relationship.status}'; lockForApproval needs status 'created'.`,
      );
    const now = new Date(this.now()).toISOString();
    relationship.status = 'approvalPending';
    relationship.lastModifiedDateTime = now;
    return {
      status: 201,
      body: {
        id: randomUUID(),
        action: 'lockForApproval',
        status: 'created',
        createdDateTime: now,
        lastModifiedDateTime: now,
      },
    };
  }

  private list(url: URL, origin: string): Reply {
    const filter = url.searchParams.get('$filter');
    let items = this.adminAgent ? this.all : [];
    if (filter !== null) {
      const tenant = /^customer\/tenantId eq '([0-9a-fA-F-]{36})'$/.exec(filter)?.[1];
      if (!tenant || !isGuid(tenant)) return badRequest(`Invalid filter clause: ${filter.slice(0, 100)}`);
      items = items.filter((item) => item.customer?.tenantId?.toLowerCase() === tenant.toLowerCase());
    }
    const top = url.searchParams.get('$top');
    const size = top === null ? GDAP_PAGE_SIZE : Number(top);
    if (!Number.isInteger(size) || size < 1 || size > 300)
      return badRequest('$top must be between 1 and 300.');
    const skip = url.searchParams.get('$skiptoken');
    const start = skip === null ? 0 : Number(skip);
    if (!Number.isInteger(start) || start < 0) return badRequest('The $skiptoken is not valid.');
    const page = items.slice(start, start + size);
    const next = new URL(`${origin}${url.pathname}`);
    url.searchParams.forEach((value, key) => key !== '$skiptoken' && next.searchParams.set(key, value));
    next.searchParams.set('$skiptoken', String(start + size));
    return {
      status: 200,
      body: {
        '@odata.context': `${origin}/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships`,
        value: page.map((item) => this.odata(item, origin)),
        ...(start + size < items.length ? { '@odata.nextLink': next.href } : {}),
      },
    };
  }

  private odata(relationship: GraphRelationship, origin: string) {
    const etag = Buffer.from(relationship.lastModifiedDateTime ?? relationship.id).toString('base64');
    return {
      '@odata.type': '#microsoft.graph.delegatedAdminRelationship',
      '@odata.context': `${origin}/v1.0/$metadata#delegatedAdminRelationships/$entity`,
      '@odata.etag': `W/"${etag}"`,
      ...relationship,
    };
  }
}

/** An injected fault, in Graph's error body (and Retry-After when the rule gives one). */
export function graphFault(
  status: number,
  code: string | undefined,
  description: string | undefined,
  retryAfter?: string,
) {
  const codes: Record<number, string> = {
    403: 'forbidden',
    404: 'notFound',
    429: 'TooManyRequests',
    503: 'serviceNotAvailable',
  };
  return graphError(
    status,
    code ?? codes[status] ?? (status >= 500 ? 'generalException' : 'badRequest'),
    description ?? 'Injected fault.',
    retryAfter ? { 'Retry-After': retryAfter } : undefined,
  );
}
