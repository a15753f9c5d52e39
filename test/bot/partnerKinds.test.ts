import type { Activity } from 'botbuilder';
import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator, type EmulatorSuite } from '../helpers/emulatorSuite';

// The emulator's data (defaultData.json): the partner, its providers and its resellers.
const PARTNER_TENANT = '5c7e3b0a-9f4d-4b8e-a1c2-3d4e5f60718a';
const CONTOSO_DISTRIBUTION = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const NORTHWIND_DISTRIBUTION = 'd2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f60';
const ADATUM = 'a5b6c7d8-e9fa-40b1-82c3-4e5f60718293';
const CONTOSO_CLOUD = 'f4a5b6c7-d8e9-4fa0-b1c2-3d4e5f607182';

const RELATIONSHIPS = [
  '/v1/relationships?relationship_type=IsIndirectResellerOf',
  '/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf',
];

function message(text: string, locale = 'en-US'): Partial<Activity> {
  return { type: 'message', text, locale };
}
function submit(value: Record<string, unknown>, locale = 'en-US'): Partial<Activity> {
  return { type: 'message', value, locale };
}

interface Card {
  body: Array<{ text?: string }>;
  actions?: Array<{ type: string; title: string; data?: Record<string, unknown>; url?: string }>;
}
const cardOf = (reply: Partial<Activity>) => JSON.parse(cardText(reply)) as Card;
const buttons = (reply: Partial<Activity>) =>
  (cardOf(reply).actions ?? []).filter((a) => a.type === 'Action.Submit').map((a) => [a.title, a.data]);
const linkOf = (reply: Partial<Activity>) => new URL(cardOf(reply).actions?.[0]?.url ?? 'about:blank');
const paths = (suite: EmulatorSuite) => suite.emulator.requests.map((r) => r.path);
const sorted = (list: string[]) => [...list].sort();

describe('a direct-bill partner', () => {
  const suite = useSeedEmulator({ partnerKind: 'direct' });

  it("gets today's link, with no provider on the card; known, it costs no call", async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        expect(linkOf(reply).searchParams.get('invType')).toBe('ResellerRelationship');
        expect(cardText(reply)).not.toMatch(/indirect provider|Change/);
      })
      .startTest();
    expect(sorted(paths(suite))).toEqual(sorted([...RELATIONSHIPS, '/v1/customers/relationshiprequests']));
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => expect(cardText(reply)).toContain('invType=ResellerRelationship'))
      .startTest();
    expect(paths(suite)).toHaveLength(3);
  });

  it("is told it has no resellers when it asks for a reseller's link", async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('invite link for reseller Contoso'))
      .assertReply((reply) => expect(cardText(reply)).toContain('You have no indirect resellers'))
      .startTest();
    expect(paths(suite).some((p) => p.startsWith('/v1/customers/relationshiprequests'))).toBe(false);
  });

  it('still gets its link when Partner Center refuses the relationships call', async () => {
    suite.emulator.addFault({ operation: 'relationships', status: 403, description: 'Access denied.' });
    // A client of its own: the suite's has this user's relationships cached from the tests before.
    const { adapter } = botOnTestAdapter(suite.clientWith({}), localSignIn());
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => expect(linkOf(reply).searchParams.get('invType')).toBe('ResellerRelationship'))
      .startTest();
    expect(paths(suite).filter((p) => p.startsWith('/v1/relationships'))).toHaveLength(2);
  });

  it('gets its own link from an old provider button while its relationships cannot be read', async () => {
    suite.emulator.addFault({ operation: 'relationships', status: 403 });
    const { adapter } = botOnTestAdapter(suite.clientWith({}), localSignIn());
    await adapter
      .send(submit({ command: 'inviteLink', provider: CONTOSO_DISTRIBUTION }))
      .assertReply((reply) => expect(linkOf(reply).searchParams.get('invType')).toBe('ResellerRelationship'))
      .startTest();
    expect(paths(suite).some((p) => p.includes(CONTOSO_DISTRIBUTION))).toBe(false);
  });

  it.each([
    ['busy (429)', { status: 429, retryAfter: '30' }, 'Partner Center is busy'],
    ['failing (503)', { status: 503 }, 'Partner Center is having trouble'],
    ['unreadable', { malformed: true }, 'Partner Center sent a response we could not read'],
  ])('answers with the error card when the relationships call is %s', async (_, fault, title) => {
    suite.emulator.addFault({ operation: 'relationships', ...fault });
    const client = suite.clientWith({ maxAttempts: 1 });
    const { adapter } = botOnTestAdapter(client, localSignIn());
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain(title);
        expect(buttons(reply)).toContainEqual(['Try again', { command: 'inviteLink' }]);
      })
      .startTest();
    expect(paths(suite).some((p) => p.startsWith('/v1/customers/relationshiprequests'))).toBe(false);
  });
});

