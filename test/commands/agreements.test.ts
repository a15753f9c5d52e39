import { CardRenderer, MAX_CARD_UTF16_BYTES } from '../../src/cards/renderer';
import { agreements, MAX_LISTED } from '../../src/commands/agreements';
import { ADMIN_CENTER_ACCEPTANCE_URL } from '../../src/mca/whatToDo';
import { PartnerCenterError } from '../../src/partnerCenter/errors';
import { maskEmail, maskPhone } from '../../src/commands/privacy';
import type { Agreement } from '../../src/partnerCenter/types';
import {
  acceptance,
  requestContextFor,
  CURRENT_MCA_TEMPLATE,
  EARLIER_MCA_TEMPLATE,
  partnerCenterAnswering,
} from '../helpers/replies';
import { SEED_TENANT } from '../helpers/seeds';

const renderer = new CardRenderer();
const customer = { id: SEED_TENANT };
const mcloudA = acceptance({ type: 'MicrosoftCloudAgreement', dateAgreed: '2018-03-14T00:00:00' });

const recordsOf = (data: Record<string, unknown>) => data.records as Array<{ date: string; line: string }>;
/** An acceptance's line as the card shows it: its date, then the rest. */
const lineOf = (data: Record<string, unknown>, index = 0) => {
  const record = recordsOf(data)[index];
  return record && `${record.date} · ${record.line}`;
};
const buttonsOf = (data: Record<string, unknown>) =>
  (data.followUps as Array<{ title: string; submitAction: Record<string, string> }>).map((b) => [
    b.title,
    b.submitAction,
  ]);

async function run(
  items: Agreement[],
  scope: 'mca' | 'mcloudA' | 'all',
  options: Parameters<typeof requestContextFor>[1] & { directSigned?: boolean } = {},
) {
  const port = partnerCenterAnswering('Wingtip Toys', items, { directSigned: options.directSigned });
  return (await agreements(customer, scope, requestContextFor(port, options))).data;
}

