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
    ["why hasn't Contoso signed the MCA", named('Contoso')],
    ["Contoso isn't on MCA?", named('Contoso')],
    ["can't we sell to Contoso?", named('Contoso')],
    ['is Northwind Traders good to go?', named('Northwind Traders')],
    ['is fabrikam ok?', named('fabrikam')],
    ['is Contoso Ltd okay for the order?', named('Contoso Ltd')],
    ['tailspin ok?', named('tailspin')],
    ['check contoso for me pls', named('contoso')],
    ['john.smith@fabrikam.com signed?', domain('fabrikam.com')],
    ['can we sell to www.contoso.com', domain('contoso.com')],
    ["L'Oréal MCA", named("L'Oréal")],
    ['can we sell to The Home Depot', named('The Home Depot')],
    ['MCA for New Horizons Learning', named('New Horizons Learning')],
    ['did Microsoft Partner Solutions sign', named('Microsoft Partner Solutions')],
    ['agreements for Check Point Software', named('Check Point Software')],
    ['did Signature Healthcare sign the MCA', named('Signature Healthcare')],
    ['Customer Agreement status: Contoso', named('Contoso')],
    [
      'tenant 3f2504e04f8911d39a0c0305e82c3301',
      {
        intent: 'agreements',
        customer: { kind: 'tenantId', tenantId: '3f2504e0-4f89-11d3-9a0c-0305e82c3301' },
        scope: 'mca',
      } as Recognized,
    ],
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
    ['La Poste a signé ?', named('La Poste')],
    ['Le Bon Marché a accepté le contrat ?', named('Le Bon Marché')],
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
    ['and for Fabrikam?', named('Fabrikam')],
    ['same for Contoso', named('Contoso')],
    ['Fabrikam too', named('Fabrikam')],
    ['try Contoso', named('Contoso')],
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
    "tu peux m'envoyer le lien ?",
    'what link do I send a new customer',
    'how do I add a new customer?',
    'I need to onboard Contoso',
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
    'ok cool',
    'ok',
    'is it ok?',
    'okay',
    'good morning',
    'what is the weather',
    'how much is a Surface?',
    'the printer is broken',
    'is anyone there?',
    'lol',
    'yes',
    'oops',
    'nope',
    'sure',
    "d'accord",
    'Bonne soirée',
    'bien reçu',
    'let me check',
    'ok je vérifie',
    "I'll check with my manager",
  ])('"%s" is not understood', (text) => {
    expect(recognize(text)).toMatchObject({ intent: 'unknown' });
  });

  it.each(['help me', 'can you help?', "j'ai besoin d'aide", 'how does this work?', 'comment ça marche ?'])(
    '"%s" asks for help',
    (text) => {
      expect(recognize(text)).toEqual({ intent: 'help' });
    },
  );

  it.each(['cancel', 'never mind', 'annuler', 'cancel please', 'stop please', 'annuler svp'])(
    '"%s" cancels',
    (text) => {
      expect(recognize(text)).toEqual({ intent: 'cancel' });
    },
  );

  it.each<[string, string]>([
    ['how do I sign in?', 'signIn'],
    ['can you sign me in', 'signIn'],
    ['je veux me connecter', 'signIn'],
    ['connexion svp', 'signIn'],
    ['can you log me out', 'signOut'],
    ['se déconnecter svp', 'signOut'],
  ])('"%s" is %s', (text, intent) => {
    expect(recognize(text)).toEqual({ intent });
  });
});

describe("the 2026 questions: blocked, renewals, re-acceptance (a second newcomer's phrasings)", () => {
  it.each<[string, Recognized]>([
    ['is Fabrikam blocked?', named('Fabrikam')],
    ['Proseware renewal blocked?', named('Proseware')],
    ['can we still renew for Proseware', named('Proseware')],
    ['is Trey Research affected by the MCA change', named('Trey Research')],
    ['Fabrikam est bloqué ?', named('Fabrikam')],
    ['Fabrikam is blocked, did they sign?', named('Fabrikam')],
    ['idem pour Northwind', named('Northwind')],
    ['pareil pour Adatum stp', named('Adatum')],
    ['Contoso aussi', named('Contoso')],
    ['same question for Litware', named('Litware')],
    ['one more: Bellows College', named('Bellows College')],
    ['et chez Trey Research ?', named('Trey Research')],
    ["c'est bon pour vendre à Humongous Insurance ?", named('Humongous Insurance')],
    ['are we allowed to transact with Humongous Insurance right now', named('Humongous Insurance')],
  ])('"%s"', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });

  it.each(['le client est bloqué ?', 'on peut encore lui vendre ?'])('"%s" asks which customer', (text) => {
    expect(recognize(text)).toEqual(whichCustomer);
  });

  it.each(['Happy Friday everyone', 'bon week-end'])('"%s" is not a customer', (text) => {
    expect(recognize(text)).toMatchObject({ intent: 'unknown' });
  });

  it('reads "comment j\'ajoute un nouveau client ?" as the invite', () => {
    expect(recognize("comment j'ajoute un nouveau client ?")).toEqual(INVITE);
  });
});

