import { readMessage, readSubmit } from '../../src/commands/runCommand';
import { isCancel, recognize, type Recognized } from '../../src/recognizer/recognizer';
import { readCustomerReply } from '../../src/recognizer/customerAnswer';
import { editDistance } from '../../src/recognizer/suggest';

const SEED = '14876998-c0dc-46e6-9d0c-65a57a6c32ec';
const agreements = (customer: object, scope = 'mca'): Recognized =>
  ({ intent: 'agreements', customer, scope }) as Recognized;
const tenant = (tenantId = SEED) => ({ kind: 'tenantId', tenantId });
const domain = (d: string) => ({ kind: 'domain', domain: d });
const name = (n: string) => ({ kind: 'name', name: n });

describe('invite link, in English and French', () => {
  it.each([
    'invite link',
    'Invite link',
    'INVITE LINK!',
    'invitation link',
    'reseller link',
    'send the invite',
    'Send the invite link please',
    'the invite link please',
    'get me the reseller link',
    'reseller relationship link',
    'relationship request url',
    'share our invitation link',
    'invite',
    '  invite   link  ',
    'invite&nbsp;link',
    '<p>invite link</p>',
    'invite\u200B link',
    "lien d'invitation",
    'lein d’invitation',
    'link',
    'le lien',
    'invit link',
    'invitaton link',
    'Lien d’invitation',
    'lien de revendeur',
    'invitation revendeur',
    'Invitation de revendeur',
    'Envoie-moi le lien d’invitation stp',
    'donne moi le lien de relation svp',
  ])('"%s"', (text) => {
    expect(recognize(text)).toEqual({ intent: 'inviteLink' });
  });
});

describe('agreements, in English', () => {
  it.each<[string, Recognized]>([
    [`agreements for ${SEED}`, agreements(tenant())],
    [`Agreements for ${SEED.toUpperCase()}`, agreements(tenant())],
    [`agreements for {${SEED}}`, agreements(tenant())],
    [`agreement ${SEED}`, agreements(tenant())],
    [`agreements ${SEED}?`, agreements(tenant())],
    [`agreements for "${SEED}"`, agreements(tenant())],
    [`check agreements for ${SEED}`, agreements(tenant())],
    [`please show the agreements of ${SEED}`, agreements(tenant())],
    [`mca for ${SEED}`, agreements(tenant())],
    ['mca for contoso.onmicrosoft.com', agreements(domain('contoso.onmicrosoft.com'))],
    ['MCA for Contoso.com?', agreements(domain('contoso.com'))],
    ['agreements for contoso.com', agreements(domain('contoso.com'))],
    ['has Contoso Ltd accepted the MCA?', agreements(name('Contoso Ltd'))],
    [
      'Has contoso.onmicrosoft.com accepted the Microsoft Customer Agreement',
      agreements(domain('contoso.onmicrosoft.com')),
    ],
    [`has ${SEED} signed the mca`, agreements(tenant())],
    ['did fabrikam.com sign the customer agreement', agreements(domain('fabrikam.com'))],
    ['Did "Northwind Traders" sign the customer agreement?', agreements(name('Northwind Traders'))],
    ['customer agreement for “Adventure Works”', agreements(name('Adventure Works'))],
    ['show me the agreements of Litware, Inc.', agreements(name('Litware, Inc'))],
    ['agreements for the customer Contoso', agreements(name('Contoso'))],
    ['check the agreements: contoso.com', agreements(domain('contoso.com'))],
    ['agreements for Wingtip Toys please', agreements(name('Wingtip Toys'))],
    ['all agreements for Northwind', agreements(name('Northwind'), 'all')],
    [
      'show all the agreements of northwindtraders.onmicrosoft.com',
      agreements(domain('northwindtraders.onmicrosoft.com'), 'all'),
    ],
    [
      'cloud agreement for fabrikam.onmicrosoft.com',
      agreements(domain('fabrikam.onmicrosoft.com'), 'mcloudA'),
    ],
    ['mcloudA for Fabrikam', agreements(name('Fabrikam'), 'mcloudA')],
    ['Microsoft Cloud Agreement of Fabrikam, Inc.', agreements(name('Fabrikam, Inc'), 'mcloudA')],
    ['did Fabrikam sign the cloud agreement?', agreements(name('Fabrikam'), 'mcloudA')],
  ])('"%s"', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });
});

