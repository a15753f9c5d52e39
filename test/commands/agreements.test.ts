import { CardRenderer, MAX_CARD_UTF16_BYTES } from '../../src/cards/renderer';
import { agreements, MAX_LISTED } from '../../src/commands/agreements';
import { maskEmail, maskPhone } from '../../src/commands/privacy';
import type { Agreement } from '../../src/partnerCenter/types';
import { acceptance, commandContext, partnerCenterAnswering } from '../helpers/replies';
import { SEED_TENANT } from '../helpers/seeds';

const renderer = new CardRenderer();
const customer = { id: SEED_TENANT };
const mcloudA = acceptance({ type: 'MicrosoftCloudAgreement', dateAgreed: '2018-03-14T00:00:00' });

type Facts = Array<{ title: string; value: string }>;
const recordsOf = (data: Record<string, unknown>) => data.records as Array<{ facts: Facts }>;
const factsOf = (data: Record<string, unknown>, index = 0) =>
  Object.fromEntries((recordsOf(data)[index]?.facts ?? []).map((f) => [f.title, f.value]));
const buttonsOf = (data: Record<string, unknown>) =>
  (data.followUps as Array<{ title: string; submitAction: Record<string, string> }>).map((b) => [
    b.title,
    b.submitAction,
  ]);

async function run(
  items: Agreement[],
  scope: 'mca' | 'mcloudA' | 'all',
  options: Parameters<typeof commandContext>[1] & { directSigned?: boolean } = {},
) {
  const port = partnerCenterAnswering('Wingtip Toys', items, { directSigned: options.directSigned });
  return (await agreements(customer, scope, commandContext(port, options))).data;
}

describe('the MCA verdict', () => {
  it('names the latest acceptance, its date and contact, confirmed by the partner, then lists them newest first', async () => {
    const data = await run([acceptance(), acceptance({ dateAgreed: '2019-08-27T00:00:00' })], 'mca');
    expect(data).toMatchObject({
      title: 'Microsoft Customer Agreement',
      customerLine: `Wingtip Toys · tenant ${SEED_TENANT}`,
      accepted: true,
      verdict: 'Accepted on August 27, 2019 by Tania Carr, confirmed by the partner',
      recordsTitle: 'Acceptances on record (2)',
    });
    expect(data.next).toBeUndefined();
    expect(recordsOf(data).map((_, i) => factsOf(data, i).Date)).toEqual([
      'August 27, 2019',
      'August 26, 2019',
    ]);
    expect(factsOf(data)).toEqual({
      Type: 'Microsoft Customer Agreement',
      Date: 'August 27, 2019',
      Contact: 'Tania Carr',
      Email: 'SomeEmail@example.com',
      Phone: '1234567890',
      Template: '117a77b0-9360-443b-8795-c6dedc750cf9',
    });
  });

  it('says when the customer accepted the MCA itself, which the partner-confirmed list does not show', async () => {
    const data = await run([], 'mca', { directSigned: true });
    expect(data).toMatchObject({
      accepted: true,
      verdict: 'Accepted directly by the customer, in the Microsoft 365 admin center',
    });
  });

  it('says when nothing is on record, what to do next, and offers the invite link', async () => {
    const data = await run([mcloudA], 'mca');
    expect(data).toMatchObject({
      accepted: false,
      verdict: 'Not accepted: no Microsoft Customer Agreement acceptance on record',
      next: 'Send the customer the invite link, or, if they have accepted the agreement, confirm their acceptance in Partner Center.',
    });
    expect(buttonsOf(data)).toEqual([
      ['Show all agreement types', { command: 'agreements', customer: SEED_TENANT, scope: 'all' }],
      ['Get the invite link', { command: 'inviteLink' }],
    ]);
  });

  it('answers in French, with French dates', async () => {
    const data = await run([acceptance()], 'mca', { locale: 'fr-FR' });
    expect(data.verdict).toBe('Accepté le 26 août 2019 par Tania Carr, confirmé par le partenaire');
    expect(factsOf(data)).toMatchObject({ Type: 'Contrat client Microsoft', Date: '26 août 2019' });
  });
});