describe('every customer at once: the MCA report (English and French)', () => {
  const REPORT = { intent: 'mcaReport' };
  const CANCEL_REPORT = { intent: 'cancelReport' };
  it.each<[string, Recognized]>([
    ['mca report', REPORT as Recognized],
    ['MCA report please', REPORT as Recognized],
    ['report', REPORT as Recognized],
    ['run the mca report', REPORT as Recognized],
    ['which customers need to accept the MCA?', REPORT as Recognized],
    ["which customers haven't signed the MCA?", REPORT as Recognized],
    ['which of my customers are blocked by the MCA change?', REPORT as Recognized],
    ['list all customers without the new agreement', REPORT as Recognized],
    ['how many customers still need to re-accept the MCA', REPORT as Recognized],
    ['do any customers need to accept the MCA', REPORT as Recognized],
    ['MCA readiness across all customers', REPORT as Recognized],
    ['rapport MCA', REPORT as Recognized],
    ['lance le rapport MCA', REPORT as Recognized],
    ['quels clients doivent accepter le MCA ?', REPORT as Recognized],
    ['quels clients n’ont pas signé le contrat ?', REPORT as Recognized],
    ['liste des clients sans MCA', REPORT as Recognized],
    ['tous les clients qui doivent accepter le MCA', REPORT as Recognized],
    ['cancel the report', CANCEL_REPORT as Recognized],
    ['stop the mca report', CANCEL_REPORT as Recognized],
    ['annuler le rapport', CANCEL_REPORT as Recognized],
  ])('%s', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });

  it.each<[string, Recognized]>([
    ['all agreements for Customers Inc', named('Customers Inc', 'all')],
    ['has Contoso accepted the MCA', named('Contoso')],
    ['cancel', { intent: 'cancel' }],
  ])('but not %s', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });
});

