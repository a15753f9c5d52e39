import type { Activity } from 'botbuilder';
import { ENTRA_ROLES, ROLE_TEMPLATES } from '../../src/gdap/roles';
import { BOT, botOnTestAdapter, cardText, CHANNEL, localSignIn, PERSONAL, teamsSignIn } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { graphClientFor } from '../helpers/gdap';
import { SEED_TENANT } from '../helpers/seeds';

const suite = useSeedEmulator();
const OTHER_USER = { id: '29:omar', name: 'Omar Bennani' };

const say = (text: string, locale = 'en-US'): Partial<Activity> => ({ type: 'message', text, locale });
const press = (value: unknown, from = PERSONAL.from): Partial<Activity> => ({
  type: 'message',
  value,
  from,
  locale: 'en-US',
});

/** The card's buttons' data, by title. */
function buttons(activity: Partial<Activity>): Map<string, Record<string, unknown>> {
  const card = JSON.parse(cardText(activity)) as {
    actions?: Array<{ title: string; data?: Record<string, unknown> }>;
  };
  return new Map((card.actions ?? []).filter((a) => a.data).map((a) => [a.title, a.data!]));
}

/** The JSON bodies Graph received for an operation ("create" or "lock"), oldest first. */
function graphBodies(kind: 'create' | 'lock'): Array<Record<string, unknown>> {
  return suite.emulator.requests
    .filter((r) => r.method === 'POST' && (kind === 'lock') === /\/requests$/.test(r.path))
    .map((r) => r.body as Record<string, unknown>);
}

/** Asks, and hands back the data of the confirmation card's button, to press it as the user would. */
async function confirmButton(
  adapter: ReturnType<typeof botOnTestAdapter>['adapter'],
  asking: Partial<Activity>,
): Promise<Record<string, unknown> | undefined> {
  let confirm: Record<string, unknown> | undefined;
  await adapter
    .send(asking)
    .assertReply((reply) => void (confirm = buttons(reply).get('Create and send for approval')))
    .startTest();
  return confirm;
}

function bot(options: Parameters<typeof botOnTestAdapter>[2] = {}) {
  return botOnTestAdapter(suite.client, localSignIn(), {
    graph: graphClientFor(suite.emulator.url),
    ...options,
  });
}

