import { randomUUID } from 'node:crypto';
import { GraphClient, type NewAdminRelationship } from '../../src/graph/client';
import { createLocalToken } from '../../src/localTokens/issuer';
import { loadEmulatorData } from '../../src/emulator/data';
import { startEmulator } from '../../src/emulator/server';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { graphFailure } from '../helpers/graphFailure';
import { SEED_TENANT, TOKEN, TOKEN_SECRET } from '../helpers/seeds';

const suite = useSeedEmulator();
const GA = '62e90394-69f5-4237-9190-012177145e10';
const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const graphToken = (mfa = true) =>
  createLocalToken({ secret: TOKEN_SECRET, userId: 'tania', mfa, audience: 'graph' });

function graph(token = graphToken()) {
  const client = new GraphClient({ baseUrl: suite.emulator.url, retryBaseMs: 1 });
  return { client, context: client.newRequestContext({ token, userKey: 'tania' }) };
}

/** A relationship of its own for each test: names are unique per partner, and the emulator lives for the file. */
const fresh = (overrides: Partial<NewAdminRelationship> = {}): NewAdminRelationship => ({
  displayName: `Test_${randomUUID().slice(0, 8)}`,
  durationDays: 730,
  customerTenantId: SEED_TENANT,
  roleIds: [HELPDESK],
  autoExtendDays: 180,
  ...overrides,
});

