import type { Activity } from 'botbuilder';
import { loadEmulatorData, type EmulatorData } from '../../src/emulator/data';
import { startEmulator } from '../../src/emulator/server';
import { PartnerCenterClient } from '../../src/partnerCenter/client';
import { readSubmit } from '../../src/commands/runCommand';
import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { TOKEN_SECRET } from '../helpers/seeds';

/**
 * Requests as a busy salesperson types them (issue 29, "Reading requests"), as transcripts against the emulator's
 * seed customers: Wingtip Toys, Fabrikam, Inc., Northwind Traders, Tailspin Toys, Woodgrove Bank…
 */
const suite = useSeedEmulator();

const TENANT = {
  wingtip: '14876998-c0dc-46e6-9d0c-65a57a6c32ec',
  fabrikam: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  northwind: '2b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b',
  tailspin: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e',
  woodgrove: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f',
  contosoLtd: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
};

const message = (text: string, locale = 'en-US'): Partial<Activity> => ({ type: 'message', text, locale });
const submit = (value: Record<string, unknown>, locale = 'en-US'): Partial<Activity> => ({
  type: 'message',
  value,
  locale,
});
const bot = () => botOnTestAdapter(suite.client, localSignIn()).adapter;

/** The customer line of the MCA card: which customer was answered for. */
/** The reply is the verdict card of `name`: its title, and its tenant under it. */
function expectVerdictFor(card: string, name: string, tenantId: string): void {
  expect(card).toContain(`"text":${JSON.stringify(name)},"style":"heading"`);
  expect(card).toContain(`Customer Agreement · tenant ${tenantId}`);
}

/** Every Action.Submit of a card, as [title, data]. */
function buttons(reply: Partial<Activity>): Array<[string, Record<string, unknown>]> {
  const found: Array<[string, Record<string, unknown>]> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const element = node as Record<string, unknown>;
      if (element.type === 'Action.Submit')
        found.push([String(element.title), element.data as Record<string, unknown>]);
      Object.values(element).forEach(walk);
    }
  };
  walk(JSON.parse(cardText(reply)));
  return found;
}

/** The data of the card's "Not this one?" button (« Pas celui-ci ? »), or undefined. */
const notThisOneButton = (reply: Partial<Activity>) =>
  buttons(reply).find(([title]) => title === 'Not this one?' || title === 'Pas celui-ci ?')?.[1];

/** The choices of a choice card, by title. */
function choices(reply: Partial<Activity>): string[] {
  const body = (JSON.parse(cardText(reply)) as { body: Array<Record<string, unknown>> }).body;
  const set = body.find((element) => element.type === 'Input.ChoiceSet');
  return ((set?.choices ?? []) as Array<{ title: string }>).map((choice) => choice.title);
}

const agreementsRead = () => suite.emulator.requests.filter((r) => r.path.includes('/agreements'));