describe('"admin access for <customer>"', () => {
  it('confirms first, then creates the GDAP relationship, sends it for approval and gives the approval link', async () => {
    const { adapter } = bot();
    let confirm: Record<string, unknown> | undefined;
    await adapter
      .send(say('admin access for Wingtip Toys'))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Ask Wingtip Toys for admin access?');
        expect(text).toContain(
          'Directory Readers, Global Reader, Service Support Administrator, License Administrator',
        );
        expect(text).toContain('730 days');
        expect(text).toContain('Every 180 days');
        expect(text).not.toContain('Global Administrator,');
        confirm = buttons(reply).get('Create and send for approval');
      })
      .startTest();
    // Nothing is created by asking.
    expect(graphBodies('create')).toHaveLength(0);
    await adapter
      .send(press(confirm))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Admin-access request for Wingtip Toys: waiting for approval');
        expect(text).toMatch(/granularAdminRelationships\/[0-9a-f-]{36,}/);
        expect(text).toContain('Message to forward');
        expect(text).toContain('assign your security groups');
      })
      .startTest();
    const [created] = graphBodies('create');
    expect(created).toMatchObject({
      displayName: 'Wingtip Toys admin 2026-11-22',
      duration: 'P730D',
      autoExtendDuration: 'P180D',
      customer: { tenantId: SEED_TENANT },
      accessDetails: {
        unifiedRoles: ROLE_TEMPLATES['account-staff'].map((role) => ({
          roleDefinitionId: ENTRA_ROLES[role],
        })),
      },
    });
    expect(graphBodies('lock')).toEqual([{ action: 'lockForApproval' }]);

    // The new one is listed, waiting for approval, with its link.
    await adapter
      .send(say('admin relationships for Wingtip Toys'))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Admin relationships with Wingtip Toys');
        expect(text).toContain('Wingtip Toys admin 2026-11-22');
        expect(text).toContain('Waiting for approval');
      })
      .startTest();

    // A second press of the same button creates nothing more.
    await adapter
      .send(press(confirm))
      .assertReply((reply) => expect(cardText(reply)).toContain('Already sent'))
      .startTest();
    expect(graphBodies('create')).toHaveLength(1);
  });

  it('lets only the person who asked confirm, in a channel too', async () => {
    const { adapter } = bot({ conversation: CHANNEL });
    let confirm: Record<string, unknown> | undefined;
    await adapter
      .send({
        ...say(`<at>${BOT.name}</at> GDAP for 14876998-c0dc-46e6-9d0c-65a57a6c32ec`),
        from: PERSONAL.from,
      })
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Only the person who asked can confirm.');
        confirm = buttons(reply).get('Create and send for approval');
      })
      .startTest();
    await adapter
      .send(press(confirm, OTHER_USER))
      .assertReply((reply) => expect(cardText(reply)).toContain('Only the person who asked can confirm'))
      .startTest();
    expect(graphBodies('create')).toHaveLength(0);
  });

  it('makes a generic invitation when no customer is named', async () => {
    const { adapter } = bot();
    let confirm: Record<string, unknown> | undefined;
    await adapter
      .send(say('GDAP'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Create a generic admin-access invitation?');
        confirm = buttons(reply).get('Create and send for approval');
      })
      .startTest();
    await adapter
      .send(press(confirm))
      .assertReply((reply) =>
        expect(cardText(reply)).toContain('Generic admin-access invitation: waiting for approval'),
      )
      .startTest();
    const [created] = graphBodies('create');
    expect(created).not.toHaveProperty('customer');
    expect(created?.displayName).toBe('Generic admin 2026-11-22');
  });

  it('does not auto-extend, and warns, when Global Administrator is asked for', async () => {
    const { adapter } = bot({
      gdap: { roles: { roles: ['globalAdministrator', 'globalReader'] }, durationDays: 90 },
    });
    let confirm: Record<string, unknown> | undefined;
    await adapter
      .send(say('admin access for Fabrikam, Inc.'))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Global Administrator is among the roles');
        expect(text).toContain('90 days');
        confirm = buttons(reply).get('Create and send for approval');
      })
      .startTest();
    await adapter
      .send(press(confirm))
      .assertReply((reply) => expect(cardText(reply)).toContain('waiting for approval'))
      .startTest();
    expect(graphBodies('create')[0]).toMatchObject({ duration: 'P90D', autoExtendDuration: 'PT0S' });
  });

  it('takes a new name, once, when Graph says the name is taken', async () => {
    const { adapter } = bot();
    const confirmOnce = async () => {
      const confirm = await confirmButton(
        adapter,
        say('admin access for 2b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b'),
      );
      await adapter
        .send(press(confirm))
        .assertReply((reply) => expect(cardText(reply)).toContain('waiting for approval'))
        .startTest();
    };
    await confirmOnce();
    await confirmOnce();
    const names = graphBodies('create').map((body) => body.displayName as string);
    // The second request's first name was refused as a duplicate, its second taken.
    expect(names).toHaveLength(3);
    expect(names[0]).toBe(names[1]);
    expect(names[2]).toMatch(new RegExp(`^${names[0]} [0-9a-f]{4}$`));
    expect(names[2]!.length).toBeLessThanOrEqual(50);
  });

  it('says what the Admin Agent role is when Graph refuses the user', async () => {
    suite.emulator.addFault({ operation: 'gdapCreate', status: 403 });
    const { adapter } = bot();
    const confirm = await confirmButton(adapter, say('GDAP generic'));
    await adapter
      .send(press(confirm))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('You are not an Admin Agent');
        expect(text).toContain('Support reference');
      })
      .startTest();
  });

  it("shows Graph's own words for a refused request", async () => {
    suite.emulator.addFault({
      operation: 'gdapCreate',
      status: 400,
      description: 'The duration is not valid.',
    });
    const { adapter } = bot();
    const confirm = await confirmButton(adapter, say('GDAP generic'));
    await adapter
      .send(press(confirm))
      .assertReply((reply) => expect(cardText(reply)).toContain('Graph said: The duration is not valid.'))
      .startTest();
  });

  it('offers to send for approval again when the relationship was created but not sent', async () => {
    suite.emulator.addFault({ operation: 'gdapLock', status: 500 });
    const { adapter } = bot();
    let confirm: Record<string, unknown> | undefined;
    let again: Record<string, unknown> | undefined;
    await adapter
      .send(say('admin access for Wingtip Toys'))
      .assertReply((reply) => void (confirm = buttons(reply).get('Create and send for approval')))
      .startTest();
    await adapter
      .send(press(confirm))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Created, not yet sent for approval');
        again = buttons(reply).get('Try again');
      })
      .startTest();
    suite.emulator.clearFaults();
    await adapter
      .send(press(again))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Sent for approval');
        expect(cardText(reply)).toMatch(/granularAdminRelationships\//);
      })
      .startTest();
  });

  it('never offers the same confirmation again when a create got no answer (it may exist)', async () => {
    suite.emulator.addFault({ operation: 'gdapCreate', hang: true });
    const { adapter } = botOnTestAdapter(suite.client, localSignIn(), {
      graph: new (await import('../../src/graph/client')).GraphClient({
        baseUrl: suite.emulator.url,
        callTimeoutMs: 100,
        retryBaseMs: 0,
      }),
    });
    const confirm = await confirmButton(adapter, say('admin access for Wingtip Toys'));
    await adapter
      .send(press(confirm))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Microsoft Graph took too long');
        expect(text).toContain('it may exist already');
        // "Try again" asks again from the start: a new confirmation, never this one's button.
        expect(buttons(reply).get('Try again')).toEqual({ command: 'adminAccess', customer: SEED_TENANT });
      })
      .startTest();
    // Sent once: a create is never retried after no answer.
    expect(graphBodies('create')).toHaveLength(1);
  });

  it('asks in French, and answers in French', async () => {
    const { adapter } = bot();
    await adapter
      .send(say('accès administrateur délégué pour Wingtip Toys', 'fr-FR'))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Demander un accès administrateur à Wingtip Toys\u00a0?');
        expect(text).toContain('Lecteurs d’annuaire, Lecteur général');
        expect(text).toContain('730 jours');
      })
      .startTest();
  });

  it('says GDAP is not set up in Teams mode without a Graph connection', async () => {
    const { adapter } = botOnTestAdapter(suite.client, teamsSignIn(), {
      graph: graphClientFor(suite.emulator.url),
    });
    await adapter
      .send(say('admin access for Wingtip Toys'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Admin access is not set up'))
      .startTest();
    expect(suite.emulator.requests).toHaveLength(0);
  });
});

