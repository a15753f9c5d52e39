import { recognize, type Recognized } from '../../src/recognizer/recognizer';

/**
 * Requests as sales staff type them, not as the help card spells them: read from what they contain (a tenant id, a
 * domain or a name, and words of agreements, selling or signing, or of the invite), in English and French.
 */
const SEED = '14876998-c0dc-46e6-9d0c-65a57a6c32ec';
const tenant = (scope = 'mca'): Recognized =>
  ({ intent: 'agreements', customer: { kind: 'tenantId', tenantId: SEED }, scope }) as Recognized;
const domain = (d: string, scope = 'mca'): Recognized =>
  ({ intent: 'agreements', customer: { kind: 'domain', domain: d }, scope }) as Recognized;
const named = (n: string, scope = 'mca'): Recognized =>
  ({ intent: 'agreements', customer: { kind: 'name', name: n }, scope }) as Recognized;
const whichCustomer = { intent: 'agreements', customer: { kind: 'missing' }, scope: 'mca' };
const INVITE = { intent: 'inviteLink' };

describe('can we sell to them? (English)', () => {
  it.each<[string, Recognized]>([
    ['can I sell to Wingtip Toys?', named('Wingtip Toys')],
    ['is contoso.com on MCA?', domain('contoso.com')],
    ['can we transact with Fabrikam Inc', named('Fabrikam Inc')],
    ['did Contoso Ltd sign the new MCA', named('Contoso Ltd')],
    ['Contoso MCA?', named('Contoso')],
    ['Contoso MCA ok?', named('Contoso')],
    ['can we still sell to Fabrikam after the MCA change?', named('Fabrikam')],
    ['is Tailspin Toys able to buy?', named('Tailspin Toys')],
    ['is Woodgrove Bank ok to sell?', named('Woodgrove Bank')],
    ['did alpine ski house accept the terms', named('alpine ski house')],
    ['has Contoso re-accepted', named('Contoso')],
    ['do we need Contoso to re-sign the MCA', named('Contoso')],
    ['can we sell Copilot to Contoso?', named('Contoso')],
    ['check Contoso', named('Contoso')],
    ['look up Wingtip', named('Wingtip')],
    ['hey Max, did Contoso sign?', named('Contoso')],
    ["Contoso's MCA status", named('Contoso')],
    ["Margie's Travel mca status", named("Margie's Travel")],
    ['School of Fine Art MCA', named('School of Fine Art')],
    ['did Best For You Organics sign the MCA', named('Best For You Organics')],
    ['A. Datum Corporation mca', named('A. Datum Corporation')],
    ['can we place an order for Northwind Traders today', named('Northwind Traders')],
    ['MCA status for tania@contoso.com', domain('contoso.com')],
    ['is https://contoso.com/about signed up?', domain('contoso.com')],
    ['which agreements did Northwind accept, all of them', named('Northwind', 'all')],
    ['cloud agreement for Cloud Nine', named('Cloud Nine', 'mcloudA')],
    ['agreements for Cloud Nine', named('Cloud Nine')],
  ])('"%s"', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });
});

describe('peut-on leur vendre ? (French)', () => {
  it.each<[string, Recognized]>([
    ['statut MCA de Contoso', named('Contoso')],
    ["est-ce qu'on peut vendre à Wingtip Toys ?", named('Wingtip Toys')],
    ['peut-on vendre à Contoso', named('Contoso')],
    ['Contoso a signé ?', named('Contoso')],
    ['Contoso est-il à jour sur le MCA ?', named('Contoso')],
    ['vérifie Contoso de mon côté', named('Contoso')],
    ['on peut passer commande pour Fabrikam ?', named('Fabrikam')],
    ['la société Alpine Ski House a-t-elle accepté le contrat ?', named('Alpine Ski House')],
    ['Banque de France MCA', named('Banque de France')],
    ["est-ce que contoso.fr a accepté l'accord client ?", domain('contoso.fr')],
    ['tous les contrats de Northwind', named('Northwind', 'all')],
  ])('"%s"', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });
});

describe('a tenant id, wherever it is', () => {
  it.each([
    SEED,
    SEED.toUpperCase(),
    `{${SEED}}`,
    `hey can you check ${SEED} for me?`,
    `Customer tenant ID: {${SEED}}`,
    `Tenant: ${SEED}`,
    `${SEED} please`,
    `can we sell to ${SEED}`,
    `locataire ${SEED} ?`,
  ])('"%s"', (text) => {
    expect(recognize(text)).toEqual(tenant());
  });

  it('keeps the agreement type asked for', () => {
    expect(recognize(`all agreements ${SEED}`)).toEqual(tenant('all'));
  });

  it.each([
    ['1234', '1234'],
    ['agreements for 1234', '1234'],
    ['14876998-c0dc-46e6', '14876998-c0dc-46e6'],
    ['check 14876998-c0dc-46e6-9d0c-65a57a6c32e please', '14876998-c0dc-46e6-9d0c-65a57a6c32e'],
  ])('"%s" is a mistyped tenant id, shown back as typed', (text, typed) => {
    expect(recognize(text)).toMatchObject({ customer: { kind: 'invalid', text: typed } });
  });
});

describe('a company name on its own', () => {
  it.each<[string, Recognized]>([
    ['contoso', named('contoso')],
    ['Fabrikam?', named('Fabrikam')],
    ['Wingtip Toys', named('Wingtip Toys')],
    ['what about Wingtip Toys?', named('Wingtip Toys')],
    ['and Fabrikam?', named('Fabrikam')],
    ['et pour Contoso ?', named('Contoso')],
    ['Best For You Organics', named('Best For You Organics')],
    ['City Power & Light', named('City Power & Light')],
    ['Société Générale', named('Société Générale')],
    ['the customer Contoso please', named('Contoso')],
    ['contoso.onmicrosoft.com', domain('contoso.onmicrosoft.com')],
  ])('"%s"', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });
});

describe('the invite, however asked', () => {
  it.each([
    'send invite to customer',
    'whats our reseller link',
    "what's the reseller link?",
    'need the reseller invite for a new customer',
    'send the invite link to Contoso',
    'can you give me the invitation url',
    'partner link',
    'relationship request',
    'lien partenaire',
    'il me faut le lien revendeur',
    "envoie l'invitation au client",
  ])('"%s"', (text) => {
    expect(recognize(text)).toEqual(INVITE);
  });
});

describe('asking about agreements without saying which customer', () => {
  it.each([
    'mca',
    'agreements',
    'did they sign the MCA?',
    'can we sell to them?',
    'send the MCA invite',
    'est-ce que le client a signé ?',
  ])('"%s" asks which customer', (text) => {
    expect(recognize(text)).toEqual(whichCustomer);
  });
});

describe('text that carries no request', () => {
  it.each([
    'thanks',
    'thank you!',
    'ok cool',
    'good morning',
    'merci beaucoup',
    'what is the weather',
    'how much is a Surface?',
    'the printer is broken',
    'is anyone there?',
    'lol',
    'yes',
  ])('"%s" is not understood', (text) => {
    expect(recognize(text)).toMatchObject({ intent: 'unknown' });
  });

  it.each(['help me', 'can you help?', "j'ai besoin d'aide"])('"%s" asks for help', (text) => {
    expect(recognize(text)).toEqual({ intent: 'help' });
  });

  it.each(['cancel', 'never mind', 'annuler'])('"%s" cancels', (text) => {
    expect(recognize(text)).toEqual({ intent: 'cancel' });
  });
});