describe('the MCA verdict on the card', () => {
  it('says the seed customer needs to accept again, with the admin-center step and a message to forward', async () => {
    const data = await run([acceptance(), acceptance({ dateAgreed: '2019-08-27T00:00:00' })], 'mca');
    expect(data).toMatchObject({
      title: 'Wingtip Toys',
      subtitle: `Microsoft Customer Agreement · tenant ${SEED_TENANT}`,
      state: 'reacceptanceNeeded',
      verdictStyle: 'attention',
      verdictMark: '↻',
      verdict: 'Re-acceptance needed: accepted an earlier version on August 27, 2019 (Tania Carr)',
      next: 'Since October 7, 2025, new purchases and changes are blocked until the customer accepts the updated agreement. Forward their admin the message below.',
      acceptanceUrl: ADMIN_CENTER_ACCEPTANCE_URL,
      forward: expect.stringContaining(ADMIN_CENTER_ACCEPTANCE_URL),
      recordsTitle: 'Acceptances on record (2)',
      caveats: [],
    });
    // One line each, newest first; the type is the card's own, so it is not repeated.
    expect(recordsOf(data).map((_, i) => lineOf(data, i))).toEqual([
      'August 27, 2019 · Earlier version · Tania Carr · SomeEmail@example.com · 1234567890',
      'August 26, 2019 · Earlier version · Tania Carr · SomeEmail@example.com · 1234567890',
    ]);
    // The admin center's path is said once, in the message the admin follows.
    const path = 'Settings > Partner relationships > Accept agreement';
    expect(JSON.stringify(data).split(path)).toHaveLength(2);
    expect(String(data.forward)).toContain(path);
    // The template id is a detail for support, behind the card's Details toggle.
    expect(data.details).toEqual([
      { title: 'August 27, 2019', value: '117a77b0-9360-443b-8795-c6dedc750cf9' },
      { title: 'August 26, 2019', value: '117a77b0-9360-443b-8795-c6dedc750cf9' },
    ]);
    expect(data.agreementUrl).toBe('https://aka.ms/customeragreement');
    // The customer has a reselling relationship: the acceptance is the step, not the reseller invite.
    expect(buttonsOf(data)).toEqual([
      ['Show all agreement types', { command: 'agreements', customer: SEED_TENANT, scope: 'all' }],
    ]);
  });

  it('says the customer can transact on a current acceptance, confirmed by the partner', async () => {
    const current = acceptance({ dateAgreed: '2024-02-12T00:00:00', templateId: CURRENT_MCA_TEMPLATE });
    const data = await run([acceptance(), current], 'mca');
    expect(data).toMatchObject({
      state: 'canTransact',
      verdictStyle: 'good',
      verdictMark: '✔',
      verdict:
        'Can transact: accepted the current version on February 12, 2024 by Tania Carr, confirmed by the partner',
    });
    expect(data.next).toBeUndefined();
    expect(data.acceptanceUrl).toBeUndefined();
    expect(recordsOf(data).map((record) => record.line.split(' · ')[0])).toEqual([
      'Current version',
      'Earlier version',
    ]);
  });

  it("takes the customer's own acceptance over an old attestation", async () => {
    const data = await run([acceptance()], 'mca', { directSigned: true });
    expect(data).toMatchObject({
      state: 'canTransact',
      verdict:
        'Can transact: accepted by the customer directly through Microsoft (Microsoft 365 admin center)',
    });
  });

  it('says when nothing is on record, and what the customer admin does', async () => {
    const data = await run([mcloudA], 'mca');
    expect(data).toMatchObject({
      state: 'notAccepted',
      // Not the attention style of re-acceptance: the two blocking states differ, in colour and mark.
      verdictStyle: 'warning',
      verdictMark: '✖',
      verdict: 'Not accepted: no Microsoft Customer Agreement acceptance on record',
      next: 'You cannot sell to them until their admin accepts it in the Microsoft 365 admin center: forward them the message below.',
      acceptanceUrl: ADMIN_CENTER_ACCEPTANCE_URL,
      forward: expect.stringContaining('Settings > Partner relationships > Accept agreement'),
    });
  });

  it('still shows the attestations when the direct status fails, says why, and offers the invite for no relationship', async () => {
    const port = partnerCenterAnswering('Wingtip Toys', [acceptance()]);
    port.getDirectSignedMcaStatus = async () => {
      throw new PartnerCenterError({
        kind: 'noRelationship',
        status: 403,
        code: '20002',
        operation: 'x',
        correlationId: 'c',
      });
    };
    const { data } = await agreements(customer, 'mca', requestContextFor(port));
    expect(data).toMatchObject({
      state: 'unknown',
      verdictStyle: 'emphasis',
      verdictMark: '?',
      verdict: 'Unknown: not everything could be checked',
      next: 'You are not this customer’s reseller (no active reselling relationship), so Partner Center tells nothing of its acceptance. Send the customer your reseller invite link first.',
      caveats: ['Direct acceptance not checked: no active reselling relationship.'],
      recordsTitle: 'Acceptances on record (1)',
    });
    expect(data.acceptanceUrl).toBeUndefined();
    expect(data.invite).toEqual({ title: 'Get the invite link', submitAction: { command: 'inviteLink' } });
  });

  it('never says "can transact" for an acceptance since April 2023 when the MCA versions cannot be read', async () => {
    // Accepted on 17 October 2023, on the earlier template: only the versions could tell it needs re-accepting.
    const port = partnerCenterAnswering('Wingtip Toys', [
      acceptance({ dateAgreed: '2023-10-17T00:00:00', templateId: EARLIER_MCA_TEMPLATE }),
    ]);
    port.getMcaTemplates = async () => {
      throw new PartnerCenterError({ kind: 'timeout', operation: 'x', correlationId: 'c' });
    };
    const { data } = await agreements(customer, 'mca', requestContextFor(port));
    expect(data).toMatchObject({
      state: 'unknown',
      verdict: 'Unknown: not everything could be checked',
      next: 'What is known: accepted on October 17, 2023 (Tania Carr), but whether on the current version could not be read.',
      caveats: [
        'Agreement versions not read: Partner Center took too long. An acceptance since April 1, 2023 cannot be judged without them.',
      ],
    });
    expect(JSON.stringify(data)).not.toContain('Current version');
    expect(JSON.stringify(data)).not.toContain('Earlier version');
  });

  it('still needs re-acceptance for an acceptance before April 2023 when the versions cannot be read', async () => {
    const port = partnerCenterAnswering('Wingtip Toys', [acceptance()]);
    port.getMcaTemplates = async () => [];
    const { data } = await agreements(customer, 'mca', requestContextFor(port));
    expect(data).toMatchObject({ state: 'reacceptanceNeeded', caveats: [] });
  });

  it('says a direct acceptance carries no date nor version, and that the attestations below are not the reason', async () => {
    const port = partnerCenterAnswering('Tailspin Toys', [acceptance()], { directSigned: true });
    const { data } = await agreements(customer, 'mca', requestContextFor(port));
    expect(data).toMatchObject({
      state: 'canTransact',
      verdict:
        'Can transact: accepted by the customer directly through Microsoft (Microsoft 365 admin center)',
      next: 'Partner Center does not say when the customer accepted directly, nor which version.',
      recordsNote:
        'This answer rests on the customer’s own acceptance, not on the partner attestations below.',
    });
  });

  it('asks a customer that never accepted for the MCA, not for "the updated" one', async () => {
    const { data } = await agreements(
      customer,
      'mca',
      requestContextFor(partnerCenterAnswering('Contoso', [])),
    );
    expect(data.state).toBe('notAccepted');
    expect(String(data.forward)).toMatch(/^Please accept the Microsoft Customer Agreement so that/);
    expect(String(data.forward)).not.toContain('updated');
  });

  it('tells what to do when an existing attestation blocks the customer’s own re-acceptance', async () => {
    const { data } = await agreements(
      customer,
      'mca',
      requestContextFor(partnerCenterAnswering('Contoso', [acceptance()])),
    );
    expect(data.state).toBe('reacceptanceNeeded');
    expect(String(data.hint)).toContain('another authorized signatory');
    expect(String(data.hint)).toContain('another email address or phone number');
  });

  it('answers with the failure when nothing about the agreements could be read', async () => {
    const port = partnerCenterAnswering('Wingtip Toys', []);
    const unavailable = new PartnerCenterError({ kind: 'unavailable', operation: 'x', correlationId: 'c' });
    port.getCustomerAgreements = async () => Promise.reject(unavailable);
    port.getDirectSignedMcaStatus = async () => Promise.reject(unavailable);
    await expect(agreements(customer, 'mca', requestContextFor(port))).rejects.toBe(unavailable);
  });

  it("answers from the customer's own acceptance when the attestations cannot be read, and says so", async () => {
    const port = partnerCenterAnswering('Wingtip Toys', [], { directSigned: true });
    port.getCustomerAgreements = async () => {
      throw new PartnerCenterError({ kind: 'throttled', status: 429, operation: 'x', correlationId: 'c' });
    };
    const { data } = await agreements(customer, 'mca', requestContextFor(port));
    expect(data).toMatchObject({
      state: 'canTransact',
      caveats: ['Partner attestations not checked: Partner Center is busy.'],
      recordsTitle: 'Acceptances on record (0)',
    });
  });

  it('lets an MFA refusal answer for itself, whichever call got it', async () => {
    const port = partnerCenterAnswering('Wingtip Toys', [acceptance()]);
    const mfa = new PartnerCenterError({
      kind: 'mfaRequired',
      status: 401,
      operation: 'x',
      correlationId: 'c',
    });
    port.getDirectSignedMcaStatus = async () => Promise.reject(mfa);
    await expect(agreements(customer, 'mca', requestContextFor(port))).rejects.toBe(mfa);
  });

  it('answers in French, with French dates', async () => {
    const data = await run([acceptance()], 'mca', { locale: 'fr-FR' });
    expect(data.verdict).toBe(
      'Nouvelle acceptation nécessaire\u00a0: une version antérieure a été acceptée le 26 août 2019 (Tania Carr)',
    );
    expect(data).toMatchObject({
      title: 'Wingtip Toys',
      subtitle: `Contrat client Microsoft · ID de locataire ${SEED_TENANT}`,
      showDetails: 'ID de modèle (pour le support)',
    });
    expect(lineOf(data)).toBe(
      '26 août 2019 · Version antérieure · Tania Carr · SomeEmail@example.com · 1234567890',
    );
  });
});

