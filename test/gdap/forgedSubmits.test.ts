import type { Activity } from 'botbuilder';
import { botOnTestAdapter, cardText, localSignIn, PERSONAL } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { graphClientFor } from '../helpers/gdap';
import { SEED_TENANT, UNKNOWN_TENANT } from '../helpers/seeds';

// A card's Action.Submit data comes back from the client as the client likes: these are forged ones.
const suite = useSeedEmulator();

const say = (text: string): Partial<Activity> => ({ type: 'message', text, locale: 'en-US' });
const press = (value: unknown): Partial<Activity> => ({
  type: 'message',
  value,
  from: PERSONAL.from,
  locale: 'en-US',
});

function confirmButton(activity: Partial<Activity>): Record<string, unknown> {
  const card = JSON.parse(cardText(activity)) as {
    actions?: Array<{ title: string; data?: Record<string, unknown> }>;
  };
  const action = card.actions?.find((a) => a.title === 'Create and send for approval');
  if (!action?.data) throw new Error('no confirmation button');
  return action.data;
}

const creates = () =>
  suite.emulator.requests
    .filter((r) => r.method === 'POST' && r.path.endsWith('/delegatedAdminRelationships'))
    .map((r) => r.body as Record<string, unknown>);

function bot(options: Parameters<typeof botOnTestAdapter>[2] = {}) {
  return botOnTestAdapter(suite.client, localSignIn(), {
    graph: graphClientFor(suite.emulator.url),
    ...options,
  });
}

async function askedConfirmation(adapter: ReturnType<typeof bot>['adapter'], text: string) {
  let confirm: Record<string, unknown> = {};
  await adapter
    .send(say(text))
    .assertReply((reply) => void (confirm = confirmButton(reply)))
    .startTest();
  return confirm;
}

describe('a forged GDAP confirmation', () => {
  it("names the relationship after Partner Center's customer, not the name the submit carries", async () => {
    const { adapter } = bot();
    const confirm = await askedConfirmation(adapter, 'admin access for Wingtip Toys');
    await adapter
      .send(press({ ...confirm, customerName: 'Contoso (your bank)' }))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Admin-access request for Wingtip Toys');
        expect(cardText(reply)).not.toContain('Contoso');
      })
      .startTest();
    expect(creates().map((body) => body.displayName)).toEqual(['Wingtip Toys admin 2026-11-22']);
  });

  it('creates nothing for a tenant that is not one of the partner’s customers', async () => {
    const { adapter } = bot();
    const confirm = await askedConfirmation(adapter, 'admin access for Wingtip Toys');
    await adapter
      .send(press({ ...confirm, customerId: UNKNOWN_TENANT, customerName: 'Wingtip Toys' }))
      .assertReply((reply) => {
        const text = cardText(reply);
        expect(text).toContain('Customer not found');
        expect(text).toContain(`No customer with tenant id ${UNKNOWN_TENANT} is in your Partner Center`);
      })
      .startTest();
    expect(creates()).toEqual([]);
    expect(confirm.customerId).toBe(SEED_TENANT);
  });

  it('is shown again, not acted on, when pressed on a later day than it was asked', async () => {
    let today = new Date('2026-11-22T10:00:00Z');
    const { adapter } = bot({ today: () => today });
    const confirm = await askedConfirmation(adapter, 'admin access for Wingtip Toys');
    // A week later, long after the press would have been forgotten, the old card's button is pressed.
    today = new Date('2026-11-29T10:00:00Z');
    let fresh: Record<string, unknown> = {};
    await adapter
      .send(press(confirm))
      .assertReply((reply) => {
        expect(cardText(reply)).toContain('Ask Wingtip Toys for admin access?');
        fresh = confirmButton(reply);
      })
      .startTest();
    expect(creates()).toEqual([]);
    await adapter
      .send(press(fresh))
      .assertReply((reply) => expect(cardText(reply)).toContain('waiting for approval'))
      .startTest();
    expect(creates().map((body) => body.displayName)).toEqual(['Wingtip Toys admin 2026-11-29']);
  });
});

describe('a relationship id Graph writes with Markdown characters', () => {
  it("keeps the approval button's link as Graph's id makes it, without Markdown escapes", async () => {
    // Graph's ids are GUIDs joined by a dash; the schema takes any text, so an id with "_" must not break the link.
    const real = graphClientFor(suite.emulator.url);
    const graph = {
      newRequestContext: real.newRequestContext.bind(real),
      listAdminRelationships: real.listAdminRelationships.bind(real),
      createAdminRelationship: async (...args: Parameters<typeof real.createAdminRelationship>) => ({
        ...(await real.createAdminRelationship(...args)),
        id: 'odd_id*1',
      }),
      lockForApproval: () => Promise.resolve(),
    };
    const { adapter } = bot({ graph });
    const confirm = await askedConfirmation(adapter, 'admin access for Wingtip Toys');
    await adapter
      .send(press(confirm))
      .assertReply((reply) => {
        const card = JSON.parse(cardText(reply)) as { actions: Array<{ type: string; url?: string }> };
        expect(card.actions.map((a) => a.url)).toEqual([
          'https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/odd_id*1',
        ]);
      })
      .startTest();
  });
});
