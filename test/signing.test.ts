import { sign, verify } from '../src/signing';

describe('signing', () => {
  it('accepts what it signed with the same secret, and nothing else', () => {
    const signature = sign('report-csv\n29:tania\njob-1', 'secret');
    expect(verify('report-csv\n29:tania\njob-1', signature, 'secret')).toBe(true);
    expect(verify('report-csv\n29:tania\njob-2', signature, 'secret')).toBe(false);
    expect(verify('report-csv\n29:tania\njob-1', signature, 'other')).toBe(false);
    expect(verify('report-csv\n29:tania\njob-1', signature.slice(1), 'secret')).toBe(false);
    expect(verify('report-csv\n29:tania\njob-1', '', 'secret')).toBe(false);
  });

  it('signs with a byte secret as with a text one, in base64url', () => {
    expect(sign('data', Buffer.from('secret'))).toBe(sign('data', 'secret'));
    expect(sign('data', 'secret')).toMatch(/^[\w-]{43}$/);
  });
});
