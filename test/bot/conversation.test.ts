import type { Activity } from 'botbuilder';
import { loadEmulatorData, type EmulatorData } from '../../src/emulator/data';
import { startEmulator } from '../../src/emulator/server';
import { TYPING } from '../../src/bot/mainDialog';
import type { PartnerCenterPort } from '../../src/commands/context';
import { PartnerCenterClient } from '../../src/partnerCenter/client';
import {
  BOT,
  botOnTestAdapter,
  cardText,
  CHANNEL,
  GROUP_CHAT,
  localSignIn,
  PERSONAL,
  USER,
} from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { INVITE_URL, partnerCenterAnswering } from '../helpers/replies';
import { BOTH_TYPES_TENANT, SEED_TENANT, TOKEN_SECRET } from '../helpers/seeds';

const suite = useSeedEmulator();
const CONTOSO = {
  ltd: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
  pharma: '4f5a6b7c-8d9e-4fa0-b1c2-d3e4f5a6b7c8',
  electronics: '5a6b7c8d-9eaf-4b01-c2d3-e4f5a6b7c8d9',
};

function message(text: string, extra: Partial<Activity> = {}): Partial<Activity> {
  return { type: 'message', text, locale: 'en-US', ...extra };
}

function submit(value: Record<string, unknown>, extra: Partial<Activity> = {}): Partial<Activity> {
  return { type: 'message', value, locale: 'en-US', ...extra };
}

const card = (reply: Partial<Activity>) => JSON.parse(cardText(reply)) as Record<string, unknown>;

/** The text of a card's TextBlocks as the user reads them: Markdown escapes removed. */
function textsOf(reply: Partial<Activity>): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const element = node as Record<string, unknown>;
      if (element.type === 'TextBlock') found.push(String(element.text).replace(/\\(.)/g, '$1'));
      Object.values(element).forEach(walk);
    }
  };
  walk(card(reply));
  return found;
}

/** The verdict card's company (its title) and the tenant line under it. */
function whoOf(reply: Partial<Activity>): string {
  const [title, subtitle] = textsOf(reply);
  return `${title} / ${subtitle}`;
}

/** Every Action.Submit's data in a card. */
function buttons(node: unknown, found: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (Array.isArray(node)) node.forEach((child) => buttons(child, found));
  else if (typeof node === 'object' && node !== null) {
    const element = node as Record<string, unknown>;
    if (element.type === 'Action.Submit') found.push([String(element.title), element.data]);
    Object.values(element).forEach((child) => buttons(child, found));
  }
  return found;
}

const bot = (options: Parameters<typeof botOnTestAdapter>[2] = {}) =>
  botOnTestAdapter(suite.client, localSignIn(), options).adapter;

