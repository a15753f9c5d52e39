import { readdirSync } from 'node:fs';
import { CardRenderer, CardTooLargeError, DEFAULT_CARDS_DIR, type Reply } from '../../src/cards/renderer';
import { escapeMarkdown, safeUrl } from '../../src/cards/escape';
import { agreements } from '../../src/commands/agreements';
import { errorReply } from '../../src/commands/errorReply';
import {
  noSignInLocally,
  signedIn,
  signedOut,
  signInFailed,
  signInInPersonalChat,
} from '../../src/commands/signIn';
import { customerInput, help } from '../../src/commands/help';
import { inviteLink } from '../../src/commands/inviteLink';
import type { CommandContext, PartnerCenterPort } from '../../src/commands/context';
import { localizer } from '../../src/i18n/localizer';
import { PartnerCenterError } from '../../src/partnerCenter/errors';
import { SEED_TENANT } from '../helpers/seeds';

const renderer = new CardRenderer();
const en = localizer('en-US');

function texts(card: unknown): string {
  return JSON.stringify(card);
}

/** A Partner Center that answers with the given company and agreements, for rendering tests. */
function partnerCenterAnswering(
  companyName: string,
  items: Array<Record<string, unknown>>,
  directSigned = false,
): PartnerCenterPort {
  return {
    newRequestContext: (input) => ({ correlationId: 'c', deadline: Date.now() + 1000, ...input }),
    getDirectSignedMcaStatus: async () => directSigned,
    getRelationshipRequestUrl: async () =>
      'https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=p&msppId=0&DAP=false#/BillingAccounts/partner-invitation',
    getCustomer: async (id) => ({ id, companyName }),
    getCustomerAgreements: async () => ({ totalCount: items.length, items: items as never }),
  };
}

function contextWith(partnerCenter: PartnerCenterPort, locale = 'en-US'): CommandContext {
  return {
    partnerCenter,
    request: { token: 't', correlationId: 'c', locale, userKey: 'u', deadline: Date.now() + 1000 },
    l10n: localizer(locale),
    emulated: false,
  };
}

const acceptance = (overrides: Record<string, unknown> = {}) => ({
  type: 'MicrosoftCustomerAgreement',
  dateAgreed: '2019-08-26T00:00:00',
  templateId: '117a77b0-9360-443b-8795-c6dedc750cf9',
  agreementLink: 'https://aka.ms/customeragreement',
  primaryContact: {
    firstName: 'Tania',
    lastName: 'Carr',
    email: 'SomeEmail@example.com',
    phoneNumber: '1234567890',
  },
  ...overrides,
});

