import { randomUUID } from 'node:crypto';
import { isGuid } from '../checks';
import { createRequest } from './gdapCreateRules';
import type { GraphRelationship } from './gdapSeed';
import { badRequest, graphError } from './graphErrors';
import type { EmulatorAnswer } from './replies';

/**
 * Microsoft Graph's GDAP relationships (v1.0 tenantRelationships/delegatedAdminRelationships), as the emulator
 * serves them: Create (its rules in gdapCreateRules.ts), the lockForApproval request, and the list with $filter
 * and @odata.nextLink.
 * Sources: microsoft-graph-docs-contrib api-reference/v1.0 (tenantrelationship-post-delegatedadminrelationships,
 * resources/delegatedadminrelationship, delegatedadminrelationship-post-requests); the messages marked "worded
 * here" are ours where Microsoft's own could not be found.
 */

type GdapOperation = 'gdapCreate' | 'gdapLock' | 'gdapList';

const RELATIONSHIPS = /^\/v1\.0\/tenantRelationships\/delegatedAdminRelationships$/i;
const REQUESTS = /^\/v1\.0\/tenantRelationships\/delegatedAdminRelationships\/([^/]+)\/requests$/i;
/** Small, so that a list of the seed data already spans pages. */
const GDAP_PAGE_SIZE = 5;
/** Relationships created at run time, per emulator: past this, creation is refused, so memory stays flat. */
const MAX_CREATED_RELATIONSHIPS = 1000;

export function isGraphPath(path: string): boolean {
  return path.startsWith('/v1.0/');
}

interface Routed {
  operation: GdapOperation;
  answer(): EmulatorAnswer;
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
  route(method: string, url: URL, body: unknown, origin: string): Routed | EmulatorAnswer {
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
  private notAdminAgent(): EmulatorAnswer {
    return graphError(
      403,
      'forbidden',
      'The user (principal) does not have the required permissions to perform the specified action on the resource.',
    );
  }

  private create(body: unknown, origin: string): EmulatorAnswer {
    if (!this.adminAgent) return this.notAdminAgent();
    const request = createRequest(body);
    if (!request.ok) return request.reply;
    const { displayName: name, tenantId } = request.value;
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
      duration: request.value.duration,
      autoExtendDuration: request.value.autoExtendDuration,
      ...(tenantId !== undefined ? { customer: { tenantId: tenantId.toLowerCase() } } : {}),
      accessDetails: {
        unifiedRoles: request.value.roleIds.map((id) => ({ roleDefinitionId: id.toLowerCase() })),
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

  private lock(id: string, body: unknown): EmulatorAnswer {
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

  private list(url: URL, origin: string): EmulatorAnswer {
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