describe('a conversation kept informed: watch MCA here (English and French)', () => {
  const WATCH = { intent: 'watchMca' } as Recognized;
  const STOP = { intent: 'stopWatching' } as Recognized;
  const STATUS = { intent: 'watchStatus' } as Recognized;
  it.each<[string, Recognized]>([
    ['watch MCA here', WATCH],
    ['désabonner ce canal du MCA', STOP],
    ['please watch the MCA for this channel', WATCH],
    ['can you watch MCA here', WATCH],
    ['keep this channel informed about MCA', WATCH],
    ['keep us posted on MCA', WATCH],
    ['let us know when the MCA changes', WATCH],
    ['notify us when the MCA changes', WATCH],
    ['subscribe to mca alerts', WATCH],
    ['start watching mca', WATCH],
    ["i'd like to watch the mca", WATCH],
    ['keep us up to date on the MCA', WATCH],
    ['est-ce que tu peux surveiller le MCA ici', WATCH],
    ['informe-nous des changements du MCA', WATCH],
    ['MCA alerts here please', WATCH],
    ['weekly MCA digest here', WATCH],
    ['monitor MCA', WATCH],
    ['track MCA here', WATCH],
    ['watch the MCA for all customers', WATCH],
    ['follow MCA here', WATCH],
    ['watch mca for my customers', WATCH],
    ['subscribe this chat to MCA', WATCH],
    ['watch MCA here and send the digest at the end of the week', WATCH],
    ['surveiller le MCA ici', WATCH],
    ['surveille le MCA pour ce canal', WATCH],
    ["surveiller le MCA pour l'équipe", WATCH],
    ['préviens-nous quand le MCA change', WATCH],
    ['tiens-nous au courant du MCA', WATCH],
    ['suivre le MCA ici', WATCH],
    ['informez-nous quand le MCA change', WATCH],
    ['alertes MCA ici', WATCH],
    ['stop watching MCA', STOP],
    ['stop watching', STOP],
    ['stop notifying us', STOP],
    ['unsubscribe from MCA', STOP],
    ['turn off MCA alerts', STOP],
    ['disable MCA watch', STOP],
    ['no more MCA alerts', STOP],
    ['remove MCA notifications', STOP],
    ["don't watch MCA here any more", STOP],
    ['arrête de surveiller le MCA', STOP],
    ['arrêter la surveillance du MCA', STOP],
    ['ne surveille plus le MCA', STOP],
    ['désactive les alertes MCA', STOP],
    ['supprimer la surveillance du MCA', STOP],
    ['fin de la surveillance du MCA', STOP],
    ['what are we watching?', STATUS],
    ['are we watching MCA here?', STATUS],
    ['is this channel watched', STATUS],
    ['MCA watch status', STATUS],
    ["qu'est-ce qu'on surveille ?", STATUS],
    ['quelle surveillance MCA ici ?', STATUS],
    ['qui surveille le MCA ?', STATUS],
    ['ce canal est-il surveillé ?', STATUS],
    ['où en est la surveillance ?', STATUS],
    ['on surveille quoi ?', STATUS],
  ])('%s', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });

  // Sentences about one customer, or about something else, that hold a watch word: never a subscription.
  it.each([
    'agreements for Watchguard',
    'Watch Co mca',
    'agreements Watch Co',
    'Does Watch Co have the MCA?',
    'has Alert Logic signed the MCA?',
    'check Alert Logic mca',
    'Notify Ltd agreements',
    'Monitor Inc mca',
    'notify me when Contoso accepts the MCA',
    'watch out, Contoso MCA is blocked',
    'any MCA alerts?',
    'is Monitor Inc blocked?',
    'is Watch Co ok on the MCA?',
    'surveiller le MCA de Contoso',
    "Contoso n'a plus le MCA, alerte",
    'Contoso est au courant du MCA ?',
    "renouveler l'abonnement de Fabrikam",
    'notify the customer about the MCA',
    'alert the customer about the MCA',
    'watch the mca for customer Contoso',
    'keep us informed on the mca of the customer contoso',
    'contoso mca alerts here',
    'mca alerts for contoso here',
    'why are there mca alerts in this channel',
    'who set up mca alerts here',
    'watch mca on contoso',
    "let's chat",
    'notify the team',
    'keep the team posted on the deal',
    'track team rubicon mca',
    'préviens le client quand le mca change',
    'informe le client du mca',
    'suivre le contrat du client Contoso',
    'turn on mca alerts',
    "don't notify Contoso about the mca",
    'cancel the mca alert for contoso',
    'annule le suivi de contoso',
    'let me know the MCA status of Contoso',
  ])('but not "%s"', (text) => {
    expect(recognize(text).intent).not.toMatch(/^(watchMca|stopWatching|watchStatus)$/);
  });

  it.each<[string, Recognized]>([
    ['mca report', { intent: 'mcaReport' }],
    ['stop', { intent: 'cancel' }],
    ['agreements for Watchguard', named('Watchguard')],
  ])('and still "%s"', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });
});

// Issue 29: requests read wrong, each with its neighbours as a busy salesperson types them.
describe('more seats, a renewal, an expiry, the contact: still "can we sell to them?"', () => {
  it.each<[string, Recognized]>([
    // Was the invite link: "customer … add" read as adding a new customer.
    ['customer Tailspin Toys wants to add 50 seats, are we ok?', named('Tailspin Toys')],
    ['customer Tailspin Toys wants to add 50 Copilot licenses', named('Tailspin Toys')],
    ['Tailspin Toys would like 50 more seats, ok?', named('Tailspin Toys')],
    ['Tailspin wants 50 more seats, can we?', named('Tailspin')],
    ['can we add 20 seats for Fabrikam?', named('Fabrikam')],
    ['client Tailspin Toys wants to add licenses', named('Tailspin Toys')],
    ["le client Tailspin Toys veut ajouter 50 licences, c'est bon ?", named('Tailspin Toys')],
    // Was the customer "expired".
    ['wingtip MCA expired?', named('wingtip')],
    ['is the wingtip MCA expired?', named('wingtip')],
    ["is wingtip's MCA still valid?", named('wingtip')],
    ['Wingtip Toys MCA expiring?', named('Wingtip Toys')],
    ['wingtip expired?', named('wingtip')],
    ['le MCA de Wingtip a expiré ?', named('Wingtip')],
    ['MCA Wingtip périmé ?', named('Wingtip')],
    // Was the customer "Fabrikam subscription".
    ['can we renew the Fabrikam subscription?', named('Fabrikam')],
    ["can we renew Fabrikam's licenses", named('Fabrikam')],
    ['Fabrikam renewal ok?', named('Fabrikam')],
    ['can we upgrade Fabrikam', named('Fabrikam')],
    ["renouveler l'abonnement de Fabrikam", named('Fabrikam')],
    ["peut-on renouveler l'abonnement Fabrikam ?", named('Fabrikam')],
    // Was the customer "contact".
    ['who is the contact at Northwind for the MCA', named('Northwind')],
    ['who is the contact for Northwind', named('Northwind')],
    ['who signed for Northwind', named('Northwind')],
    ['northwind contact', named('northwind')],
    ['who is the signatory at Northwind Traders?', named('Northwind Traders')],
    ['qui est le contact chez Northwind pour le MCA ?', named('Northwind')],
    ['qui a signé pour Northwind ?', named('Northwind')],
  ])('"%s"', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });

  it.each(['how do I add a new customer?', 'add customer', 'ajouter un client'])(
    '"%s", naming no customer, is still the invite',
    (text) => {
      expect(recognize(text)).toEqual(INVITE);
    },
  );
});