describe('other agreement types', () => {
  it('shows every type for "all", the MCA verdict first, and offers to check the MCA alone', async () => {
    const data = await run([mcloudA, acceptance()], 'all');
    expect(data).toMatchObject({
      title: 'Wingtip Toys',
      subtitle: `Agreements · tenant ${SEED_TENANT}`,
      recordsTitle: 'Agreements on record (2)',
      state: 'reacceptanceNeeded',
    });
    // Among every type, each line names its own.
    expect(recordsOf(data).map((_, i) => lineOf(data, i))).toEqual([
      'August 26, 2019 · Microsoft Customer Agreement · Earlier version · Tania Carr · SomeEmail@example.com · 1234567890',
      'March 14, 2018 · Microsoft Cloud Agreement · Tania Carr · SomeEmail@example.com · 1234567890',
    ]);
    expect(buttonsOf(data)).toEqual([
      ['Check MCA', { command: 'agreements', customer: SEED_TENANT, scope: 'mca' }],
    ]);
  });

  it('answers the Microsoft Cloud Agreement question with its own verdict', async () => {
    expect(await run([mcloudA], 'mcloudA')).toMatchObject({
      subtitle: `Microsoft Cloud Agreement · tenant ${SEED_TENANT}`,
      verdictMark: '✔',
      verdict: 'Accepted on March 14, 2018 by Tania Carr',
    });
    expect(await run([], 'mcloudA')).toMatchObject({
      state: 'mcloudANone',
      verdictMark: '✖',
      verdict: 'No Microsoft Cloud Agreement on record',
    });
  });

  it('shows a type Microsoft adds later by its API name', async () => {
    const data = await run([acceptance({ type: 'MicrosoftPartnerAgreementV9' })], 'all');
    expect(recordsOf(data)[0]?.line).toMatch(/^MicrosoftPartnerAgreementV9 · Tania Carr/);
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
    expect(lineOf(data)).toBe(
      'August 26, 2019 · Earlier version · Tania Carr · t***@example.com · *********78',
    );
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
    expect(lineOf(data)).toBe('August 26, 2019 · Earlier version · Tania Carr');
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
    expect(recordsOf(data)[0]?.date).toBe('May 14, 2001'); // 1 January 2000 + 499 days, the newest
    expect(data.moreText).toBe(`${500 - MAX_LISTED} older ones not shown.`);
    const card = renderer.render({ card: 'agreements', data });
    expect(JSON.stringify(card).length * 2).toBeLessThanOrEqual(MAX_CARD_UTF16_BYTES);
    expect(JSON.stringify({ type: 'message', attachments: [card] }).length * 2).toBeLessThan(40 * 1024);
  });
});

