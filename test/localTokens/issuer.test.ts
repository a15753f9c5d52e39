import { createLocalToken, verifyLocalToken } from '../../src/localTokens/issuer';

describe('local tokens', () => {
  const secret = 's3cret';

  it('verifies what it signed, with the MFA claim', () => {
    const check = verifyLocalToken(createLocalToken({ secret, userId: 'tania', mfa: true }), secret);
    expect(check).toMatchObject({ ok: true, claims: { oid: 'tania', amr: ['pwd', 'mfa'] } });
  });

  it.each([
    ['without MFA', createLocalToken({ secret, userId: 'u', mfa: false }), 'noMfa'],
    [
      'signed with another secret',
      createLocalToken({ secret: 'other', userId: 'u', mfa: true }),
      'badSignature',
    ],
    ['expired', createLocalToken({ secret, userId: 'u', mfa: true, now: Date.now() - 7_200_000 }), 'expired'],
    ['not a JWT', 'abc', 'malformed'],
  ])('refuses a token %s', (_name, token, reason) => {
    expect(verifyLocalToken(token, secret)).toEqual({ ok: false, reason });
  });

  it('refuses a token whose claims were changed after signing', () => {
    const [header, , signature] = createLocalToken({ secret, userId: 'u', mfa: false }).split('.');
    const forged = Buffer.from(JSON.stringify({ aud: 'x', oid: 'u', amr: ['mfa'], exp: 9e9 })).toString(
      'base64url',
    );
    expect(verifyLocalToken(`${header}.${forged}.${signature}`, secret)).toEqual({
      ok: false,
      reason: 'badSignature',
    });
  });

  it("is for Partner Center by default, and for Graph when asked; each API refuses the other one's token", () => {
    const now = Date.now();
    const partnerCenter = createLocalToken({ secret, userId: 'u', mfa: true, now });
    const graph = createLocalToken({ secret, userId: 'u', mfa: true, now, audience: 'graph' });
    expect(verifyLocalToken(partnerCenter, secret, now)).toMatchObject({
      ok: true,
      claims: { aud: 'https://api.partnercenter.microsoft.com' },
    });
    expect(verifyLocalToken(graph, secret, now, 'graph')).toMatchObject({
      ok: true,
      claims: { aud: 'https://graph.microsoft.com' },
    });
    expect(verifyLocalToken(graph, secret, now)).toEqual({ ok: false, reason: 'wrongAudience' });
    expect(verifyLocalToken(partnerCenter, secret, now, 'graph')).toEqual({
      ok: false,
      reason: 'wrongAudience',
    });
  });
});