describe('agreements, in French', () => {
  it.each<[string, Recognized]>([
    [`contrats pour ${SEED}`, agreements(tenant())],
    [`contrat de ${SEED}`, agreements(tenant())],
    ['contrats pour Wingtip Toys', agreements(name('Wingtip Toys'))],
    ['contrat de wingtiptoys.onmicrosoft.com', agreements(domain('wingtiptoys.onmicrosoft.com'))],
    ['Contrats du client Contoso', agreements(name('Contoso'))],
    ['contrat client de Contoso', agreements(name('Contoso'))],
    ['Société Générale a-t-il accepté le MCA ?', agreements(name('Société Générale'))],
    ['Contoso a-t-elle signé le contrat client ?', agreements(name('Contoso'))],
    ['est-ce que Contoso a signé le contrat client ?', agreements(name('Contoso'))],
    ["est-ce qu'Adatum a accepté le MCA", agreements(name('Adatum'))],
    ['tous les contrats de Northwind', agreements(name('Northwind'), 'all')],
    [
      'montre-moi tous les contrats de northwindtraders.onmicrosoft.com',
      agreements(domain('northwindtraders.onmicrosoft.com'), 'all'),
    ],
    ['contrat cloud de Fabrikam', agreements(name('Fabrikam'), 'mcloudA')],
    ['mca de « Groupe Étoile »', agreements(name('Groupe Étoile'))],
  ])('"%s"', (text, expected) => {
    expect(recognize(text)).toEqual(expected);
  });
});

describe('agreements without a usable customer', () => {
  it.each(['agreements', 'agreements for', 'Agreements for ?', 'contrats', 'mca', 'all agreements'])(
    '"%s" does not say which customer',
    (text) => {
      expect(recognize(text)).toMatchObject({ intent: 'agreements', customer: { kind: 'missing' } });
    },
  );

  it.each([
    ['agreements for 1234-abcd', '1234-abcd'],
    ['agreements for 14876998-c0dc-46e6-9d0c-65a57a6c32e', '14876998-c0dc-46e6-9d0c-65a57a6c32e'],
    ['agreements for {14876998c0dc46e69d0c65a57a6c32ec00}', '14876998c0dc46e69d0c65a57a6c32ec00'],
    ['agreements for 1234', '1234'],
  ])('"%s" has a malformed tenant id', (text, typed) => {
    expect(recognize(text)).toMatchObject({
      intent: 'agreements',
      customer: { kind: 'invalid', text: typed },
    });
  });

  it('takes path and query fragments apart: only a whole GUID or the words of a name are kept', () => {
    expect(recognize('agreements for ../../partners')).toMatchObject({ customer: name('partners') });
    expect(recognize(`agreements for ${SEED}?agreementType=*`)).toMatchObject({ customer: tenant() });
    expect(recognize(`agreements for ${SEED}00`)).toMatchObject({
      customer: { kind: 'invalid', text: `${SEED}00` },
    });
  });
});

describe('other commands', () => {
  it.each([
    'help',
    'Help!',
    'aide',
    'what can you do',
    'que sais-tu faire ?',
    'Que savez-vous faire ?',
    'que pouvez-vous faire',
    '',
    '   ',
    '<at>Bot</at>',
  ])('"%s" asks for help', (text) => {
    expect(recognize(text)).toEqual({ intent: 'help' });
  });

  it.each(['hello', 'Bonjour', 'hi!', 'hey there', 'salut', 'coucou tout le monde'])(
    '"%s" is a greeting, answered with the welcome card',
    (text) => {
      expect(recognize(text)).toEqual({ intent: 'greeting' });
    },
  );

  it.each(['sign in', 'Sign in please', 'log in', 'login', 'se connecter', 'Connexion'])(
    '"%s" signs in',
    (text) => {
      expect(recognize(text)).toEqual({ intent: 'signIn' });
    },
  );

  it.each(['sign out', 'log out', 'logout', 'se déconnecter', 'Déconnexion'])('"%s" signs out', (text) => {
    expect(recognize(text)).toEqual({ intent: 'signOut' });
  });

  it.each(['cancel', 'Cancel!', 'never mind', 'annuler', 'laisse tomber'])(
    '"%s" cancels a question',
    (text) => {
      expect(isCancel(text)).toBe(true);
    },
  );

  it('does not take a customer called "Stop & Shop" for a cancel', () => {
    expect(isCancel('Stop & Shop')).toBe(false);
  });
});