describe('other agreement types', () => {
  it('shows every type for "all", the MCA verdict first, and offers to check the MCA alone', async () => {
    const data = await run([mcloudA, acceptance()], 'all');
    expect(data).toMatchObject({
      title: 'Agreements',
      recordsTitle: 'Agreements on record (2)',
      accepted: true,
    });
    expect(recordsOf(data).map((_, i) => factsOf(data, i).Type)).toEqual([
      'Microsoft Customer Agreement',
      'Microsoft Cloud Agreement',
    ]);
    expect(buttonsOf(data)).toEqual([
      ['Check MCA', { command: 'agreements', customer: SEED_TENANT, scope: 'mca' }],
    ]);
  });

  it('answers the Microsoft Cloud Agreement question with its own verdict', async () => {
    expect(await run([mcloudA], 'mcloudA')).toMatchObject({
      title: 'Microsoft Cloud Agreement',
      verdict: 'Accepted on March 14, 2018 by Tania Carr',
    });
    expect(await run([], 'mcloudA')).toMatchObject({
      accepted: false,
      verdict: 'No Microsoft Cloud Agreement on record',
    });
  });

  it('shows a type Microsoft adds later by its API name', async () => {
    const data = await run([acceptance({ type: 'MicrosoftPartnerAgreementV9' })], 'all');
    expect(factsOf(data).Type).toBe('MicrosoftPartnerAgreementV9');
  });
});

describe('privacy', () => {
  it('masks contact email and phone where others read the card; names and dates stay', async () => {
    const data = await run(
      [acceptance({ contact: { email: 'tania.carr@example.com', phoneNumber: '+33 6 12 34 56 78' } })],
      'mca',
      {
        maskContacts: true,
      },
    );
    expect(factsOf(data)).toMatchObject({
      Contact: 'Tania Carr',
      Date: 'August 26, 2019',
      Email: 't***@example.com',
      Phone: '*********78',
    });
    expect(JSON.stringify(data)).not.toMatch(/tania\.carr@|12 34/);
  });

  it('masks in every shape', () => {
    expect(maskEmail('SomeEmail@example.com')).toBe('S***@example.com');
    expect(maskEmail('not-an-email')).toBe('***');
    expect(maskPhone('1234567890')).toBe('********90');
    expect(maskPhone('12')).toBe('***');
  });

  it('leaves out contact details Partner Center does not have', async () => {
    const data = await run([acceptance({ contact: { email: undefined, phoneNumber: undefined } })], 'mca');
    expect(Object.keys(factsOf(data))).toEqual(['Type', 'Date', 'Contact', 'Template']);
  });
});

describe('size', () => {
  it(`lists the newest ${MAX_LISTED} of 500 agreements, counts the rest, and stays under Teams' 40 KB`, async () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      acceptance({
        dateAgreed: new Date(Date.UTC(2000, 0, 1 + i)).toISOString().replace('.000Z', ''),
        contact: {
          firstName: 'A'.repeat(400),
          lastName: 'B'.repeat(400),
          email: `${'e'.repeat(300)}@example.com`,
        },
      }),
    );
    const data = await run(many, 'all');
    expect(recordsOf(data)).toHaveLength(MAX_LISTED);
    expect(factsOf(data).Date).toBe('May 14, 2001'); // 1 January 2000 + 499 days, the newest
    expect(data.moreText).toBe(`${500 - MAX_LISTED} older ones not shown.`);
    const card = renderer.render({ card: 'agreements', data });
    expect(JSON.stringify(card).length * 2).toBeLessThanOrEqual(MAX_CARD_UTF16_BYTES);
    expect(JSON.stringify({ type: 'message', attachments: [card] }).length * 2).toBeLessThan(40 * 1024);
  });
});

describe('dates', () => {
  it("shows a time of day in the user's time zone, and a recorded date as the date it is", async () => {
    const timed = acceptance({ dateAgreed: '2021-05-18T09:30:00' });
    expect(factsOf(await run([timed], 'mca', { timeZone: 'Europe/Paris' })).Date).toBe(
      'May 18, 2021 at 11:30 AM',
    );
    expect(factsOf(await run([timed], 'mca', { timeZone: 'America/Los_Angeles' })).Date).toBe(
      'May 18, 2021 at 2:30 AM',
    );
    expect(factsOf(await run([acceptance()], 'mca', { timeZone: 'America/Los_Angeles' })).Date).toBe(
      'August 26, 2019',
    );
    expect(factsOf(await run([timed], 'mca', { timeZone: 'Not/AZone' })).Date).toBe(
      'May 18, 2021 at 9:30 AM',
    );
  });
});
