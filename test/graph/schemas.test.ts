import { read } from '../../src/http/read';
import { adminRelationshipSchema, graphErrorBodySchema, relationshipPageOf } from '../../src/graph/schemas';

/** Microsoft's own example answer to a create (tenantrelationship-post-delegatedadminrelationships.md), shortened. */
const created = {
  '@odata.type': '#microsoft.graph.delegatedAdminRelationship',
  '@odata.etag': 'W/"JyIxODAwZTY4My0wMDAwLTAyMDAtMDAwMC02MTU0OWFmMDAwMDAiJw=="',
  id: '5d027261-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-a3205431b836',
  displayName: 'Contoso admin relationship',
  duration: 'P730D',
  customer: { tenantId: '4b827261-d21f-4aa9-b7db-7fa1f56fb163', displayName: 'Contoso subsidiary Inc' },
  accessDetails: {
    unifiedRoles: [
      { roleDefinitionId: '29232cdf-9323-42fd-ade2-1d097af3e4de' },
      { roleDefinitionId: '3a2c62db-5318-420d-8d74-23affee5d9d5' },
    ],
  },
  status: 'created',
  autoExtendDuration: 'P180D',
  createdDateTime: '2022-02-10T11:24:42.3148266Z',
  lastModifiedDateTime: '2022-02-10T11:24:42.3148266Z',
  activatedDateTime: '',
  endDateTime: '2024-02-10T11:24:42.3148266Z',
};

describe('Graph schemas', () => {
  it("reads Microsoft's example relationship into days and role ids, an empty date as absent", () => {
    expect(read(adminRelationshipSchema, created)).toEqual({
      ok: true,
      value: {
        id: created.id,
        displayName: 'Contoso admin relationship',
        status: 'created',
        customer: created.customer,
        durationDays: 730,
        autoExtendDays: 180,
        roleIds: ['29232cdf-9323-42fd-ade2-1d097af3e4de', '3a2c62db-5318-420d-8d74-23affee5d9d5'],
        createdDateTime: created.createdDateTime,
        activatedDateTime: undefined,
        endDateTime: created.endDateTime,
        lastModifiedDateTime: created.lastModifiedDateTime,
      },
    });
  });

  it('keeps a status it does not know, and a duration it cannot read as unknown', () => {
    const result = read(adminRelationshipSchema, {
      ...created,
      status: 'unknownFutureValue',
      duration: 'P1M',
    });
    expect(result).toMatchObject({
      ok: true,
      value: { status: 'unknownFutureValue', durationDays: undefined },
    });
  });

  it.each([
    [{ ...created, id: undefined }, '$.id: expected a string'],
    [{ ...created, endDateTime: 'soon' }, '$.endDateTime: expected an ISO 8601 date'],
    [{ ...created, customer: { tenantId: 'contoso' } }, '$.customer.tenantId: expected a GUID'],
  ])('refuses %#: %s', (value, problem) => {
    expect(read(adminRelationshipSchema, value)).toEqual({ ok: false, problem });
  });

  it('reads a page and its next link, and refuses a page longer than the cap', () => {
    const page = { value: [created], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/x?$skiptoken=1' };
    expect(read(relationshipPageOf(), page)).toMatchObject({
      ok: true,
      value: { items: [{ id: created.id }], nextLink: page['@odata.nextLink'] },
    });
    expect(read(relationshipPageOf(1), { value: [created, created] })).toMatchObject({ ok: false });
  });

  it("reads Graph's error body, and anything else as nothing", () => {
    const body = { error: { code: 'badRequest', message: '  Bad.  ', innerError: { 'request-id': 'r-1' } } };
    expect(graphErrorBodySchema.parse(body)).toEqual({
      code: 'badRequest',
      message: 'Bad.',
      requestId: 'r-1',
    });
    expect(graphErrorBodySchema.parse('<html>')).toEqual({});
  });
});