describe('one customer whose name starts with what was typed: answered at once, with "Not this one?"', () => {
  it.each<[string, string, string, string]>([
    ['is northwind blocked?', 'en-US', 'Northwind Traders', TENANT.northwind],
    ['can we sell to fabrikam', 'en-US', 'Fabrikam, Inc.', TENANT.fabrikam],
    ['did woodgrove accept?', 'en-US', 'Woodgrove Bank', TENANT.woodgrove],
    ['tailspin?', 'en-US', 'Tailspin Toys', TENANT.tailspin],
    ['northwind mca', 'en-US', 'Northwind Traders', TENANT.northwind],
    ['est-ce que northwind est bloqué ?', 'fr-FR', 'Northwind Traders', TENANT.northwind],
    ['peut-on vendre à fabrikam ?', 'fr-FR', 'Fabrikam, Inc.', TENANT.fabrikam],
  ])('"%s" (%s) answers for %s', async (text, locale, name, tenantId) => {
    await bot()
      .send(message(text, locale))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain(name);
        expect(cardText(reply)).toContain(tenantId);
        expect(notThisOneButton(reply)).toMatchObject({ command: 'agreements', notThisOne: tenantId });
      })
      .startTest();
  });

  it('shows no "Not this one?" when the name typed is the only one that matches exactly', async () => {
    await bot()
      .send(message('is Northwind Traders blocked?'))
      .assertReply((reply) => {
        expectVerdictFor(cardText(reply), 'Northwind Traders', TENANT.northwind);
        expect(notThisOneButton(reply)).toBeUndefined();
      })
      .startTest();
  });

  it('"Not this one?" with no other customer like it says so and gives the box to type another', async () => {
    const adapter = bot();
    let button: Record<string, unknown> | undefined;
    await adapter
      .send(message('is northwind blocked?'))
      .assertReply((reply) => {
        button = notThisOneButton(reply);
      })
      .startTest();
    await adapter
      .send(submit(button!))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('No other customer matches “northwind”');
        expect(card).toContain('Input.Text');
        expect(card).not.toContain(TENANT.northwind);
      })
      // Teams sends the box's text with the card's button data.
      .send(submit({ command: 'agreements', scope: 'mca', customer: 'Wingtip Toys' }))
      .assertReply((reply) => expectVerdictFor(cardText(reply), 'Wingtip Toys', TENANT.wingtip))
      .startTest();
  });

  it('« Pas celui-ci ? » en français', async () => {
    const adapter = bot();
    let button: Record<string, unknown> | undefined;
    await adapter
      .send(message('fabrikam bloqué ?', 'fr-FR'))
      .assertReply((reply) => {
        button = notThisOneButton(reply);
        expect(buttons(reply).map(([title]) => title)).toContain('Pas celui-ci ?');
      })
      .startTest();
    await adapter
      .send(submit(button!, 'fr-FR'))
      .assertReply((reply) =>
        expect(cardText(reply)).toContain('Aucun autre client ne correspond à « fabrikam »'),
      )
      .startTest();
  });

  it("a domain that only starts like one still asks first: a custom domain can be another company's", async () => {
    await bot()
      .send(message('is wingtiptoys.com blocked?'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Is this the customer you mean by “wingtiptoys.com”?');
        expect(notThisOneButton(reply)).toBeUndefined();
      })
      .startTest();
    expect(agreementsRead()).toHaveLength(0);
  });

  it('several customers that start the same still ask first', async () => {
    await bot()
      .send(message('is contoso blocked?'))
      .assertReply((reply) => expect(choices(reply)).toHaveLength(3))
      .startTest();
    expect(agreementsRead()).toHaveLength(0);
  });

  it('reads a forged "Not this one?" as an ordinary check', () => {
    expect(readSubmit({ command: 'agreements', customer: 'northwind', notThisOne: 'northwind' })).toEqual({
      intent: 'agreements',
      customer: { kind: 'name', name: 'northwind' },
      scope: 'mca',
    });
    expect(
      readSubmit({ command: 'agreements', customer: 'northwind', notThisOne: { id: 1 } }),
    ).not.toHaveProperty('notThisOne');
  });

  describe("a name that is exactly one customer's and the start of others'", () => {
    const ADATUM = '00000000-0000-4000-8000-00000000a001';
    const ADATUM_EUROPE = '00000000-0000-4000-8000-00000000a002';
    const data: EmulatorData = {
      ...loadEmulatorData(),
      customers: [
        { id: ADATUM, companyName: 'Adatum', domain: 'adatum.onmicrosoft.com', agreements: [] },
        {
          id: ADATUM_EUROPE,
          companyName: 'Adatum Europe',
          domain: 'adatumeu.onmicrosoft.com',
          agreements: [],
        },
      ],
    };

    it('answers for the exact one, and "Not this one?" offers the others only', async () => {
      const adatum = await startEmulator({ data, tokenSecret: TOKEN_SECRET });
      try {
        const client = new PartnerCenterClient({ baseUrl: adatum.url, applicationName: 'test' });
        const { adapter } = botOnTestAdapter(client, localSignIn());
        let button: Record<string, unknown> | undefined;
        await adapter
          .send(message('is adatum blocked?'))
          .assertReply((reply) => {
            expectVerdictFor(cardText(reply), 'Adatum', ADATUM);
            button = notThisOneButton(reply);
            expect(button).toEqual({
              command: 'agreements',
              customer: 'adatum',
              scope: 'mca',
              notThisOne: ADATUM,
            });
          })
          .startTest();
        await adapter
          .send(submit(button!))
          .assertReply((reply) => {
            expect(choices(reply)).toEqual(['Adatum Europe · adatumeu.onmicrosoft.com']);
            expect(cardText(reply)).toContain('Is this the customer you mean by “adatum”?');
          })
          .send(submit({ command: 'agreements', scope: 'mca', customer: ADATUM_EUROPE }))
          .assertReply((reply) => expectVerdictFor(cardText(reply), 'Adatum Europe', ADATUM_EUROPE))
          .startTest();
      } finally {
        await adatum.close();
      }
    });
  });
});