const dateOf = (data: Record<string, unknown>) => recordsOf(data)[0]?.date;

describe('dates', () => {
  it("shows a time of day in the user's time zone, and a recorded date as the date it is", async () => {
    const timed = acceptance({ dateAgreed: '2021-05-18T09:30:00' });
    expect(dateOf(await run([timed], 'mca', { timeZone: 'Europe/Paris' }))).toBe(
      'May 18, 2021 at 11:30 AM GMT+2',
    );
    expect(dateOf(await run([timed], 'mca', { timeZone: 'America/Los_Angeles' }))).toBe(
      'May 18, 2021 at 2:30 AM PDT',
    );
    expect(dateOf(await run([acceptance()], 'mca', { timeZone: 'America/Los_Angeles' }))).toBe(
      'August 26, 2019',
    );
    expect(dateOf(await run([timed], 'mca', { timeZone: 'Not/AZone' }))).toBe('May 18, 2021 at 9:30 AM UTC');
  });
});

describe('the day the card is made', () => {
  it('tells of the blocking to come before 7 October 2025, and of the blocking in force after it', async () => {
    const port = partnerCenterAnswering('Wingtip Toys', [acceptance()]);
    const before = await agreements(
      customer,
      'mca',
      requestContextFor(port, { today: new Date('2025-09-01') }),
    );
    expect(before.data.next).toMatch(/^From October 7, 2025, new purchases and changes will be blocked/);
    const after = await agreements(customer, 'mca', requestContextFor(port));
    expect(after.data.next).toMatch(/^Since October 7, 2025, new purchases and changes are blocked/);
  });
});