describe('"invite <customer>"', () => {
  it('gives the reseller link then the approval link, in that order, in one card', async () => {
    const { adapter } = bot();
    let confirm: Record<string, unknown> | undefined;
    await adapter
      .send(say('invite Wingtip Toys'))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('1\\\\. Accept us as reseller');
        expect(text).toContain('invType=ResellerRelationship');
        confirm = buttons(reply).get('Create and send for approval');
      })
      .startTest();
    await adapter
      .send(press(confirm))
      .assertReply((reply) => {
        const text = cardText(reply);
        const reseller = text.indexOf('invType=ResellerRelationship');
        const approval = text.indexOf('granularAdminRelationships/');
        expect(reseller).toBeGreaterThan(0);
        expect(approval).toBeGreaterThan(reseller);
        expect(text).toContain('Send both links');
      })
      .startTest();
  });
});

describe('"admin relationships" and "expiring admin relationships"', () => {
  it("lists a customer's relationships, the ones needing attention first, with warnings", async () => {
    const { adapter } = bot();
    await adapter
      .send(say('GDAP relationships of Wingtip Toys'))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Admin relationships with Wingtip Toys');
        expect(text).toMatch(/Ends in \d+ days: your staff lose this access/);
      })
      .startTest();
    const lists = suite.emulator.requests.filter((r) => r.path.startsWith('/v1.0/') && r.method === 'GET');
    const query = new URL(lists[0]!.path, 'http://graph').searchParams;
    expect(query.get('$filter')).toBe(`customer/tenantId eq '${SEED_TENANT}'`);
  });

  it('asks which customer when none is named', async () => {
    const { adapter } = bot();
    await adapter
      .send(say('admin relationships'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .send(say('Wingtip Toys'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Admin relationships with Wingtip Toys'))
      .startTest();
  });

  it("lists every customer's live relationships that end within 30 days, across pages", async () => {
    const { adapter } = bot();
    await adapter
      .send(say('which GDAP relationships expire soon?'))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Admin relationships ending within 30 days');
        expect(text).toContain('Wingtip Toys');
        expect(text).not.toContain('Expired');
      })
      .startTest();
  });

  it('becomes an error card with a way to try again when Graph is throttled', async () => {
    suite.emulator.addFault({ operation: 'gdapList', status: 429, retryAfter: '120' });
    const { adapter } = bot();
    await adapter
      .send(say('expiring admin relationships'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Microsoft Graph is busy');
        expect(buttons(reply).get('Try again')).toEqual({ command: 'expiringAdminRelationships' });
      })
      .startTest();
  });
});

