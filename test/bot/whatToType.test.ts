import { botOnTestAdapter, cardText, localSignIn } from '../helpers/bot';
import { useSeedEmulator } from '../helpers/emulatorSuite';

const suite = useSeedEmulator();

/** The README's list of what to type in the Playground, each line as a user types it, with what it promises. */
describe("the README's list of what to type", () => {
  it.each<[string, string[]]>([
    ['whats our reseller link', ['invType=ResellerRelationship']],
    ['send invite to customer', ['invType=ResellerRelationship']],
    ['14876998-c0dc-46e6-9d0c-65a57a6c32ec', ['Re-acceptance needed', 'Tania Carr', 'Accept agreement']],
    ['hey can you check 14876998-c0dc-46e6-9d0c-65a57a6c32ec for me?', ['Re-acceptance needed']],
    [
      'can I sell to Contoso Ltd?',
      ['Can transact: accepted the current version on February 12, 2024 by Mark Hanson'],
    ],
    [
      'did Tailspin Toys sign the new MCA',
      ['Can transact: accepted by the customer directly through Microsoft'],
    ],
    ['Northwind Traders MCA?', ['May 18, 2021 at 9:30 AM UTC', 'Also on record: Microsoft Cloud Agreement']],
    [
      'is Fabrikam, Inc. on MCA?',
      ['Not accepted', 'Also on record: Microsoft Cloud Agreement (March 14, 2018).'],
    ],
    ['Adventure Works Cycles', ['Not accepted', 'Accept agreement']],
    [
      'can we transact with Woodgrove Bank',
      ['Unknown', 'no active reselling relationship', 'Get the invite link'],
    ],
    [
      'all agreements for Alpine Ski House',
      ['MicrosoftMarketplaceTerms2026', 'Microsoft Customer Agreement'],
    ],
    ['is contoso.com on MCA?', ['Several customers match “contoso.com”', '"title":"Cancel"']],
    ['contoso', ['Several customers match “contoso”']],
    ['agreements', ['Which customer?']],
    ['agreements for 1234', ['That is not a tenant id', '8-4-4-4-12']],
    ['agrements for contoso', ['Did you mean:', 'agreements for contoso']],
    ['statut MCA de Contoso Ltd', ['Can transact']],
    ["est-ce qu'on peut vendre à Tailspin Toys ?", ['Can transact']],
  ])('"%s"', async (text, shown) => {
    const { adapter } = botOnTestAdapter(suite.client, localSignIn());
    await adapter
      .send({ type: 'message', text, locale: 'en-US' })
      .assertReply((reply) => {
        const card = cardText(reply);
        for (const part of shown) expect(card).toContain(part);
      })
      .startTest();
  });
});