describe('CardRenderer', () => {
  it('has one template for each card a command can answer with', () => {
    const files = readdirSync(DEFAULT_CARDS_DIR)
      .map((name) => name.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual(['agreements', 'customerInput', 'error', 'help', 'inviteLink', 'notice']);
  });

  it.each<[string, () => Promise<Reply> | Reply]>([
    ['inviteLink', () => inviteLink(contextWith(partnerCenterAnswering('C', [])))],
    [
      'agreements accepted',
      () => agreements(SEED_TENANT, contextWith(partnerCenterAnswering('Wingtip Toys', [acceptance()]))),
    ],
    [
      'agreements none',
      () => agreements(SEED_TENANT, contextWith(partnerCenterAnswering('Wingtip Toys', []))),
    ],
    ['customerInput missing', () => customerInput({ kind: 'missing' }, en)],
    ['customerInput invalid', () => customerInput({ kind: 'invalid', text: '1234' }, en)],
    ['help', () => help(en, { unknownText: 'hello' })],
    ['welcome', () => help(en, { welcome: true })],
    ['error', () => errorReply(new Error('x'), en, { correlationId: 'c' })],
    [
      'sign in from a channel',
      () => signInInPersonalChat(en, 'https://teams.microsoft.com/l/chat/0/0?users=28%3Abot'),
    ],
    ['signed in', () => signedIn(en)],
    ['signed out', () => signedOut(en)],
    ['sign-in failed', () => signInFailed(en)],
    ['no sign-in locally', () => noSignInLocally(en)],
  ])('binds every placeholder of %s', async (_name, reply) => {
    const card = renderer.render(await reply());
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(texts(card)).not.toContain('${');
  });

  it('shows a hostile company or contact name as typed, with no link and no formatting', async () => {
    const reply = await agreements(
      SEED_TENANT,
      contextWith(
        partnerCenterAnswering('[Click me](https://evil.example) **Bold**', [
          acceptance({ primaryContact: { firstName: '_Mal_\nlory', lastName: '`x`' } }),
        ]),
      ),
    );
    const json = texts(renderer.render(reply));
    expect(json).toContain('\\\\[Click me\\\\](https://evil.example) \\\\*\\\\*Bold\\\\*\\\\*');
    expect(json).toContain('\\\\_Mal\\\\_ lory \\\\`x\\\\`');
  });

  it('drops a link that is not safe to open rather than showing it', async () => {
    const reply = await agreements(
      SEED_TENANT,
      contextWith(partnerCenterAnswering('C', [acceptance({ agreementLink: undefined })])),
    );
    reply.data.acceptances = [
      { ...(reply.data.acceptances as object[])[0], agreementUrl: 'javascript:alert(1)' },
    ];
    const json = texts(renderer.render(reply));
    expect(json).not.toContain('javascript:');
    expect(json).not.toContain('Action.OpenUrl');
  });

  it('refuses a card Teams would reject for its size', () => {
    const huge = help(en, { unknownText: 'x' });
    huge.data.commands = Array.from({ length: 400 }, (_, i) => ({
      name: `command ${i}`,
      description: 'y'.repeat(80),
    }));
    expect(() => renderer.render(huge)).toThrow(CardTooLargeError);
  });
});

describe('commands', () => {
  it('puts the invite link in selectable text and behind an Open button', async () => {
    const card = texts(renderer.render(await inviteLink(contextWith(partnerCenterAnswering('C', [])))));
    expect(card).toContain(
      '"id":"inviteLinkText","text":"https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship',
    );
    expect(card).toMatch(
      /"type":"Action.OpenUrl","title":"Open the link","url":"https:\/\/admin\.microsoft\.com\//,
    );
  });

  it('gives the latest acceptance as the verdict, then every acceptance, newest first', async () => {
    const reply = await agreements(
      SEED_TENANT,
      contextWith(
        partnerCenterAnswering('Wingtip Toys', [
          acceptance(),
          acceptance({ dateAgreed: '2019-08-27T00:00:00' }),
        ]),
      ),
    );
    expect(reply.data.verdict).toBe('Accepted on August 27, 2019 by Tania Carr, confirmed by the partner');
    expect((reply.data.acceptances as Array<{ date: string }>).map((a) => a.date)).toEqual([
      'August 27, 2019',
      'August 26, 2019',
    ]);
    expect(JSON.stringify(reply)).not.toContain('SomeEmail@example.com');
  });

  it('says plainly when no MCA acceptance is on record, and what to do next', async () => {
    const reply = await agreements(SEED_TENANT, contextWith(partnerCenterAnswering('Fabrikam', [])));
    const card = texts(renderer.render(reply));
    expect(card).toContain('Not accepted: no Microsoft Customer Agreement acceptance on record');
    expect(card).toContain('Send the customer the invite link');
    expect(card).toContain('"data":{"command":"inviteLink"}');
  });

  it('answers in French for a French locale, dates included', async () => {
    const reply = await agreements(
      SEED_TENANT,
      contextWith(partnerCenterAnswering('Wingtip Toys', [acceptance()]), 'fr-CA'),
    );
    expect(reply.data.verdict).toBe('Accepté le 26 août 2019 par Tania Carr, confirmé par le partenaire');
  });

  it("names the agreement type in the user's language", async () => {
    const typeOf = async (locale: string) => {
      const reply = await agreements(
        SEED_TENANT,
        contextWith(partnerCenterAnswering('C', [acceptance()]), locale),
      );
      return (reply.data.acceptances as Array<{ typeName: string }>)[0]?.typeName;
    };
    expect(await typeOf('en-GB')).toBe('Microsoft Customer Agreement');
    expect(await typeOf('fr-FR')).toBe('Contrat client Microsoft');
  });

  it('turns each Partner Center failure into its own advice, with the support reference and a retry when it may pass', () => {
    const ids = { correlationId: 'corr-1', requestId: 'req-1', operation: 'getCustomerAgreements' };
    const throttled = errorReply(
      new PartnerCenterError({ ...ids, kind: 'throttled', status: 429, retryAfterSeconds: 57 }),
      en,
      {
        correlationId: 'corr-1',
        retryAction: { command: 'agreements', customer: SEED_TENANT },
      },
    );
    expect(throttled.data).toMatchObject({
      title: 'Partner Center is busy',
      advice: 'It is receiving too many requests. Try again in 57 seconds.',
      supportReference: 'Support reference: corr-1',
      retryAction: { command: 'agreements', customer: SEED_TENANT },
    });
    const notFound = errorReply(
      new PartnerCenterError({ ...ids, kind: 'customerNotFound', status: 404 }),
      en,
      {
        correlationId: 'corr-1',
        tenantId: SEED_TENANT,
        retryAction: { command: 'agreements', customer: SEED_TENANT },
      },
    );
    expect(notFound.data.advice).toContain(`No customer with tenant id ${SEED_TENANT}`);
    expect(notFound.data.retryAction).toBeUndefined();
  });

  it('echoes at most 200 characters of what the user typed', () => {
    const reply = customerInput({ kind: 'invalid', text: 'x'.repeat(5000) }, en);
    expect(String(reply.data.text).length).toBeLessThan(400);
  });
});

describe('what a user reads for each failure', () => {
  const ids = { correlationId: 'corr-1', requestId: 'req-1', operation: 'getCustomerAgreements' };
  const card = (error: unknown, locale = 'en-US') =>
    errorReply(error, localizer(locale), { correlationId: 'corr-1', tenantId: SEED_TENANT, cloud: 'china' })
      .data;

  it.each<[string, unknown, string, string]>([
    [
      '401',
      new PartnerCenterError({ ...ids, kind: 'unauthorized', status: 401 }),
      'Partner Center did not accept your sign-in',
      'Your sign-in may have expired. Sign out of Teams and back in, then try again.',
    ],
    [
      '401 / 10001',
      new PartnerCenterError({ ...ids, kind: 'mfaRequired', status: 401, code: '10001' }),
      'Partner Center needs multi-factor authentication',
      'Partner Center requires MFA for this. Sign in again with multi-factor authentication, then try again.',
    ],
    [
      '403',
      new PartnerCenterError({ ...ids, kind: 'forbidden', status: 403 }),
      'You do not have access to this in Partner Center',
      'It needs the Admin agent or Sales agent role. Ask your Partner Center administrator to give you one.',
    ],
    [
      '403 / 20002',
      new PartnerCenterError({ ...ids, kind: 'noRelationship', status: 403, code: '20002' }),
      "You are not this customer's partner",
      'Partner Center has no relationship between you and this customer. Send them the invite link first.',
    ],
    [
      '404 / 1000, 60003',
      new PartnerCenterError({ ...ids, kind: 'customerNotFound', status: 404, code: '60003' }),
      'Customer not found',
      `No customer with tenant id ${SEED_TENANT} is in your Partner Center customer list. Check the id: in Partner Center, Customers, then the customer, then Account (Microsoft ID).`,
    ],
    [
      '429',
      new PartnerCenterError({ ...ids, kind: 'throttled', status: 429, retryAfterSeconds: 57 }),
      'Partner Center is busy',
      'It is receiving too many requests. Try again in 57 seconds.',
    ],
    [
      '5xx',
      new PartnerCenterError({ ...ids, kind: 'unavailable', status: 503 }),
      'Partner Center is having trouble',
      'It answered with an error on its side. Try again in a few minutes.',
    ],
    [
      'network',
      new PartnerCenterError({ ...ids, kind: 'network' }),
      'I could not reach Partner Center',
      'Try again in a moment.',
    ],
    [
      'timeout',
      new PartnerCenterError({ ...ids, kind: 'timeout' }),
      'Partner Center took too long to answer',
      'Try again in a moment.',
    ],
    [
      'unreadable',
      new PartnerCenterError({ ...ids, kind: 'unreadable', status: 200 }),
      'Partner Center sent a response we could not read',
      'I show nothing rather than something wrong. Try again; if it keeps happening, give support the reference below.',
    ],
    [
      'other 4xx',
      new PartnerCenterError({ ...ids, kind: 'rejected', status: 400 }),
      'Partner Center refused the request',
      'Try again; if it keeps happening, give support the reference below.',
    ],
    [
      'not in this cloud',
      new PartnerCenterError({ ...ids, kind: 'notInThisCloud' }),
      'Agreements are not available in this Partner Center',
      'Partner Center offers customer agreements only in its public cloud, and this bot works with Partner Center operated by 21Vianet. The invite link works everywhere.',
    ],
    [
      'a bug',
      new TypeError('x is undefined'),
      'Something went wrong on my side',
      'Try again; if it keeps happening, give support the reference below.',
    ],
  ])('%s: "%s"', (_case, error, title, advice) => {
    expect(card(error)).toMatchObject({ title, advice, supportReference: 'Support reference: corr-1' });
    const french = card(error, 'fr-FR');
    expect(french.title).not.toBe(title);
    expect(french.supportReference).toBe('Référence pour le support : corr-1');
  });

  it('says long waits in minutes, and one in the singular', () => {
    const wait = (seconds: number, locale = 'en-US') =>
      card(new PartnerCenterError({ ...ids, kind: 'throttled', retryAfterSeconds: seconds }), locale).advice;
    expect(wait(1)).toContain('Try again in 1 second.');
    expect(wait(150)).toContain('Try again in 3 minutes.');
    expect(wait(57, 'fr-FR')).toContain('Réessayez dans 57 secondes.');
  });
});

describe('escape', () => {
  it('escapes Markdown and folds lines', () => {
    expect(escapeMarkdown('a*b_c[d](e)`f`~g\\h')).toBe('a\\*b\\_c\\[d\\](e)\\`f\\`\\~g\\\\h');
    expect(escapeMarkdown('# Title')).toBe('\\# Title');
    expect(escapeMarkdown('1. first')).toBe('\\1. first');
    expect(escapeMarkdown('one\ntwo')).toBe('one two');
    expect(escapeMarkdown('Fabrikam, Inc. <tenant id>')).toBe('Fabrikam, Inc. <tenant id>');
  });

  it('keeps https links and local http links only', () => {
    expect(safeUrl('https://aka.ms/customeragreement')).toBe('https://aka.ms/customeragreement');
    expect(safeUrl('http://127.0.0.1:5080/x')).toBe('http://127.0.0.1:5080/x');
    expect(safeUrl('http://evil.example')).toBeUndefined();
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
  });
});
