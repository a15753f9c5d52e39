import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';

const suite = useSeedEmulator();
const message = (text: string) => ({ type: 'message', text, locale: 'en-US' });

// The built-in emulator's customers, one per state of the verdict, as a user asks about them.
describe('"can we sell to them?" for each customer of the emulator', () => {
  it.each<[string, string, string[]]>([
    [
      '14876998-c0dc-46e6-9d0c-65a57a6c32ec',
      'Re-acceptance needed: accepted an earlier version on August 27, 2019 (Tania Carr)',
      ['Settings \\\\> Partner relationships \\\\> Accept agreement', 'Open the acceptance page'],
    ],
    [
      '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
      'Can transact: accepted the current version on February 12, 2024 by Mark Hanson, confirmed by the partner',
      [],
    ],
    [
      '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e',
      'Can transact: accepted by the customer directly through Microsoft (Microsoft 365 admin center)',
      [],
    ],
    [
      '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f',
      'Unknown: not everything could be checked',
      ['Direct acceptance not checked: no active reselling relationship.', 'Get the invite link'],
    ],
    [
      '0d8f3e2a-1b4c-4d5e-8f6a-7b8c9d0e1f2a',
      'Not accepted: no Microsoft Customer Agreement acceptance on record',
      ['Open the acceptance page'],
    ],
    [
      '2b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b',
      'Re-acceptance needed: accepted an earlier version on May 18, 2021',
      ['Open the acceptance page'],
    ],
  ])('%s: %s', async (tenantId, verdict, alsoShown) => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message(`agreements for ${tenantId}`))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain(verdict);
        for (const text of alsoShown) expect(card).toContain(text);
      })
      .startTest();
  });

  it('shows a type Microsoft added later by its name, beside the MCA verdict', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('all agreements for 9d0e1f2a-3b4c-4d5e-af6a-7b8c9d0e1f2a'))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('Not accepted: no Microsoft Customer Agreement acceptance on record');
        expect(card).toContain('MicrosoftMarketplaceTerms2026');
      })
      .startTest();
  });

  it('says in one line which other agreements a customer without the MCA has', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('agreements for 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toContain('Not accepted: no Microsoft Customer Agreement acceptance on record');
        expect(card).toContain('Also on record: Microsoft Cloud Agreement (March 14, 2018).');
        // The line is all: the MCA card lists MCA acceptances only.
        expect(card).not.toContain('Omar Bennani');
      })
      .startTest();
  });

  it('names the agreement its verdict is about among every type, and gives a time with its zone', async () => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send(message('all agreements for 2b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b'))
      .assertReply((reply) => {
        const card = cardText(reply);
        expect(card).toMatch(
          /"id":"verdictSubject","text":"Microsoft Customer Agreement".*"text":"Re-acceptance needed: accepted an earlier version on May 18, 2021 at 9:30 AM UTC \(Andrew Fuller\)"/,
        );
        expect(card).not.toContain('"id":"others"');
      })
      .startTest();
  });

  describe('an indirect reseller, whom Partner Center refuses what needs a direct enrollment', () => {
    const INDIRECT = 'Operation is not allowed for an indirect reseller.';

    it('is told why the direct acceptance was not checked, and still sees the attestations', async () => {
      suite.emulator.addFault({
        operation: 'directSignedStatus',
        status: 403,
        code: '1002',
        description: INDIRECT,
      });
      const { adapter } = botOnTestAdapter(suite.client, localSignIn());
      await adapter
        .send(message('agreements for 14876998-c0dc-46e6-9d0c-65a57a6c32ec'))
        .assertReply((reply) => {
          const card = cardText(reply);
          expect(card).toContain('Unknown: not everything could be checked');
          expect(card).toContain(
            'Direct acceptance not checked: Partner Center shows this to direct-bill partners and indirect providers only (your account is an indirect reseller).',
          );
          expect(card).toContain('Tania Carr');
          // The attestations were read: nobody else holds them.
          expect(card).not.toContain('held by your indirect provider');
        })
        .startTest();
    });

    it('is told where the invite link comes from instead of being asked for a role', async () => {
      suite.emulator.addFault({ operation: 'relationshipRequest', status: 403, description: INDIRECT });
      const { adapter } = botOnTestAdapter(suite.client, localSignIn());
      await adapter
        .send(message('invite link'))
        .assertReply((reply) => {
          const card = cardText(reply);
          // Partner Center lists no provider for this partner, yet refuses it the plain link as indirect.
          expect(card).toContain('Partner Center gives this link only through your indirect provider');
          expect(card).toContain('lists no indirect provider');
          expect(card).not.toContain('Admin agent');
        })
        .startTest();
    });
  });
});