describe('thanks, answered in kind', () => {
  it.each([
    'thx!',
    'merci !',
    'thanks',
    'thank you!',
    'thanks mate',
    'thanks for checking',
    'thank you so much',
    'ok thanks',
    'great, thx',
    'cheers',
    'ty',
    'merci beaucoup',
    'Merci bien !',
    'ok d’accord merci',
    'parfait merci',
    'top, merci pour l’info',
    '👍',
    '🙏🏽',
  ])('"%s"', (text) => {
    expect(recognize(text)).toEqual({ intent: 'thanks' });
  });

  it.each<[string, Recognized]>([
    ['thanks, and Fabrikam?', named('Fabrikam')],
    ['merci, et pour Contoso ?', named('Contoso')],
    ['thanks, now the invite link', INVITE as Recognized],
  ])('"%s": a request after the thanks is the request', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });
});

describe('several customers at once: each is checked', () => {
  const several = (...names: string[]): Recognized => ({
    intent: 'severalCustomers',
    customers: names.map((name) => ({ kind: 'name', name })),
    scope: 'mca',
  });
  it.each<[string, Recognized]>([
    [
      'Wingtip Toys, Northwind Traders and Fabrikam – which ones are blocked?',
      several('Wingtip Toys', 'Northwind Traders', 'Fabrikam'),
    ],
    ['wingtip, northwind, fabrikam blocked?', several('wingtip', 'northwind', 'fabrikam')],
    ['Wingtip, Northwind, Fabrikam?', several('Wingtip', 'Northwind', 'Fabrikam')],
    ['can we sell to Wingtip Toys and Tailspin Toys, both?', several('Wingtip Toys', 'Tailspin Toys')],
    ['are wingtip and fabrikam both blocked?', several('wingtip', 'fabrikam')],
    [
      'Fabrikam, Inc., Contoso Ltd and Wingtip Toys mca',
      several('Fabrikam, Inc', 'Contoso Ltd', 'Wingtip Toys'),
    ],
    ['Contoso, Fabrikam', several('Contoso', 'Fabrikam')],
    [
      'check wingtip; northwind; fabrikam; tailspin; woodgrove',
      several('wingtip', 'northwind', 'fabrikam', 'tailspin', 'woodgrove'),
    ],
    [
      'Wingtip Toys, Northwind Traders et Fabrikam – lesquels sont bloqués ?',
      several('Wingtip Toys', 'Northwind Traders', 'Fabrikam'),
    ],
    ['wingtip et fabrikam, lesquels sont bloqués ?', several('wingtip', 'fabrikam')],
    [
      'mca for contoso.com and fabrikam.com',
      {
        intent: 'severalCustomers',
        customers: [
          { kind: 'domain', domain: 'contoso.com' },
          { kind: 'domain', domain: 'fabrikam.com' },
        ],
        scope: 'mca',
      },
    ],
    [
      `check ${SEED} and 2b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b`,
      {
        intent: 'severalCustomers',
        customers: [
          { kind: 'tenantId', tenantId: SEED },
          { kind: 'tenantId', tenantId: '2b9e8d7c-6a5f-4e3d-9c2b-1a0f9e8d7c6b' },
        ],
        scope: 'mca',
      },
    ],
  ])('"%s"', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });

  it.each<[string, Recognized]>([
    ['can we sell to Marks and Spencer?', named('Marks and Spencer')],
    ['is Fabrikam, Inc. on MCA?', named('Fabrikam, Inc')],
    ['City Power & Light', named('City Power & Light')],
    ['hey, can we sell to Contoso?', named('Contoso')],
    ['ok, Contoso MCA?', named('Contoso')],
    [`check ${SEED}, ${SEED}`, tenant()],
  ])('but "%s" is one customer', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });
});
