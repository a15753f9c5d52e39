import { kindForStatus } from '../../src/partnerCenter/errors';

describe('a 403 explained by what it says', () => {
  it.each<[string | undefined, string, string]>([
    [
      '20002',
      '{"code":"20002","description":"Partner does not have a relationship with the customer."}',
      'noRelationship',
    ],
    [
      '1002',
      '{"code":"1002","description":"Operation is not allowed for an indirect reseller."}',
      'indirectReseller',
    ],
    [undefined, 'Forbidden: IndirectReseller partners cannot call this API', 'indirectReseller'],
    [
      '403',
      '{"code":"403","description":"The supplied role does not have the rights to perform the requested operation."}',
      'forbidden',
    ],
    [undefined, '', 'forbidden'],
  ])('code %s, body %j → %s', (code, body, kind) => {
    expect(kindForStatus(403, code, true, body)).toBe(kind);
  });

  it('reads only the start of a body for it', () => {
    expect(kindForStatus(403, undefined, true, `${' '.repeat(5000)}indirect reseller`)).toBe('forbidden');
  });
});