describe('requests that were misread', () => {
  it.each<[string, string, string, string]>([
    ['wingtip MCA expired?', 'Wingtip Toys', TENANT.wingtip, 'Re-acceptance needed'],
    ['can we renew the Fabrikam subscription?', 'Fabrikam, Inc.', TENANT.fabrikam, 'Not accepted'],
    ['who is the contact at Northwind for the MCA', 'Northwind Traders', TENANT.northwind, 'Andrew Fuller'],
    ['le MCA de wingtip a expiré ?', 'Wingtip Toys', TENANT.wingtip, 'Re-acceptance needed'],
    [
      'customer Tailspin Toys wants to add 50 seats, are we ok?',
      'Tailspin Toys',
      TENANT.tailspin,
      'Can transact: accepted by the customer directly through Microsoft',
    ],
    ['can we add 20 seats for Tailspin Toys?', 'Tailspin Toys', TENANT.tailspin, 'Can transact'],
    [
      "le client Tailspin Toys veut ajouter 50 licences, c'est bon ?",
      'Tailspin Toys',
      TENANT.tailspin,
      'Can transact',
    ],
    ['Wingtip Toys MCA expired?', 'Wingtip Toys', TENANT.wingtip, 'Re-acceptance needed'],
    ['is the Wingtip Toys MCA still valid?', 'Wingtip Toys', TENANT.wingtip, 'Re-acceptance needed'],
    ['can we renew the Fabrikam, Inc. subscription?', 'Fabrikam, Inc.', TENANT.fabrikam, 'Not accepted'],
    [
      'who is the contact at Northwind Traders for the MCA',
      'Northwind Traders',
      TENANT.northwind,
      'Andrew Fuller',
    ],
    ['qui est le contact chez Northwind Traders ?', 'Northwind Traders', TENANT.northwind, 'Andrew Fuller'],
  ])('"%s" checks %s', async (text, name, tenantId, shown) => {
    await bot()
      .send(message(text))
      .assertReply((reply) => {
        const card = cardText(reply);
        expectVerdictFor(card, name, tenantId);
        expect(card).toContain(shown);
        expect(card).not.toContain('invType=ResellerRelationship');
      })
      .startTest();
  });
});