describe('text it does not understand', () => {
  it.each<[string, string | undefined]>([
    ['agrements for contoso', 'agreements for contoso'],
    ['agreemnts for Wingtip Toys', 'agreements for Wingtip Toys'],
    ['contrtas pour Contoso', 'contrats pour Contoso'],
    ['what is the weather', undefined],
    ['how much is a Surface?', undefined],
  ])('"%s" suggests %j', (text, suggestion) => {
    const recognized = recognize(text);
    expect(recognized).toMatchObject({ intent: 'unknown', text: text.replace(/[\s?!.]+$/, '') });
    expect((recognized as { suggestion?: string }).suggestion).toBe(suggestion);
  });

  it('measures typos as edits', () => {
    expect(editDistance('agrements', 'agreements')).toBe(1);
    expect(editDistance('invit', 'invite')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('card buttons', () => {
  it('read as the requests they stand for', () => {
    expect(readSubmit({ command: 'inviteLink' })).toEqual({ intent: 'inviteLink' });
    expect(readSubmit({ command: 'signIn' })).toEqual({ intent: 'signIn' });
    expect(readSubmit({ command: 'agreements', customer: ` {${SEED.toUpperCase()}} ` })).toEqual(
      agreements(tenant()),
    );
    expect(readSubmit({ command: 'agreements', customer: SEED, scope: 'all' })).toEqual(
      agreements(tenant(), 'all'),
    );
    expect(readSubmit({ command: 'agreements', customer: 'Contoso Ltd', scope: 'mcloudA' })).toEqual(
      agreements(name('Contoso Ltd'), 'mcloudA'),
    );
    expect(readSubmit({ command: 'agreements' })).toEqual(agreements({ kind: 'missing' }));
    expect(readSubmit({ command: 'say', text: 'agreements for contoso.com' })).toEqual(
      agreements(domain('contoso.com')),
    );
  });

  it('read a Cancel button as cancelling the report it names, and only a plausible name', () => {
    expect(readSubmit({ command: 'cancelReport', jobId: 'job-1' })).toEqual({
      intent: 'cancelReport',
      jobId: 'job-1',
    });
    expect(readSubmit({ command: 'cancelReport' })).toEqual({ intent: 'cancelReport' });
    expect(readSubmit({ command: 'cancelReport', jobId: 'x'.repeat(5000) })).toEqual({
      intent: 'cancelReport',
    });
    expect(readSubmit({ command: 'cancelReport', jobId: { $ne: null } })).toEqual({
      intent: 'cancelReport',
    });
  });

  it('read anything unexpected as a request for help', () => {
    expect(readSubmit({ command: 'deleteEverything' })).toEqual({ intent: 'help' });
    expect(readSubmit({ command: 'agreements', customer: SEED, scope: 'everything' })).toEqual(
      agreements(tenant()),
    );
    expect(readSubmit({ command: { nested: true } })).toEqual({ intent: 'help' });
    expect(readSubmit({ command: 'say', text: 42 })).toEqual({ intent: 'help' });
    expect(readSubmit({})).toEqual({ intent: 'help' });
  });
});

describe('a message as Teams sends it (readMessage)', () => {
  it.each<[string, { text?: unknown; value?: unknown }, Recognized]>([
    ['typed text', { text: 'invite link' }, { intent: 'inviteLink' }],
    ['a card button, no text', { value: { command: 'inviteLink' } }, { intent: 'inviteLink' }],
    ['text wins over a value', { text: 'help', value: { command: 'inviteLink' } }, { intent: 'help' }],
    ['a value that is not an object', { value: 'inviteLink' }, { intent: 'help' }],
    ['a null value', { value: null }, { intent: 'help' }],
    ['text that is not a string', { text: 42 }, { intent: 'help' }],
  ])('%s', (_case, message, expected) => {
    expect(readMessage(message)).toEqual(expected);
  });
});

describe('a reply to "Which customer?" (readCustomerReply)', () => {
  it('reads typed text, and the box of the question card when there is none', () => {
    expect(readCustomerReply({ text: 'contoso.onmicrosoft.com' }, readSubmit)).toMatchObject({
      kind: 'customer',
      customer: { kind: 'domain', domain: 'contoso.onmicrosoft.com' },
    });
    expect(
      readCustomerReply({ text: '  ', value: { command: 'agreements', customer: 'Contoso' } }, readSubmit),
    ).toMatchObject({ kind: 'customer', customer: { kind: 'name', name: 'Contoso' } });
  });

  it("takes another card's button as that request", () => {
    expect(readCustomerReply({ value: { command: 'inviteLink' } }, readSubmit)).toEqual({
      kind: 'otherRequest',
      recognized: { intent: 'inviteLink' },
    });
  });

  it('is nothing when the message holds neither text nor a customer box', () => {
    for (const message of [
      {},
      { text: '' },
      { value: { command: 'agreements' } },
      { value: 'x' },
      { value: null },
    ]) {
      expect(readCustomerReply(message, readSubmit)).toBeUndefined();
    }
  });
});
