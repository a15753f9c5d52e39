import type { Activity } from 'botbuilder';
import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';

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
};

const message = (text: string, locale = 'en-US'): Partial<Activity> => ({ type: 'message', text, locale });
const submit = (value: Record<string, unknown>, locale = 'en-US'): Partial<Activity> => ({
  type: 'message',
  value,
  locale,
});
const bot = () => botOnTestAdapter(suite.client, localSignIn()).adapter;

/** The customer line of the MCA card: which customer was answered for. */
const answeredFor = (name: string, tenantId: string) => `${name} · tenant ${tenantId}`;

describe('requests that were misread', () => {
  it.each<[string, string, string, string]>([
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
        expect(card).toContain(answeredFor(name, tenantId));
        expect(card).toContain(shown);
        expect(card).not.toContain('invType=ResellerRelationship');
      })
      .startTest();
  });
});

describe('thanks', () => {
  it.each<[string, string, string]>([
    ['thx!', 'en-US', 'You’re welcome!'],
    ['ok thanks', 'en-US', 'You’re welcome!'],
    ['👍', 'en-US', 'You’re welcome!'],
    ['merci !', 'fr-FR', 'Avec plaisir !'],
    ['parfait merci', 'fr-FR', 'Avec plaisir !'],
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
      .assertReply((reply) => expect(cardText(reply)).toContain(answeredFor('Tailspin Toys', TENANT.tailspin)))
      .startTest();
  });
});

