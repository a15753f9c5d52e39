import type { Activity } from 'botbuilder';
import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator, type EmulatorSuite } from '../helpers/emulatorSuite';
import { graphClientFor } from '../helpers/gdap';

const say = (text: string): Partial<Activity> => ({ type: 'message', text, locale: 'en-US' });
const press = (value: unknown): Partial<Activity> => ({ type: 'message', value, locale: 'en-US' });
const confirmButton = (reply: Partial<Activity>) =>
  (JSON.parse(cardText(reply)) as { actions: Array<{ title: string; data?: unknown }> }).actions.find(
    (a) => a.title === 'Create and send for approval',
  )?.data;

async function invite(suite: EmulatorSuite): Promise<{ confirmation: string; created: string }> {
  const { adapter } = botOnTestAdapter(suite.client, localSignIn(), {
    graph: graphClientFor(suite.emulator.url),
  });
  let confirmation = '';
  let confirm: unknown;
  await adapter
    .send(say('invite Wingtip Toys'))
    .assertReply((reply) => {
      confirmation = cardText(reply);
      confirm = confirmButton(reply);
    })
    .startTest();
  let created = '';
  await adapter
    .send(press(confirm))
    .assertReply((reply) => void (created = cardText(reply)))
    .startTest();
  return { confirmation, created };
}

describe('"invite <customer>" for each kind of partner', () => {
  describe('an indirect reseller with one provider', () => {
    const suite = useSeedEmulator({ partnerKind: 'indirectReseller' });
    it('gives the link through its provider, then the approval link', async () => {
      const { confirmation, created } = await invite(suite);
      expect(confirmation).toContain('invType=IndirectResellerRelationship');
      expect(confirmation).toContain('Contoso Distribution');
      expect(created.indexOf('invType=IndirectResellerRelationship')).toBeLessThan(
        created.indexOf('granularAdminRelationships/'),
      );
    });
  });

  describe('an indirect reseller with two providers', () => {
    const suite = useSeedEmulator({ partnerKind: 'indirectResellerTwoProviders' });
    it('says to pick the provider with "invite link", and still creates the admin-access request', async () => {
      const { confirmation, created } = await invite(suite);
      expect(confirmation).toContain('say \\"invite link\\" to pick');
      expect(confirmation).not.toContain('invType=');
      expect(created).toContain('granularAdminRelationships/');
      expect(created).not.toContain('invType=');
    });
  });
});