describe('emulator: Graph GDAP relationships', () => {
  it('creates, locks for approval, and lists the relationship as approvalPending', async () => {
    const { client, context } = graph();
    const input = fresh();
    const made = await client.createAdminRelationship(input, context);
    expect(made).toMatchObject({
      displayName: input.displayName,
      status: 'created',
      durationDays: 730,
      autoExtendDays: 180,
    });
    expect(made.id).toMatch(/^[0-9a-f-]{36}-[0-9a-f-]{36}$/);
    await client.lockForApproval(made.id, context);
    const listed = await client.listAdminRelationships(context, { customerTenantId: SEED_TENANT });
    expect(listed.find((item) => item.id === made.id)?.status).toBe('approvalPending');
    const [create, lock] = suite.emulator.requests;
    expect(create).toMatchObject({
      method: 'POST',
      body: { displayName: input.displayName, duration: 'P730D' },
    });
    expect(lock?.body).toEqual({ action: 'lockForApproval' });
    // Locked once: a second lock is refused, as Graph refuses an action on a relationship past `created`.
    expect((await graphFailure(client.lockForApproval(made.id, context))).kind).toBe('invalidRequest');
  });

  it('lists the seed relationships over pages, in every status, and by customer', async () => {
    const { client, context } = graph();
    const all = await client.listAdminRelationships(context);
    expect(suite.emulator.requests.length).toBeGreaterThan(1);
    expect(new Set(all.map((item) => item.status))).toEqual(
      // Every status Graph documents for a delegated admin relationship.
      new Set([
        'activating',
        'active',
        'approvalPending',
        'approved',
        'created',
        'expired',
        'expiring',
        'terminated',
        'terminating',
        'terminationRequested',
      ]),
    );
    const wingtip = await client.listAdminRelationships(context, { customerTenantId: SEED_TENANT });
    expect(wingtip.length).toBeGreaterThanOrEqual(2);
    expect(wingtip.every((item) => item.customer?.tenantId === SEED_TENANT)).toBe(true);
    // "Ends within 30 days" holds around the seed's dates: from the tests' day (2026-11-22) and 2026-12-06.
    const soon = wingtip.find((item) => item.status === 'active');
    expect(soon?.endDateTime).toBe('2026-12-20T09:30:00Z');
    expect(all.some((item) => item.status === 'active' && item.roleIds.includes(GA))).toBe(true);
  });

  it.each([
    ['an empty name', { displayName: '' }],
    ['a name of 51 characters', { displayName: 'x'.repeat(51) }],
    ['a duration of 731 days', { durationDays: 731 }],
    ['a duration of 0 days', { durationDays: 0 }],
    ['no roles', { roleIds: [] }],
    ['a role that is not a built-in one', { roleIds: [randomUUID()] }],
    ['auto-extend with Global Administrator', { roleIds: [GA, HELPDESK], autoExtendDays: 180 as const }],
  ])('refuses %s as an invalid request, with a message', async (_name, overrides) => {
    const { client, context } = graph();
    const error = await graphFailure(client.createAdminRelationship(fresh(overrides), context));
    expect(error).toMatchObject({ kind: 'invalidRequest', status: 400 });
    expect(error.graphMessage).toBeTruthy();
  });

  it('takes Global Administrator without auto-extend, and a 50-character name', async () => {
    const { client, context } = graph();
    const made = await client.createAdminRelationship(
      fresh({ roleIds: [GA], autoExtendDays: 0, displayName: `${randomUUID()}${'x'.repeat(14)}` }),
      context,
    );
    expect(made).toMatchObject({ autoExtendDays: 0, roleIds: [GA] });
  });

  it('refuses a name the partner already uses', async () => {
    const { client, context } = graph();
    const input = fresh();
    await client.createAdminRelationship(input, context);
    expect((await graphFailure(client.createAdminRelationship(input, context))).kind).toBe('duplicateName');
    const seeded = fresh({ displayName: 'Proseware_WingtipToys_2024' });
    expect((await graphFailure(client.createAdminRelationship(seeded, context))).kind).toBe('duplicateName');
  });

  it('refuses a lock of an unknown relationship as notFound', async () => {
    const { client, context } = graph();
    expect(
      (await graphFailure(client.lockForApproval(`${randomUUID()}-${randomUUID()}`, context))).kind,
    ).toBe('notFound');
  });

  it("refuses Partner Center's token on Graph's paths, and Graph's token on Partner Center's", async () => {
    const { client, context } = graph(TOKEN);
    expect(await graphFailure(client.listAdminRelationships(context))).toMatchObject({
      kind: 'unauthorized',
      graphMessage: 'Access token validation failure. Invalid audience.',
    });
    const partnerCenter = suite.client;
    const pcContext = partnerCenter.newRequestContext({ token: graphToken(), locale: 'en-US', userKey: 'u' });
    await expect(partnerCenter.getCustomer(SEED_TENANT, pcContext)).rejects.toMatchObject({
      kind: 'unauthorized',
    });
  });

  it('asks for MFA with a claims challenge', async () => {
    const { client, context } = graph(graphToken(false));
    expect((await graphFailure(client.listAdminRelationships(context))).kind).toBe('mfaRequired');
  });

  it('retries a list after an injected 500, and a create after a 429 with Retry-After', async () => {
    const { client, context } = graph();
    const before = suite.emulator.stats().operations;
    suite.emulator.addFault({ operation: 'gdapList', status: 500, times: 1 });
    await client.listAdminRelationships(context, { customerTenantId: SEED_TENANT });
    suite.emulator.addFault({ operation: 'gdapCreate', status: 429, retryAfter: '0', times: 1 });
    await client.createAdminRelationship(fresh(), context);
    const after = suite.emulator.stats().operations;
    expect((after.gdapList?.requests ?? 0) - (before.gdapList?.requests ?? 0)).toBe(2);
    expect((after.gdapCreate?.requests ?? 0) - (before.gdapCreate?.requests ?? 0)).toBe(2);
    expect((after.gdapCreate?.throttled ?? 0) - (before.gdapCreate?.throttled ?? 0)).toBe(1);
  });

  it('does not retry a create that got no answer in time', async () => {
    const client = new GraphClient({ baseUrl: suite.emulator.url, retryBaseMs: 1, callTimeoutMs: 200 });
    const context = client.newRequestContext({ token: graphToken(), userKey: 'tania' });
    suite.emulator.addFault({ operation: 'gdapCreate', hang: true, times: 1 });
    expect((await graphFailure(client.createAdminRelationship(fresh(), context))).kind).toBe('timeout');
    expect(suite.emulator.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('reads an injected malformed answer as unreadable, and an injected 403 as notAdminAgent', async () => {
    const { client, context } = graph();
    suite.emulator.addFault({ operation: 'gdapList', malformed: true, times: 1 });
    expect((await graphFailure(client.listAdminRelationships(context))).kind).toBe('unreadable');
    suite.emulator.addFault({ operation: 'gdapLock', status: 403, times: 1 });
    expect((await graphFailure(client.lockForApproval('a-b', context))).kind).toBe('notAdminAgent');
  });
});

describe('emulator: a user outside Admin Agents', () => {
  it.each([
    ['the option', { graphAdminAgent: false }, loadEmulatorData()],
    [
      'the data file',
      {},
      { ...loadEmulatorData(), gdap: { ...loadEmulatorData().gdap!, adminAgent: false } },
    ],
  ])('set by %s, cannot create (403) and lists nothing, as Graph answers', async (_name, options, data) => {
    const emulator = await startEmulator({ data, tokenSecret: TOKEN_SECRET, ...options });
    try {
      const client = new GraphClient({ baseUrl: emulator.url, retryBaseMs: 1 });
      const context = client.newRequestContext({ token: graphToken(), userKey: 'tania' });
      const error = await graphFailure(client.createAdminRelationship(fresh(), context));
      expect(error).toMatchObject({ kind: 'notAdminAgent', status: 403 });
      expect(await client.listAdminRelationships(context)).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