describe('"Which customer?"', () => {
  it('asks when no customer was named, then answers for the one typed', async () => {
    await bot()
      .send(message('agreements'))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Which customer?');
        expect(text).toContain("Tell me the customer's tenant id, domain or company name.");
        expect(text).toContain('Say “cancel” to stop.');
      })
      .send(message('Wingtip Toys'))
      .assertReply((reply) =>
        expect(cardText(reply)).toContain(
          'Re-acceptance needed: accepted an earlier version on August 27, 2019 (Tania Carr)',
        ),
      )
      .startTest();
  });

  it("takes the answer from the question card's box too", async () => {
    await bot()
      .send(message('contrats', { locale: 'fr-FR' }))
      .assertReply((reply) => expect(cardText(reply)).toContain('Quel client\u00a0?'))
      .send(
        submit(
          { command: 'agreements', scope: 'mca', customer: 'wingtiptoys.onmicrosoft.com' },
          { locale: 'fr-FR' },
        ),
      )
      .assertReply((reply) =>
        expect(cardText(reply)).toContain(
          'Nouvelle acceptation nécessaire\u00a0: une version antérieure a été acceptée le 27 août 2019 (Tania Carr)',
        ),
      )
      .startTest();
  });

  it('stops on "cancel" and calls nothing', async () => {
    await bot()
      .send(message('mca'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .send(message('annuler'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Cancelled'))
      .startTest();
    expect(suite.emulator.requests).toHaveLength(0);
  });

  it('asks again, saying what was wrong, when the answer is a malformed tenant id', async () => {
    await bot()
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .send(message('14876998-c0dc-46e6-9d0c'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('That is not a tenant id');
        expect(cardText(reply)).toContain('Say “cancel” to stop.');
      })
      .send(message(SEED_TENANT))
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .startTest();
  });

  it('handles another request given instead of an answer', async () => {
    await bot()
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .send(message('invite link'))
      .assertReply((reply) => expect(cardText(reply)).toContain('invType=ResellerRelationship'))
      .startTest();
  });

  it("keeps each user's question their own in a group chat", async () => {
    const OTHER = { id: '29:omar', name: 'Omar Bennani' };
    await bot({ conversation: GROUP_CHAT })
      .send(message('agreements'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      // Words that would be searched as a company name, were they taken as the answer.
      .send(message('the printer is broken', { from: OTHER }))
      .assertReply((reply) =>
        expect(cardText(reply)).toContain('I did not understand “the printer is broken”'),
      )
      .send(message('Wingtip Toys'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .startTest();
  });
});

describe('customers by name or domain', () => {
  it('answers at once for the one customer a name matches', async () => {
    await bot()
      .send(message('has Wingtip Toys accepted the MCA?'))
      .assertReply((reply) =>
        expect(whoOf(reply)).toBe(`Wingtip Toys / Microsoft Customer Agreement · tenant ${SEED_TENANT}`),
      )
      .startTest();
    const filter = new URL(`http://x${suite.emulator.requests[0]?.path}`).searchParams.get('filter');
    expect(JSON.parse(filter ?? '')).toEqual({
      Field: 'CompanyName',
      Value: 'Wingtip Toys',
      Operator: 'starts_with',
    });
  });

  it('offers a choice when several customers match, and the choice answers', async () => {
    const adapter = bot();
    await adapter
      .send(message('agreements for contoso'))
      .assertReply((reply) => {
        const choiceCard = card(reply);
        const set = (choiceCard.body as Array<Record<string, unknown>>).find(
          (b) => b.type === 'Input.ChoiceSet',
        );
        expect(choiceCard.body).toContainEqual(
          expect.objectContaining({ text: 'Several customers match “contoso”' }),
        );
        expect((set?.choices as Array<{ value: string; title: string }>).map((c) => c.title)).toEqual([
          'Contoso Ltd · contoso.onmicrosoft.com',
          'Contoso Pharmaceuticals · contosopharma.onmicrosoft.com',
          'Contoso Electronics · contosoelectronics.onmicrosoft.com',
        ]);
        expect(buttons(choiceCard)).toEqual([
          ['Check agreements', { command: 'agreements', scope: 'mca' }],
          ['Cancel', { command: 'cancel' }],
        ]);
      })
      .startTest();
    // Teams sends the button's data with the chosen input merged in.
    await adapter
      .send(submit({ command: 'agreements', scope: 'mca', customer: CONTOSO.pharma }))
      .assertReply((reply) => {
        expect(whoOf(reply)).toBe(
          `Contoso Pharmaceuticals / Microsoft Customer Agreement · tenant ${CONTOSO.pharma}`,
        );
        expect(cardText(reply)).toContain(
          'Not accepted: no Microsoft Customer Agreement acceptance on record',
        );
      })
      .startTest();
  });

  it("takes the choice card's Cancel as a cancel: nothing is asked of Partner Center", async () => {
    await bot()
      .send(message('agreements for contoso'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Several customers match “contoso”'))
      .send(submit({ command: 'cancel' }))
      .assertReply((reply) => expect(cardText(reply)).toContain('Nothing more will be checked.'))
      .send(message('cancel'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Cancelled'))
      .startTest();
  });

  it('picks the exact domain among several that start the same', async () => {
    await bot()
      .send(message('mca for contoso.onmicrosoft.com'))
      .assertReply((reply) =>
        expect(whoOf(reply)).toBe(`Contoso Ltd / Microsoft Customer Agreement · tenant ${CONTOSO.ltd}`),
      )
      .startTest();
  });

  it('tries the first label of a custom domain, which Partner Center does not index, and asks before answering', async () => {
    await bot()
      .send(message('agreements for wingtiptoys.com'))
      .assertReply((reply) => {
        const choiceCard = card(reply);
        expect(choiceCard.body).toContainEqual(
          expect.objectContaining({ text: 'Is this the customer you mean by “wingtiptoys.com”?' }),
        );
        expect(cardText(reply)).toContain('Wingtip Toys · wingtiptoys.onmicrosoft.com');
        expect(cardText(reply)).toContain('not by a custom domain such as “wingtiptoys.com”');
      })
      .startTest();
    const values = suite.emulator.requests
      .filter((r) => r.path.startsWith('/v1/customers?'))
      .map((r) => JSON.parse(new URL(`http://x${r.path}`).searchParams.get('filter') ?? '{}').Value);
    expect(values).toEqual(['wingtiptoys.com', 'wingtiptoys']);
    // Nothing about the customer was read before the user chose it.
    expect(suite.emulator.requests.filter((r) => r.path.includes('/agreements'))).toHaveLength(0);
  });

  it('never answers "agreements for contoso.com" by itself: every Contoso is offered, none preselected', async () => {
    await bot()
      .send(message('agreements for contoso.com'))
      .assertReply((reply) => {
        const choiceCard = card(reply);
        const set = (choiceCard.body as Array<Record<string, unknown>>).find(
          (b) => b.type === 'Input.ChoiceSet',
        );
        expect((set?.choices as Array<{ title: string }>).map((c) => c.title)).toEqual([
          'Contoso Ltd · contoso.onmicrosoft.com',
          'Contoso Pharmaceuticals · contosopharma.onmicrosoft.com',
          'Contoso Electronics · contosoelectronics.onmicrosoft.com',
        ]);
        expect(set).not.toHaveProperty('value');
        expect(cardText(reply)).toContain('Partner Center knows customers by their onmicrosoft.com domain');
      })
      .startTest();
    expect(suite.emulator.requests.filter((r) => r.path.includes('/agreements'))).toHaveLength(0);
  });

  it('answers at once for a single customer whose name only starts like the one typed, with "Not this one?"', async () => {
    await bot()
      .send(message('agreements for Wingtip'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain(`Customer Agreement · tenant ${SEED_TENANT}`);
        expect(buttons(card(reply))).toContainEqual([
          'Not this one?',
          { command: 'agreements', customer: 'Wingtip', scope: 'mca', notThisOne: SEED_TENANT },
        ]);
      })
      .startTest();
  });

  it('asks before giving admin access to a customer whose name only starts like the one typed', async () => {
    await bot()
      .send(message('admin access for Wingtip'))
      .assertReply((reply) =>
        expect(card(reply).body).toContainEqual(
          expect.objectContaining({ text: 'Is this the customer you mean by “Wingtip”?' }),
        ),
      )
      .startTest();
  });

  it('says when nothing matches, and suggests searching by domain', async () => {
    await bot()
      .send(message('agreements for Nobody Corporation'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('No customer matches “Nobody Corporation”');
        expect(cardText(reply)).toContain(
          "Try the customer's domain (for example contoso.onmicrosoft.com) or paste its tenant id.",
        );
      })
      .startTest();
  });

  it('shows at most 10 choices, then asks to refine the search', async () => {
    const data: EmulatorData = {
      ...loadEmulatorData(),
      customers: Array.from({ length: 14 }, (_, i) => ({
        id: `00000000-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
        companyName: `Acme ${i}`,
        agreements: [],
      })),
    };
    const acme = await startEmulator({ data, tokenSecret: TOKEN_SECRET });
    try {
      const client = new PartnerCenterClient({ baseUrl: acme.url, applicationName: 'test' });
      await botOnTestAdapter(client, localSignIn())
        .adapter.send(message('agreements for acme'))
        .assertReply((reply) => {
          const body = card(reply).body as Array<Record<string, unknown>>;
          const set = body.find((b) => b.type === 'Input.ChoiceSet');
          expect(set?.choices).toHaveLength(10);
          expect(cardText(reply)).toContain(
            'Only the first 10 are shown: type more of the name, or the domain',
          );
        })
        .startTest();
    } finally {
      await acme.close();
    }
  });
});

describe('follow-up buttons', () => {
  it('"Show all agreement types" answers with every type, then "Check MCA" comes back', async () => {
    let showAll: unknown;
    let checkMca: unknown;
    await bot()
      .send(message('agreements for Northwind Traders'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain(
          'Re-acceptance needed: accepted an earlier version on May 18, 2021 at 9:30 AM UTC (Andrew Fuller)',
        );
        showAll = buttons(card(reply)).find(([title]) => title === 'Show all agreement types')?.[1];
        expect(showAll).toEqual({ command: 'agreements', customer: BOTH_TYPES_TENANT, scope: 'all' });
      })
      .startTest();
    const adapter = bot();
    await adapter
      .send(submit(showAll as Record<string, unknown>))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Agreements on record (2)');
        expect(cardText(reply)).toContain('Microsoft Cloud Agreement');
        checkMca = buttons(card(reply)).find(([title]) => title === 'Check MCA')?.[1];
        expect(checkMca).toEqual({ command: 'agreements', customer: BOTH_TYPES_TENANT, scope: 'mca' });
      })
      .startTest();
    await adapter
      .send(submit(checkMca as Record<string, unknown>))
      .assertReply((reply) => expect(cardText(reply)).toContain('Acceptances on record (1)'))
      .startTest();
  });
});

describe('privacy per conversation', () => {
  const seed = `agreements for ${SEED_TENANT}`;

  it('shows contact email and phone in a personal chat', async () => {
    await bot({ conversation: PERSONAL })
      .send(message(seed))
      .assertReply((reply) => {
        expect(textsOf(reply)).toContain(
          '**August 27, 2019** · Earlier version · Tania Carr · SomeEmail@example.com · 1234567890',
        );
      })
      .startTest();
  });

  it.each([
    ['group chat', GROUP_CHAT],
    ['channel', CHANNEL],
  ])('masks them in a %s, keeping names and dates', async (_name, conversation) => {
    await bot({ conversation })
      .send(message(seed))
      .assertReply((reply) => {
        expect(textsOf(reply)).toContain(
          '**August 27, 2019** · Earlier version · Tania Carr · S***@example.com · ********90',
        );
        expect(cardText(reply)).not.toContain('SomeEmail');
        expect(cardText(reply)).not.toContain('1234567890');
      })
      .startTest();
  });

  it('shows them everywhere when the partner turns masking off', async () => {
    await bot({ conversation: CHANNEL, maskContactDetails: false })
      .send(message(seed))
      .assertReply((reply) =>
        expect(textsOf(reply).join('\n')).toContain('Tania Carr · SomeEmail@example.com'),
      )
      .startTest();
  });
});

/**
 * Partner Center as the test paces it, on jest's fake timers: the invite link is asked for, and arrives when the
 * test says, after as much fake time as it has moved on.
 */
function inviteLinkOnCue(): { partnerCenter: PartnerCenterPort; asked: Promise<void>; answer(): void } {
  let asked = () => {};
  let answer = () => {};
  const wasAsked = new Promise<void>((resolve) => (asked = resolve));
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const partnerCenter: PartnerCenterPort = {
    ...partnerCenterAnswering('Wingtip Toys', []),
    getRelationshipRequestUrl: async () => {
      asked();
      await answered;
      return INVITE_URL;
    },
  };
  return { partnerCenter, asked: wasAsked, answer };
}

describe('while Partner Center works, and on arrival', () => {
  describe('"typing…" (on jest\'s fake timers)', () => {
    // Only the timers: promises, ticks and immediates run as usual, so the turn goes on as far as it can.
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    it('shows "typing…" before an answer that takes Partner Center a while', async () => {
      const pc = inviteLinkOnCue();
      const turn = botOnTestAdapter(pc.partnerCenter, localSignIn(), { keepTyping: true })
        .adapter.send(message('invite link'))
        .assertReply((reply) => expect(reply.type).toBe('typing'))
        .assertReply((reply) => expect(cardText(reply)).toContain('invType=ResellerRelationship'))
        .startTest();
      await pc.asked;
      await jest.advanceTimersByTimeAsync(TYPING.firstAfterMs);
      pc.answer();
      await turn;
    });

    it('answers at once, with no "typing…", when Partner Center answers quickly', async () => {
      const pc = inviteLinkOnCue();
      const { adapter } = botOnTestAdapter(pc.partnerCenter, localSignIn(), { keepTyping: true });
      const turn = adapter
        .send(message('invite link'))
        .assertReply((reply) => expect(cardText(reply)).toContain('invType=ResellerRelationship'))
        .startTest();
      await pc.asked;
      await jest.advanceTimersByTimeAsync(TYPING.firstAfterMs - 1);
      pc.answer();
      await turn;
      // The turn is over: nothing came before the answer, and nothing after it.
      expect(adapter.activeQueue).toHaveLength(0);
    });

    it('shows no "typing…" in a channel, where Teams has none, however long Partner Center takes', async () => {
      const pc = inviteLinkOnCue();
      const { adapter } = botOnTestAdapter(pc.partnerCenter, localSignIn(), {
        keepTyping: true,
        conversation: CHANNEL,
      });
      const turn = adapter
        .send(message('invite link'))
        .assertReply((reply) => expect(cardText(reply)).toContain('invType=ResellerRelationship'))
        .startTest();
      await pc.asked;
      await jest.advanceTimersByTimeAsync(TYPING.firstAfterMs + 3 * TYPING.everyMs);
      pc.answer();
      await turn;
      expect(adapter.activeQueue).toHaveLength(0);
    });
  });

  it('shows dates in the time zone Teams reports for the user', async () => {
    await bot()
      .send(
        message('mca for Northwind Traders', {
          entities: [{ type: 'clientInfo', locale: 'en-US', timezone: 'Asia/Tokyo' }],
        }),
      )
      .assertReply((reply) =>
        expect(textsOf(reply).join('\n')).toContain('**May 18, 2021 at 6:30 PM GMT+9** · '),
      )
      .startTest();
  });

  it.each([
    ['personal chat', PERSONAL, 'en-US', 'Hello! I am Partner Center Assistant.'],
    ['team', CHANNEL, 'fr-FR', 'Bonjour\u00a0! Je suis Partner Center Assistant.'],
  ])('welcomes users when the app is installed in a %s', async (_name, conversation, locale, title) => {
    await bot({ conversation })
      .send({ type: 'conversationUpdate', membersAdded: [BOT, USER], locale })
      .assertReply((reply) => {
        const welcome = card(reply);
        expect(JSON.stringify(welcome)).toContain(title);
        // The MCA report is offered from the first card, in a chat as in a team.
        expect(buttons(welcome).map(([, data]) => data)).toEqual([
          { command: 'inviteLink' },
          { command: 'mcaReport' },
          { command: 'help' },
        ]);
      })
      .startTest();
  });

  it('suggests the closest command for text it does not understand, once, on its button', async () => {
    await bot()
      .send(message('agrements for Wingtip Toys'))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('I did not understand “agrements for Wingtip Toys”');
        expect(text).toContain('Did you mean:');
        expect(text).not.toContain('What I can do');
        const titles = buttons(card(reply)).map(([title]) => title);
        expect(titles.filter((title) => title === 'agreements for Wingtip Toys')).toHaveLength(1);
        expect(titles).toContain('Show everything I can do');
        expect(titles).not.toContain('Get the invite link');
        const suggestion = buttons(card(reply)).find(([title]) => title === 'agreements for Wingtip Toys');
        expect(suggestion?.[1]).toEqual({ command: 'say', text: 'agreements for Wingtip Toys' });
      })
      .send(submit({ command: 'say', text: 'agreements for Wingtip Toys' }))
      .assertReply((reply) => expect(cardText(reply)).toContain('Tania Carr'))
      .startTest();
  });
});