describe('a name with a typo: the close names are offered', () => {
  it.each<[string, string, string, string[]]>([
    ['tailspn toys mca', 'en-US', 'No customer matches “tailspn toys”. Did you mean:', ['Tailspin Toys']],
    [
      'can we sell to northwnd?',
      'en-US',
      'No customer matches “northwnd”. Did you mean:',
      ['Northwind Traders'],
    ],
    ['is fabrikm blocked?', 'en-US', 'No customer matches “fabrikm”. Did you mean:', ['Fabrikam, Inc.']],
    ['wingtip tyos', 'en-US', 'No customer matches “wingtip tyos”. Did you mean:', ['Wingtip Toys']],
    [
      'contso mca',
      'en-US',
      'No customer matches “contso”. Did you mean:',
      ['Contoso Ltd', 'Contoso Pharmaceuticals', 'Contoso Electronics'],
    ],
    [
      'est-ce que tailspn toys a signé ?',
      'fr-FR',
      'Aucun client ne correspond à « tailspn toys ». Vouliez-vous dire :',
      ['Tailspin Toys'],
    ],
  ])('"%s" (%s)', async (text, locale, title, offered) => {
    await bot()
      .send(message(text, locale))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain(title);
        expect(choices(reply).map((choice) => choice.split(' · ')[0])).toEqual(offered);
      })
      .startTest();
    expect(agreementsRead()).toHaveLength(0);
  });

  it('and the name chosen is checked', async () => {
    await bot()
      .send(message('tailspn toys mca'))
      .assertReply((reply) => expect(choices(reply)).toHaveLength(1))
      .send(submit({ command: 'agreements', scope: 'mca', customer: TENANT.tailspin }))
      .assertReply((reply) => expectVerdictFor(cardText(reply), 'Tailspin Toys', TENANT.tailspin))
      .startTest();
  });

  it.each(['Nobody Corporation', 'tailwind traders', 'xyz'])(
    'offers no name too far from "%s"',
    async (name) => {
      await bot()
        .send(message(`agreements for ${name}`))
        .assertReply((reply) => {
          expect(cardText(reply)).toContain(`No customer matches “${name}”`);
          expect(cardText(reply)).not.toContain('Did you mean');
          expect(choices(reply)).toEqual([]);
        })
        .startTest();
    },
  );
});

describe('several customers named at once', () => {
  it('checks each of a few, one card each, in the order named', async () => {
    const adapter = bot();
    await adapter
      .send(message('Wingtip Toys, Northwind Traders and Fabrikam – which ones are blocked?'))
      .assertReply((reply) => {
        expectVerdictFor(cardText(reply), 'Wingtip Toys', TENANT.wingtip);
        expect(cardText(reply)).toContain('Re-acceptance needed');
      })
      .assertReply((reply) => {
        expectVerdictFor(cardText(reply), 'Northwind Traders', TENANT.northwind);
        expect(cardText(reply)).toContain('Re-acceptance needed');
      })
      .assertReply((reply) => {
        // "Fabrikam" only starts "Fabrikam, Inc.": its card can be turned down like any other.
        expectVerdictFor(cardText(reply), 'Fabrikam, Inc.', TENANT.fabrikam);
        expect(cardText(reply)).toContain('Not accepted');
        expect(notThisOneButton(reply)).toMatchObject({ notThisOne: TENANT.fabrikam });
      })
      .startTest();
    expect(adapter.activeQueue).toHaveLength(0);
  });

  it('in French too, and a name matching several gets its choice among the answers', async () => {
    await bot()
      .send(message('tailspin, contoso et woodgrove – lesquels sont bloqués ?', 'fr-FR'))
      .assertReply((reply) => expect(cardText(reply)).toContain(`locataire ${TENANT.tailspin}`))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Plusieurs clients correspondent à « contoso »');
        expect(choices(reply)).toHaveLength(3);
      })
      .assertReply((reply) => expect(cardText(reply)).toContain(`locataire ${TENANT.woodgrove}`))
      .startTest();
  });

  it('gives a customer that fails its own error card and "Try again", and the others their answer', async () => {
    suite.emulator.addFault({ operation: 'agreements', customerId: TENANT.northwind, status: 503 });
    const adapter = bot();
    await adapter
      .send(message('wingtip toys, northwind traders: blocked?'))
      .assertReply((reply) => expectVerdictFor(cardText(reply), 'Wingtip Toys', TENANT.wingtip))
      .assertReply((reply) => {
        expect(buttons(reply)).toContainEqual([
          'Try again',
          { command: 'agreements', customer: 'northwind traders', scope: 'mca' },
        ]);
      })
      .startTest();
  });

  it('offers the MCA report for more than a few, and checks none of them', async () => {
    await bot()
      .send(message('check wingtip, northwind, fabrikam, tailspin and woodgrove'))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('That is 5 customers');
        expect(card).toContain('I check up to 3 customers named in one message.');
        expect(buttons(reply)).toEqual([['Run the MCA report', { command: 'mcaReport' }]]);
      })
      .startTest();
    expect(suite.emulator.requests).toHaveLength(0);
  });
});

