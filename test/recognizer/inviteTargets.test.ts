import { readSubmit } from '../../src/commands/runCommand';
import { recognize } from '../../src/recognizer/recognizer';

const PROVIDER = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';

describe('"invite link for reseller <name>", in English and French', () => {
  it.each([
    ['invite link for reseller Contoso', 'Contoso'],
    ['invite link for the reseller Contoso IT Services', 'Contoso IT Services'],
    ['Invite link for reseller contoso cloud?', 'contoso cloud'],
    ['send the invite link for reseller "Adatum IT"', 'Adatum IT'],
    ['invite for reseller Litware', 'Litware'],
    // A reseller's name with an agreement word in it is still a name.
    ['invite link for reseller Contract Solutions', 'Contract Solutions'],
    ["lien d'invitation pour le revendeur Contoso", 'Contoso'],
    ['Lien d’invitation pour le revendeur Tailspin Managed Services', 'Tailspin Managed Services'],
    ['lien pour la revendeuse Adatum', 'Adatum'],
    ['invitation pour revendeur Litware', 'Litware'],
  ])('"%s" names the reseller %s', (text, name) => {
    expect(recognize(text)).toEqual({ intent: 'inviteLink', target: { kind: 'resellerName', name } });
  });

  it.each([
    'reseller link',
    'invite link',
    'lien de revendeur',
    // No name after it: the plain link, which the partner's kind decides.
    'invite link for reseller',
  ])('"%s" is the plain invite link', (text) => {
    expect(recognize(text)).toEqual({ intent: 'inviteLink' });
  });

  it('leaves "agreements for reseller X" a question about agreements', () => {
    expect(recognize('agreements for reseller Contoso')).toMatchObject({ intent: 'agreements' });
  });
});

describe("a choice card's invite button", () => {
  it('takes a provider or a reseller by tenant id, normalized', () => {
    expect(readSubmit({ command: 'inviteLink', provider: ` {${PROVIDER.toUpperCase()}} ` })).toEqual({
      intent: 'inviteLink',
      target: { kind: 'provider', id: PROVIDER },
    });
    expect(readSubmit({ command: 'inviteLink', reseller: PROVIDER })).toEqual({
      intent: 'inviteLink',
      target: { kind: 'reseller', id: PROVIDER },
    });
  });

  it('takes the direct relationship, or the choice again', () => {
    expect(readSubmit({ command: 'inviteLink', relationship: 'direct' })).toEqual({
      intent: 'inviteLink',
      target: { kind: 'direct' },
    });
    expect(readSubmit({ command: 'inviteLink', relationship: 'choose' })).toEqual({
      intent: 'inviteLink',
      target: { kind: 'choose' },
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['a provider that is not a tenant id', { provider: 'contoso' }],
    ['a query smuggled in the id', { provider: `${PROVIDER}&indirectResellerId=x` }],
    ['a huge value', { reseller: `${PROVIDER}${' '.repeat(100_000)}` }],
    ['a number', { provider: 42 }],
    ['an unknown relationship', { relationship: 'indirect' }],
  ])('reads %s as the plain invite link', (_, fields) => {
    expect(readSubmit({ command: 'inviteLink', ...fields })).toEqual({ intent: 'inviteLink' });
  });
});
