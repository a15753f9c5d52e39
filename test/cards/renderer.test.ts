import { readdirSync } from 'node:fs';
import { CardRenderer, CardTooLargeError, DEFAULT_CARDS_DIR } from '../../src/cards/renderer';
import { escapeMarkdown, safeUrl } from '../../src/cards/escape';
import { agreements } from '../../src/commands/agreements';
import { errorReply } from '../../src/commands/errorReply';
import { helpReply } from '../../src/commands/table';
import { localizer } from '../../src/i18n/localizer';
import { PartnerCenterError } from '../../src/partnerCenter/errors';
import { acceptance, requestContextFor, partnerCenterAnswering, replyFixtures } from '../helpers/replies';
import { SEED_TENANT } from '../helpers/seeds';

const renderer = new CardRenderer();
const LOCAL = { signIn: 'local', graphSignIn: false } as const;
const en = localizer('en-US');

describe('CardRenderer', () => {
  it('has one template for each card a command can answer with', () => {
    const files = readdirSync(DEFAULT_CARDS_DIR)
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual([
      'adminAccessConfirm',
      'adminAccessCreated',
      'adminRelationships',
      'agreements',
      'customerChoice',
      'customerInput',
      'error',
      'help',
      'inviteChoice',
      'inviteLink',
      'mcaReport',
      'notice',
      'welcome',
    ]);
  });

  it.each(['en-US', 'fr-FR'])('binds every placeholder of every card, in %s', async (locale) => {
    for (const [name, reply] of await replyFixtures(locale)) {
      const json = JSON.stringify(renderer.render(reply));
      expect({ name, leftover: json.includes('${') }).toEqual({ name, leftover: false });
    }
  });

  it('shows hostile names as typed: no link, no image, no formatting', async () => {
    const hostile = '[Click here](https://evil.example) ![pixel](https://evil.example/p.png) **Bold** _it_';
    const reply = await agreements(
      { id: SEED_TENANT },
      'mca',
      requestContextFor(
        partnerCenterAnswering(hostile, [acceptance({ contact: { firstName: hostile, lastName: '`x`' } })]),
      ),
    );
    const json = JSON.stringify(renderer.render(reply));
    expect(json).not.toMatch(/(?<!\\\\)\[Click here\]/);
    expect(json).toContain(
      '\\\\[Click here\\\\](https://evil.example) !\\\\[pixel\\\\](https://evil.example/p.png)',
    );
    expect(json).toContain('\\\\*\\\\*Bold\\\\*\\\\* \\\\_it\\\\_');
  });

  it('drops a link that is not safe to open rather than showing it', async () => {
    const reply = await agreements(
      { id: SEED_TENANT },
      'mca',
      requestContextFor(partnerCenterAnswering('C', [acceptance({ agreementLink: 'javascript:alert(1)' })])),
    );
    const json = JSON.stringify(renderer.render(reply));
    expect(json).not.toContain('javascript:');
    // The one link left is the bot's own: the admin center's acceptance page.
    expect(json.match(/"Action.OpenUrl"/g)).toHaveLength(1);
    expect(json).toContain(
      '"url":"https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement"',
    );
  });

  it('expands a reply once and hands the same card out again; large data is expanded each time', () => {
    const own = new CardRenderer();
    const first = own.render(helpReply(en, LOCAL));
    expect(own.render(helpReply(en, LOCAL))).toBe(first);
    expect(own.render(helpReply(localizer('fr-FR'), LOCAL))).not.toBe(first);
    expect(JSON.stringify(own.render(helpReply(localizer('fr-FR'), LOCAL)))).toContain(
      'Ce que je sais faire',
    );
    const long = { card: 'notice' as const, data: { title: 'x'.repeat(5000), text: 'A long notice' } };
    expect(own.render(long)).not.toBe(own.render(long));
    expect(own.render(long)).toEqual(own.render(long));
  });

  it('refuses a card Teams would reject for its size', () => {
    const huge = helpReply(en, LOCAL, 'x');
    huge.data.commands = Array.from({ length: 400 }, (_, i) => ({
      name: `command ${i}`,
      description: 'y'.repeat(80),
    }));
    expect(() => renderer.render(huge)).toThrow(CardTooLargeError);
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
      '401 / 900421, locally',
      new PartnerCenterError({ ...ids, kind: 'mfaRequired', status: 401, code: '900421' }),
      'Partner Center needs multi-factor authentication',
      'The built-in emulator refuses the stand-in token as Partner Center refuses a sign-in without multi-factor authentication (MFA) since April 2026, because LOCAL_TOKEN_MFA is false. Set it to true to try the bot with MFA.',
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
    expect(french.supportReference).toBe('Référence pour le support\u00a0: corr-1');
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
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('one\ntwo')).toBe('one two');
    expect(escapeMarkdown('a\r\nb\rc')).toBe('a b c');
    expect(escapeMarkdown('  - item')).toBe('  \\- item');
    expect(escapeMarkdown('> quote')).toBe('\\> quote');
    expect(escapeMarkdown('Fabrikam, Inc.')).toBe('Fabrikam, Inc.');
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('\\<img src=x onerror=alert(1)\\>');
  });

  it('keeps https links and local http links only', () => {
    expect(safeUrl('https://aka.ms/customeragreement')).toBe('https://aka.ms/customeragreement');
    expect(safeUrl('http://127.0.0.1:5080/x')).toBe('http://127.0.0.1:5080/x');
    expect(safeUrl('http://evil.example')).toBeUndefined();
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
  });
});
