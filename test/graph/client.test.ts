import { GraphClient, type NewAdminRelationship } from '../../src/graph/client';
import { FakeClock } from '../helpers/clocks';
import { graphFailure } from '../helpers/graphFailure';

const BASE = 'https://graph.example';
const LIST = `${BASE}/v1.0/tenantRelationships/delegatedAdminRelationships`;
const TENANT = '14876998-c0dc-46e6-9d0c-65a57a6c32ec';
const NEW: NewAdminRelationship = {
  displayName: 'Proseware_Wingtip',
  durationDays: 730,
  customerTenantId: TENANT,
  roleIds: ['88d8e3e3-8f55-4a1e-953a-9b9898b8876b'],
  autoExtendDays: 180,
};
const relationship = (id: string) => ({ id, displayName: id, status: 'active', duration: 'P2Y' });

type Answer = Response | Error;

/** A fetch that answers from a script, one answer per call, and keeps what was asked. */
function scripted(...answers: Answer[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    const answer = answers.shift();
    if (!answer) throw new Error('no answer scripted');
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const timeout = () => Object.assign(new Error('timed out'), { name: 'TimeoutError' });

function clientOn(fetch: typeof globalThis.fetch, clock = new FakeClock()) {
  const client = new GraphClient({ baseUrl: BASE, fetch, clock, random: () => 0.5, retryBaseMs: 100 });
  return { client, clock, context: client.newRequestContext({ token: 'tok', userKey: 'u' }) };
}

describe('GraphClient: create', () => {
  it("sends Graph's body and headers, and reads the 201", async () => {
    const { calls, fetch } = scripted(
      json(201, { ...relationship('r-1'), status: 'created' }, { 'request-id': 'q' }),
    );
    const { client, context } = clientOn(fetch);
    const made = await client.createAdminRelationship(NEW, context);
    expect(made).toMatchObject({ id: 'r-1', status: 'created', durationDays: 730 });
    const [call] = calls;
    expect(call?.url).toBe(LIST);
    expect(call?.init.method).toBe('POST');
    expect(JSON.parse(String(call?.init.body))).toEqual({
      displayName: 'Proseware_Wingtip',
      duration: 'P730D',
      customer: { tenantId: TENANT },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b' }] },
      autoExtendDuration: 'P180D',
    });
    const headers = call?.init.headers as Record<string, string>;
    expect(headers).toMatchObject({
      Authorization: 'Bearer tok',
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'return-client-request-id': 'true',
    });
    expect(headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends no customer when none is given, and PT0S without auto-extend', async () => {
    const { calls, fetch } = scripted(json(201, relationship('r-1')));
    const { client, context } = clientOn(fetch);
    await client.createAdminRelationship({ ...NEW, customerTenantId: undefined, autoExtendDays: 0 }, context);
    const body = JSON.parse(String(calls[0]?.init.body)) as Record<string, unknown>;
    expect(body).not.toHaveProperty('customer');
    expect(body.autoExtendDuration).toBe('PT0S');
  });

  it('is never retried after a timeout or a lost connection: it may have been made', async () => {
    for (const lost of [timeout(), new TypeError('fetch failed')]) {
      const { calls, fetch } = scripted(lost, json(201, relationship('r-2')));
      const { client, context } = clientOn(fetch);
      const error = await graphFailure(client.createAdminRelationship(NEW, context));
      expect(error.kind).toBe(lost instanceof TypeError ? 'network' : 'timeout');
      expect(calls).toHaveLength(1);
    }
  });

  it('is not retried after a 500, nor a 503 without Retry-After', async () => {
    for (const answer of [json(500, {}), json(503, {})]) {
      const { calls, fetch } = scripted(answer, json(201, relationship('r-2')));
      const { client, context } = clientOn(fetch);
      expect((await graphFailure(client.createAdminRelationship(NEW, context))).kind).toBe('unavailable');
      expect(calls).toHaveLength(1);
    }
  });

  it('is retried after a 429, waiting as long as Retry-After says, with a new client-request-id', async () => {
    const { calls, fetch } = scripted(json(429, {}, { 'Retry-After': '3' }), json(201, relationship('r-3')));
    const { client, clock, context } = clientOn(fetch);
    expect((await client.createAdminRelationship(NEW, context)).id).toBe('r-3');
    expect(clock.waits).toEqual([3000]);
    const ids = calls.map((call) => (call.init.headers as Record<string, string>)['client-request-id']);
    expect(new Set(ids).size).toBe(2);
  });

  it('is retried after a 503 with Retry-After', async () => {
    const { calls, fetch } = scripted(json(503, {}, { 'Retry-After': '1' }), json(201, relationship('r-4')));
    const { client, context } = clientOn(fetch);
    expect((await client.createAdminRelationship(NEW, context)).id).toBe('r-4');
    expect(calls).toHaveLength(2);
  });

  it("maps Graph's refusals, with its message and request id for support", async () => {
    const body = (code: string, message: string) => ({
      error: { code, message, innerError: { 'request-id': 'inner-id', 'client-request-id': 'x' } },
    });
    const { fetch } = scripted(
      json(400, body('badRequest', 'The duration must be a value between P1D and P2Y inclusive.')),
      json(409, body('conflict', 'Conflict.'), { 'request-id': 'header-id' }),
      json(403, body('forbidden', 'The user (principal) does not have the required permissions.')),
      json(401, body('InvalidAuthenticationToken', 'Claims required.'), {
        'WWW-Authenticate': 'Bearer error="insufficient_claims", claims="e30="',
      }),
    );
    const { client, context } = clientOn(fetch);
    const invalid = await graphFailure(client.createAdminRelationship(NEW, context));
    expect(invalid).toMatchObject({
      kind: 'invalidRequest',
      status: 400,
      code: 'badRequest',
      graphMessage: 'The duration must be a value between P1D and P2Y inclusive.',
      requestId: 'inner-id',
      correlationId: context.correlationId,
      operation: 'createAdminRelationship',
    });
    expect(invalid.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await graphFailure(client.createAdminRelationship(NEW, context))).toMatchObject({
      kind: 'duplicateName',
      requestId: 'header-id',
    });
    expect((await graphFailure(client.createAdminRelationship(NEW, context))).kind).toBe('notAdminAgent');
    expect((await graphFailure(client.createAdminRelationship(NEW, context))).kind).toBe('mfaRequired');
  });

  it('refuses a customer id that is not a GUID before sending anything', async () => {
    const { calls, fetch } = scripted();
    const { client, context } = clientOn(fetch);
    await expect(
      client.createAdminRelationship({ ...NEW, customerTenantId: "x' or 1 eq 1" }, context),
    ).rejects.toThrow(TypeError);
    expect(calls).toHaveLength(0);
  });
});

describe('GraphClient: lockForApproval', () => {
  it('posts the action to the relationship, and is retried after a timeout', async () => {
    const { calls, fetch } = scripted(timeout(), json(201, { id: 'q-1', action: 'lockForApproval' }));
    const { client, context } = clientOn(fetch);
    await client.lockForApproval('a-b', context);
    expect(calls.map((call) => call.url)).toEqual([`${LIST}/a-b/requests`, `${LIST}/a-b/requests`]);
    expect(JSON.parse(String(calls[1]?.init.body))).toEqual({ action: 'lockForApproval' });
  });

  it('refuses an id that would change the path', async () => {
    const { fetch } = scripted();
    const { client, context } = clientOn(fetch);
    await expect(client.lockForApproval('../x', context)).rejects.toThrow(TypeError);
  });

  it('is a notFound for an unknown relationship', async () => {
    const { fetch } = scripted(json(404, { error: { code: 'notFound', message: 'Not found.' } }));
    const { client, context } = clientOn(fetch);
    expect((await graphFailure(client.lockForApproval('a-b', context))).kind).toBe('notFound');
  });
});

describe('GraphClient: list', () => {
  it('filters by customer and follows nextLink within the list', async () => {
    const next = `${LIST}?%24filter=x&%24skiptoken=2`;
    const { calls, fetch } = scripted(
      json(200, { value: [relationship('a'), relationship('b')], '@odata.nextLink': next }),
      json(500, {}),
      json(200, { value: [relationship('c')] }),
    );
    const { client, context } = clientOn(fetch);
    const items = await client.listAdminRelationships(context, { customerTenantId: TENANT.toUpperCase() });
    expect(items.map((item) => item.id)).toEqual(['a', 'b', 'c']);
    expect(new URL(calls[0]?.url ?? '').searchParams.get('$filter')).toBe(`customer/tenantId eq '${TENANT}'`);
    expect(calls.slice(1).map((call) => call.url)).toEqual([next, next]);
    expect((calls[2]?.init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it.each([
    'https://elsewhere.example/v1.0/tenantRelationships/delegatedAdminRelationships?$skiptoken=2',
    `http://graph.example/v1.0/tenantRelationships/delegatedAdminRelationships?$skiptoken=2`,
    `${BASE}/v1.0/users?$skiptoken=2`,
    `${BASE}/v1.0/tenantRelationships/delegatedAdminRelationships/../../users`,
    `https://user:pw@graph.example/v1.0/tenantRelationships/delegatedAdminRelationships`,
    '/v1.0/tenantRelationships/delegatedAdminRelationships?$skiptoken=2',
  ])('never follows a nextLink elsewhere (%s): the token would go with it', async (link) => {
    const { calls, fetch } = scripted(json(200, { value: [relationship('a')], '@odata.nextLink': link }));
    const { client, context } = clientOn(fetch);
    const error = await graphFailure(client.listAdminRelationships(context));
    expect(error).toMatchObject({ kind: 'unreadable', description: expect.stringContaining('nextLink') });
    expect(calls).toHaveLength(1);
  });

  it('stops at the page cap and the item cap rather than show part of the list', async () => {
    const loop = { value: [relationship('a')], '@odata.nextLink': `${LIST}?$skiptoken=1` };
    const pages = scripted(...Array.from({ length: 5 }, () => json(200, loop)));
    const paged = new GraphClient({ baseUrl: BASE, fetch: pages.fetch, maxListPages: 3 });
    const context = paged.newRequestContext({ token: 't', userKey: 'u' });
    expect(await graphFailure(paged.listAdminRelationships(context))).toMatchObject({
      description: 'more than 3 pages',
    });
    expect(pages.calls).toHaveLength(3);
    const many = scripted(
      json(200, {
        value: [relationship('a'), relationship('b')],
        '@odata.nextLink': loop['@odata.nextLink'],
      }),
      json(200, { value: [relationship('c')] }),
    );
    const capped = new GraphClient({ baseUrl: BASE, fetch: many.fetch, maxListItems: 2 });
    expect(await graphFailure(capped.listAdminRelationships(context))).toMatchObject({
      kind: 'unreadable',
      description: 'more than 2 relationships',
    });
  });

  it('gives up on a wait that would outlast the budget, saying when to come back', async () => {
    const { calls, fetch } = scripted(json(429, {}, { 'Retry-After': '60' }));
    const { client, context } = clientOn(fetch);
    expect(await graphFailure(client.listAdminRelationships(context))).toMatchObject({
      kind: 'throttled',
      retryAfterSeconds: 60,
    });
    expect(calls).toHaveLength(1);
  });
});