describe('an indirect reseller with one provider', () => {
  const suite = useSeedEmulator({ partnerKind: 'indirectReseller' });

  it('gets the link through its provider, named on the card; known, it costs no call', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        const link = linkOf(reply);
        expect(link.searchParams.get('invType')).toBe('IndirectResellerRelationship');
        expect(link.searchParams.get('partnerId')).toBe(CONTOSO_DISTRIBUTION);
        expect(link.searchParams.get('indirectCSPId')).toBe(PARTNER_TENANT);
        expect(cardText(reply)).toContain(
          'Through your indirect provider Contoso Distribution (MPN ID 5101234)',
        );
        // One provider: nothing to change.
        expect(buttons(reply)).toEqual([]);
      })
      .startTest();
    const asked = paths(suite).length;
    expect(paths(suite)).toContain(
      `/v1/customers/relationshiprequests?indirectCloudSolutionProviderId=${CONTOSO_DISTRIBUTION}`,
    );
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => expect(cardText(reply)).toContain('IndirectResellerRelationship'))
      .startTest();
    expect(paths(suite)).toHaveLength(asked);
  });

  it('answers in French', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('lien d’invitation', 'fr-FR'))
      .assertReply((reply) =>
        expect(cardText(reply)).toContain(
          'Par votre fournisseur indirect Contoso Distribution (ID MPN 5101234)',
        ),
      )
      .startTest();
  });

  it('says what happened when Partner Center refuses it both its providers and the plain link', async () => {
    suite.emulator.addFault({ operation: 'relationships', status: 403, description: 'Access denied.' });
    const { adapter } = botOnTestAdapter(suite.clientWith({}), localSignIn());
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('Partner Center gives this link only through your indirect provider');
        expect(card).toContain('did not let me read your providers');
        expect(card).not.toContain('admin.microsoft.com');
      })
      .startTest();
    expect(paths(suite)).toContain('/v1/customers/relationshiprequests');
  });

  it.each([
    [
      'en-US',
      'agreements for Wingtip Toys',
      'Unknown: not everything could be checked',
      'held by your indirect provider Contoso Distribution (MPN ID 5101234)',
    ],
    [
      'fr-FR',
      'contrats de Wingtip Toys',
      'Inconnu\u00a0: certaines vérifications n’ont pas abouti',
      'détenue par votre fournisseur indirect Contoso Distribution (ID MPN 5101234)',
    ],
  ])(
    'checks the MCA (%s): unknown, held by its provider, never green',
    async (locale, text, verdict, heldBy) => {
      const { adapter } = botOnTestAdapter(suite.client, localSignIn());
      await adapter
        .send(message(text, locale))
        .assertReply((reply) => {
          const card = cardText(reply);
          expect(card).toContain(verdict);
          expect(card).toContain(heldBy);
          expect(card).not.toMatch(/Can transact|Peut commander/);
          // What could not be read, and why.
          expect(card).toMatch(/indirect providers only|fournisseurs indirects/);
        })
        .startTest();
    },
  );
});

describe('an indirect reseller with two providers', () => {
  const suite = useSeedEmulator({ partnerKind: 'indirectResellerTwoProviders' });

  it('picks a provider on a choice card (none preselected), then gets the link through it, and can change', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Through which indirect provider?');
        // The MPN ID on the card's lines, the name alone on the buttons: a phone cuts long button titles.
        expect(cardText(reply)).toContain('• Contoso Distribution · MPN ID 5101234');
        expect(cardText(reply)).toContain('• Northwind Cloud Distribution · MPN ID 5205678');
        expect(buttons(reply)).toEqual([
          ['Contoso Distribution', { command: 'inviteLink', provider: CONTOSO_DISTRIBUTION }],
          ['Northwind Cloud Distribution', { command: 'inviteLink', provider: NORTHWIND_DISTRIBUTION }],
          ['Cancel', { command: 'cancel' }],
        ]);
      })
      .startTest();
    // Asking costs no link call: only the relationships.
    expect(sorted(paths(suite))).toEqual(sorted(RELATIONSHIPS));
    await adapter
      .send(submit({ command: 'inviteLink', provider: NORTHWIND_DISTRIBUTION }))
      .assertReply((reply) => {
        expect(linkOf(reply).searchParams.get('partnerId')).toBe(NORTHWIND_DISTRIBUTION);
        expect(cardText(reply)).toContain('Through your indirect provider Northwind Cloud Distribution');
        expect(buttons(reply)).toEqual([['Change', { command: 'inviteLink', relationship: 'choose' }]]);
      })
      .send(submit({ command: 'inviteLink', relationship: 'choose' }))
      .assertReply((reply) => expect(cardText(reply)).toContain('Through which indirect provider?'))
      .startTest();
    // The relationships were read once: the choice and the link reuse them.
    expect(paths(suite).filter((p) => p.startsWith('/v1/relationships'))).toHaveLength(2);
  });

  it('asks again when a button names a provider it no longer has', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(submit({ command: 'inviteLink', provider: ADATUM }))
      .assertReply((reply) => expect(cardText(reply)).toContain('Through which indirect provider?'))
      .startTest();
    expect(paths(suite).some((p) => p.includes(ADATUM))).toBe(false);
  });
});

