import { verifyLocalToken } from '../../src/localTokens/issuer';
import { localTokenSource } from '../../src/localTokens/source';

describe('local tokens', () => {
  it("are made for the turn's user, and the emulator accepts them", async () => {
    const token = await localTokenSource({ secret: 's', mfa: true })('29:tania');
    expect(verifyLocalToken(token, 's')).toMatchObject({
      ok: true,
      claims: { oid: '29:tania', amr: ['pwd', 'mfa'] },
    });
  });

  it('are given again to the same user until five minutes before they expire, as the token service does', async () => {
    let now = Date.UTC(2026, 10, 21, 9, 0, 0);
    const source = localTokenSource({ secret: 's', mfa: true, now: () => now });
    const first = await source('29:tania');
    now += 1000;
    expect(await source('29:tania')).toBe(first);
    expect(await source('29:other')).not.toBe(first);
    now += 54 * 60_000;
    expect(await source('29:tania')).toBe(first);
    now += 60_000;
    const renewed = await source('29:tania');
    expect(renewed).not.toBe(first);
    expect(verifyLocalToken(renewed, 's', now)).toMatchObject({ ok: true });
  });

  it('are for the API the source was made for', async () => {
    const graph = await localTokenSource({ secret: 's', mfa: true, audience: 'graph' })('29:tania');
    const partnerCenter = await localTokenSource({ secret: 's', mfa: true })('29:tania');
    expect(verifyLocalToken(graph, 's', Date.now(), 'graph')).toMatchObject({ ok: true });
    expect(verifyLocalToken(graph, 's')).toEqual({ ok: false, reason: 'wrongAudience' });
    expect(verifyLocalToken(partnerCenter, 's', Date.now(), 'graph')).toEqual({
      ok: false,
      reason: 'wrongAudience',
    });
  });
});
