import { recognize, recognizeSubmit } from '../../src/recognizer/recognizer';

const SEED_TENANT = '14876998-c0dc-46e6-9d0c-65a57a6c32ec';

describe('recognize', () => {
  it.each([
    'invite link',
    'Invite link',
    'INVITE LINK!',
    'invitation link',
    'the invite link please',
    'send the invite link',
    'get me the reseller link',
    'reseller relationship link',
    'relationship request url',
    '  invite   link  ',
    'invite&nbsp;link',
    '<p>invite link</p>',
    'invite\u200B link',
    "lien d'invitation",
    'Lien d’invitation',
    'lien de revendeur',
    'invitation revendeur',
    'Envoie le lien d’invitation stp',
  ])('"%s" asks for the invite link', (text) => {
    expect(recognize(text)).toEqual({ intent: 'inviteLink' });
  });

  it.each([
    [`agreements for ${SEED_TENANT}`],
    [`Agreements for ${SEED_TENANT.toUpperCase()}`],
    [`agreements for {${SEED_TENANT}}`],
    [`agreement ${SEED_TENANT}`],
    [`agreements ${SEED_TENANT}?`],
    [`agreements for "${SEED_TENANT}"`],
    [`check agreements for ${SEED_TENANT}`],
    [`mca for ${SEED_TENANT}`],
    [`contrats pour ${SEED_TENANT}`],
    [`contrat de ${SEED_TENANT}`],
    [`agreements for&nbsp;${SEED_TENANT}`],
  ])('"%s" asks for the agreements of the seeds\' customer', (text) => {
    expect(recognize(text)).toEqual({
      intent: 'agreements',
      customer: { kind: 'tenantId', tenantId: SEED_TENANT },
    });
  });

  it.each([
    ['agreements for 1234', '1234'],
    ['agreements for 14876998-c0dc-46e6-9d0c-65a57a6c32e', '14876998-c0dc-46e6-9d0c-65a57a6c32e'],
    ['agreements for 14876998c0dc46e69d0c65a57a6c32ecXX', '14876998c0dc46e69d0c65a57a6c32ecXX'],
    ['agreements for ../../partners', '../../partners'],
    ['agreements for 14876998-c0dc-46e6-9d0c-65a57a6c32ec?x=1', '14876998-c0dc-46e6-9d0c-65a57a6c32ec?x=1'],
  ])('"%s" is an agreements request with a malformed tenant id', (text, typed) => {
    expect(recognize(text)).toEqual({ intent: 'agreements', customer: { kind: 'invalid', text: typed } });
  });

  it.each(['agreements', 'agreements for', 'Agreements for ?', 'contrats'])(
    '"%s" is an agreements request that does not say which customer',
    (text) => {
      expect(recognize(text)).toEqual({ intent: 'agreements', customer: { kind: 'missing' } });
    },
  );

  it.each(['help', 'Help!', 'aide', '?', 'what can you do', '', '   ', '<at>Bot</at>'])(
    '"%s" asks for help',
    (text) => {
      expect(recognize(text)).toEqual({ intent: 'help' });
    },
  );

  it.each(['hello', 'invite', 'link', 'what is the weather', 'agreementsfor x'])(
    '"%s" is not understood',
    (text) => {
      expect(recognize(text)).toEqual({ intent: 'unknown', text });
    },
  );
});

describe('recognizeSubmit', () => {
  it('reads the card buttons', () => {
    expect(recognizeSubmit({ command: 'inviteLink' })).toEqual({ intent: 'inviteLink' });
    expect(recognizeSubmit({ command: 'agreements', customer: ` {${SEED_TENANT.toUpperCase()}} ` })).toEqual({
      intent: 'agreements',
      customer: { kind: 'tenantId', tenantId: SEED_TENANT },
    });
    expect(recognizeSubmit({ command: 'agreements' })).toEqual({
      intent: 'agreements',
      customer: { kind: 'missing' },
    });
    expect(recognizeSubmit({ command: 'agreements', customer: 'nope' })).toEqual({
      intent: 'agreements',
      customer: { kind: 'invalid', text: 'nope' },
    });
  });

  it('reads anything else as a request for help', () => {
    expect(recognizeSubmit({ command: 'deleteEverything' })).toEqual({ intent: 'help' });
    expect(recognizeSubmit({ command: { nested: true } })).toEqual({ intent: 'help' });
    expect(recognizeSubmit({})).toEqual({ intent: 'help' });
  });
});