describe('an indirect provider', () => {
  const suite = useSeedEmulator({ partnerKind: 'indirectProvider' });

  it("gets its own link, and the card says how to get a reseller's", async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        expect(linkOf(reply).searchParams.get('invType')).toBe('ResellerRelationship');
        expect(cardText(reply)).toContain(
          'As an indirect provider, you can also get a link on behalf of one',
        );
      })
      .startTest();
  });

  it('gets the link on behalf of the one reseller a name matches, in English and French', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('invite link for reseller adatum'))
      .assertReply((reply) => {
        expect(linkOf(reply).searchParams.get('indirectCSPId')).toBe(ADATUM);
        expect(linkOf(reply).searchParams.get('msppId')).toBe('6303344');
        expect(cardText(reply)).toContain(
          'On behalf of your indirect reseller Adatum IT Solutions (MPN ID 6303344)',
        );
      })
      .send(message("lien d'invitation pour le revendeur Managed Services", 'fr-FR'))
      .assertReply((reply) =>
        // "contains" when nothing starts so: Tailspin Managed Services.
        expect(cardText(reply)).toContain(
          'Pour le compte de votre revendeur indirect Tailspin Managed Services',
        ),
      )
      .startTest();
    expect(paths(suite)).toContain(`/v1/customers/relationshiprequests?indirectResellerId=${ADATUM}`);
  });

  it('offers a choice when several resellers match, then the link for the one picked', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('invite link for reseller CONTOSO'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Which reseller named “CONTOSO”?');
        expect(cardText(reply)).toContain('• Contoso IT Services · MPN ID 6301122');
        expect(buttons(reply).map(([title]) => title)).toEqual([
          'Contoso IT Services',
          'Contoso Cloud Partners',
          'Cancel',
        ]);
      })
      .send(submit({ command: 'inviteLink', reseller: CONTOSO_CLOUD }))
      .assertReply((reply) => expect(linkOf(reply).searchParams.get('indirectCSPId')).toBe(CONTOSO_CLOUD))
      .startTest();
  });

  it('says when no reseller matches, listing some', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('invite link for reseller Fabrikam'))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('No indirect reseller matches “Fabrikam”');
        expect(card).toContain('Contoso IT Services, Contoso Cloud Partners, Adatum IT Solutions');
      })
      .startTest();
    expect(paths(suite).some((p) => p.startsWith('/v1/customers/relationshiprequests'))).toBe(false);
  });
});

describe('a dual-role partner', () => {
  const suite = useSeedEmulator({ partnerKind: 'dualRole' });

  it('is asked which relationship, and gets the one it picks, saying so to Partner Center', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('invite link'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Which relationship?');
        expect(buttons(reply)).toEqual([
          ['Direct (billed by Microsoft)', { command: 'inviteLink', relationship: 'direct' }],
          ['Contoso Distribution', { command: 'inviteLink', provider: CONTOSO_DISTRIBUTION }],
          ['Cancel', { command: 'cancel' }],
        ]);
      })
      .send(submit({ command: 'inviteLink', relationship: 'direct' }))
      .assertReply((reply) => {
        expect(linkOf(reply).searchParams.get('invType')).toBe('ResellerRelationship');
        expect(cardText(reply)).toContain('Your direct relationship');
      })
      .send(submit({ command: 'inviteLink', provider: CONTOSO_DISTRIBUTION }))
      .assertReply((reply) => expect(linkOf(reply).searchParams.get('partnerId')).toBe(CONTOSO_DISTRIBUTION))
      .startTest();
    expect(paths(suite)).toEqual(
      expect.arrayContaining([
        '/v1/customers/relationshiprequests?dualRoleIndirectRelationship=false',
        `/v1/customers/relationshiprequests?indirectCloudSolutionProviderId=${CONTOSO_DISTRIBUTION}&dualRoleIndirectRelationship=true`,
      ]),
    );
  });
});