describe('thanks', () => {
  it.each<[string, string, string]>([
    ['thx!', 'en-US', 'You’re welcome!'],
    ['ok thanks', 'en-US', 'You’re welcome!'],
    ['👍', 'en-US', 'You’re welcome!'],
    ['merci !', 'fr-FR', 'Avec plaisir !'],
    ['parfait merci', 'fr-FR', 'Avec plaisir !'],
  ])('"%s" (%s) is answered in kind, and nothing is asked of Partner Center', async (text, locale, title) => {
    await bot()
      .send(message(text, locale))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain(title);
        expect(card).not.toContain('did not understand');
        expect(card).not.toContain('pas compris');
      })
      .startTest();
    expect(suite.emulator.requests).toHaveLength(0);
  });

  it('answers a question that comes with the thanks', async () => {
    await bot()
      .send(message('thanks, and Tailspin Toys?'))
      .assertReply((reply) => expectVerdictFor(cardText(reply), 'Tailspin Toys', TENANT.tailspin))
      .startTest();
  });
});

describe('a greeting', () => {
  it.each<[string, string, string]>([
    ['hi', 'en-US', 'Run the MCA report'],
    ['hello there', 'en-US', 'Run the MCA report'],
    ['bonjour', 'fr-FR', 'Lancer le rapport MCA'],
  ])(
    '"%s" (%s) gets the short welcome card, not the whole list of commands',
    async (text, locale, button) => {
      await bot()
        .send(message(text, locale))
        .assertReply((reply) => {
          const card = cardText(reply);
          expect(card).toContain(button);
          expect(card).not.toContain('What I can do');
          expect(card).not.toContain('Ce que je sais faire');
        })
        .startTest();
      expect(suite.emulator.requests).toHaveLength(0);
    },
  );

  it('"is fabrikam ok?" checks Fabrikam, Inc.', async () => {
    await bot()
      .send(message('is fabrikam ok?'))
      .assertReply((reply) => expectVerdictFor(cardText(reply), 'Fabrikam, Inc.', TENANT.fabrikam))
      .startTest();
  });
});

describe('two names joined by "and", with no word that says several', () => {
  it('checks each of them when no customer has the whole name', async () => {
    await bot()
      .send(message('can we sell to northwind and contoso ltd?'))
      .assertReply((reply) => expectVerdictFor(cardText(reply), 'Northwind Traders', TENANT.northwind))
      .assertReply((reply) => expectVerdictFor(cardText(reply), 'Contoso Ltd', TENANT.contosoLtd))
      .startTest();
  });

  it('answers for the one customer whose name it is ("Marks and Spencer")', async () => {
    const MARKS = '00000000-0000-4000-8000-00000000b001';
    const emulator = await startEmulator({
      data: {
        ...loadEmulatorData(),
        customers: [
          { id: MARKS, companyName: 'Marks and Spencer', domain: 'marks.onmicrosoft.com', agreements: [] },
        ],
      },
      tokenSecret: TOKEN_SECRET,
    });
    try {
      const client = new PartnerCenterClient({ baseUrl: emulator.url, applicationName: 'test' });
      const { adapter } = botOnTestAdapter(client, localSignIn());
      await adapter
        .send(message('can we sell to marks and spencer?'))
        .assertReply((reply) => expectVerdictFor(cardText(reply), 'Marks and Spencer', MARKS))
        .startTest();
    } finally {
      await emulator.close();
    }
  });
});
