import { recognize, type Recognized } from '../../src/recognizer/recognizer';

const name = (text: string) => ({ kind: 'name' as const, name: text });
const missing = { kind: 'missing' as const };

describe('GDAP requests, as people type them', () => {
  it.each<[string, Recognized]>([
    ['admin access for Wingtip Toys', { intent: 'adminAccess', customer: name('Wingtip Toys') }],
    [
      'GDAP for contoso.onmicrosoft.com',
      { intent: 'adminAccess', customer: { kind: 'domain', domain: 'contoso.onmicrosoft.com' } },
    ],
    [
      'delegated admin request for Fabrikam, Inc.',
      { intent: 'adminAccess', customer: name('Fabrikam, Inc') },
    ],
    [
      'request GDAP for 14876998-c0dc-46e6-9d0c-65a57a6c32ec',
      {
        intent: 'adminAccess',
        customer: { kind: 'tenantId', tenantId: '14876998-c0dc-46e6-9d0c-65a57a6c32ec' },
      },
    ],
    ['send GDAP invitation to Wingtip Toys', { intent: 'adminAccess', customer: name('Wingtip Toys') }],
    // A renewal is a new request: Graph cannot extend a relationship's duration.
    ['renew GDAP for Wingtip', { intent: 'adminAccess', customer: name('Wingtip') }],
    ['gdap', { intent: 'adminAccess', customer: missing }],
    ['GDAP generic', { intent: 'adminAccess', customer: missing }],
    [
      'accès administrateur délégué pour Wingtip Toys',
      { intent: 'adminAccess', customer: name('Wingtip Toys') },
    ],
    ['Accès admin pour la société Northwind', { intent: 'adminAccess', customer: name('Northwind') }],
    ['demande GDAP pour Wingtip Toys svp', { intent: 'adminAccess', customer: name('Wingtip Toys') }],
    [
      'admin relationships for Wingtip Toys',
      { intent: 'adminRelationships', customer: name('Wingtip Toys') },
    ],
    ['GDAP relationships of fabrikam?', { intent: 'adminRelationships', customer: name('fabrikam') }],
    ['who has admin access to fabrikam', { intent: 'adminRelationships', customer: name('fabrikam') }],
    ["relations d'administration de Wingtip", { intent: 'adminRelationships', customer: name('Wingtip') }],
    // The apostrophe left out, as people type fast.
    [
      'relations d administration de Wingtip Toys',
      { intent: 'adminRelationships', customer: name('Wingtip Toys') },
    ],
    ['show admin relationships', { intent: 'adminRelationships', customer: missing }],
    // Ending access is never read as asking for it.
    [
      'remove admin access for Wingtip',
      { intent: 'adminRelationships', customer: name('Wingtip'), toEnd: true },
    ],
    [
      'end GDAP for Wingtip Toys',
      { intent: 'adminRelationships', customer: name('Wingtip Toys'), toEnd: true },
    ],
    ['revoke gdap', { intent: 'adminRelationships', customer: missing, toEnd: true }],
    [
      'supprimer acces admin pour Wingtip Toys',
      { intent: 'adminRelationships', customer: name('Wingtip Toys'), toEnd: true },
    ],
    [
      'résilier la relation GDAP de Fabrikam',
      { intent: 'adminRelationships', customer: name('Fabrikam'), toEnd: true },
    ],
    ['expiring admin relationships', { intent: 'expiringAdminRelationships' }],
    ['which GDAP relationships expire soon?', { intent: 'expiringAdminRelationships' }],
    ['admin relationships that end soon', { intent: 'expiringAdminRelationships' }],
    ['relations GDAP qui expirent', { intent: 'expiringAdminRelationships' }],
    ['invite Wingtip Toys', { intent: 'inviteCustomer', customer: name('Wingtip Toys') }],
    ['inviter Fabrikam', { intent: 'inviteCustomer', customer: name('Fabrikam') }],
    // Not GDAP.
    ['invite link', { intent: 'inviteLink' }],
    ['how do I invite a customer?', { intent: 'inviteLink' }],
    ['agreements for Access Bank', { intent: 'agreements', customer: name('Access Bank'), scope: 'mca' }],
  ])('%s', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });

  it.each([
    ['admin acess for wingtip', 'admin access for wingtip'],
    ['admin acces for wingtip', 'admin access for wingtip'],
  ])('mends a typo in "%s" with one suggestion', (text, suggestion) => {
    expect(recognize(text)).toEqual({ intent: 'unknown', text, suggestion });
  });
});