describe('the confirmation card, once acted on', () => {
  it('is replaced by what was done, so its button cannot be pressed again by mistake', async () => {
    const { adapter } = bot();
    const confirm = await confirmButton(adapter, say('admin access for Wingtip Toys'));
    const updated: Array<Partial<Activity>> = [];
    jest.spyOn(adapter, 'updateActivity').mockImplementation(async (_context, activity) => {
      updated.push(activity);
    });
    await adapter
      .send({ ...press(confirm), replyToId: 'card-1' })
      .assertReply((reply) => expect(cardText(reply)).toContain('waiting for approval'))
      .startTest();
    expect(updated).toHaveLength(1);
    expect(updated[0]!.id).toBe('card-1');
    const text = cardText(updated[0]!);
    expect(text).toContain('Admin-access request for Wingtip Toys: created');
    expect(text).not.toContain('Create and send for approval');
  });

  it('stays as it is when someone else presses it', async () => {
    const { adapter } = bot({ conversation: CHANNEL });
    const confirm = await confirmButton(adapter, { ...say('GDAP generic'), from: PERSONAL.from });
    const update = jest.spyOn(adapter, 'updateActivity');
    await adapter
      .send({ ...press(confirm, OTHER_USER), replyToId: 'card-1' })
      .assertReply((reply) => expect(cardText(reply)).toContain('Only the person who asked can confirm'))
      .startTest();
    expect(update).not.toHaveBeenCalled();
  });
});

describe('what a hurried user asks next', () => {
  it('says a request is already waiting before a second one is made, with its link', async () => {
    const { adapter } = bot();
    // The seed's Northwind request waits for approval.
    await adapter
      .send(say('admin access for Northwind Traders'))
      .assertReply((reply) => {
        const text = cardText(reply);
        // The name as Markdown-escaped on the card, so that it shows as typed.
        expect(text).toContain(
          String.raw`A request for this customer already waits for approval: “Proseware\\_Northwind\\_Support”`,
        );
        expect(text).toContain('granularAdminRelationships/');
      })
      .startTest();
    expect(graphBodies('create')).toHaveLength(0);
  });

  it('still asks to confirm when the list of waiting requests cannot be read', async () => {
    suite.emulator.addFault({ operation: 'gdapList', status: 503 });
    const { adapter } = bot();
    await adapter
      .send(say('admin access for Northwind Traders'))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Ask Northwind Traders for admin access?');
        expect(cardText(reply)).not.toContain('already waits');
      })
      .startTest();
  });

  it('answers "remove admin access" with the relationships and where to end one, never a new request', async () => {
    const { adapter } = bot();
    await adapter
      .send(say('remove admin access for Wingtip Toys'))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Admin relationships with Wingtip Toys');
        expect(text).toContain('I do not end admin relationships');
        expect(text).not.toContain('New request');
        expect(text).not.toContain('Create and send for approval');
      })
      .startTest();
    expect(graphBodies('create')).toHaveLength(0);
  });

  it('keeps "remove" through the question "Which customer?"', async () => {
    const { adapter } = bot();
    await adapter
      .send(say('revoke gdap'))
      .assertReply((reply) => expect(cardText(reply)).toContain('Which customer?'))
      .send(say('Wingtip Toys'))
      .assertReply((reply) => expect(cardText(reply)).toContain('I do not end admin relationships'))
      .startTest();
  });
});
