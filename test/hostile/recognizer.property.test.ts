import fc from 'fast-check';
import { readSubmit } from '../../src/commands/runCommand';
import { isCancel, MAX_REQUEST_LENGTH, recognize } from '../../src/recognizer/recognizer';
import { isTenantId } from '../../src/checks';
import { customerReference } from '../../src/recognizer/customer';
import { backtrackingBait, hostileText } from './inputs';

/**
 * Far above what linear work on 180,000 characters costs, far below what a backtracking pattern costs on them
 * (seconds): every input is measured on its own, on every path text reaches the recognizer by.
 */
const PER_INPUT_MS = 250;

/**
 * The CPU time the work took, not the time on the wall: the cost of the work itself, which a busy machine does
 * not inflate by running other processes first.
 */
function cpuMs(work: () => unknown): number {
  const before = process.cpuUsage();
  work();
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000;
}

const INTENTS = [
  'inviteLink',
  'adminAccess',
  'adminAccessConfirm',
  'adminAccessLock',
  'adminRelationships',
  'expiringAdminRelationships',
  'inviteCustomer',
  'agreements',
  'severalCustomers',
  'mcaReport',
  'cancelReport',
  'help',
  'signIn',
  'signOut',
  'cancel',
  'thanks',
  'unknown',
];

describe('the recognizer, on any text', () => {
  it('never throws, and whatever it extracts to call Partner Center with is well formed', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const recognized = recognize(text);
        expect(INTENTS).toContain(recognized.intent);
        const customers =
          'customers' in recognized
            ? recognized.customers
            : 'customer' in recognized
              ? [recognized.customer]
              : [];
        for (const customer of customers) {
          if (customer.kind === 'tenantId') expect(isTenantId(customer.tenantId)).toBe(true);
          if (customer.kind === 'domain') expect(customer.domain).toMatch(/^[a-z0-9.-]{4,253}$/);
          if (customer.kind === 'name') expect(customer.name.length).toBeLessThanOrEqual(256);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('does not read past the length of any request, and suggests nothing for a pasted page', () => {
    const page = `agreements for ${'Contoso '.repeat(5000)}`;
    expect(recognize(page)).toEqual({ intent: 'unknown', text: page.slice(0, MAX_REQUEST_LENGTH) });
  });

  it.each([
    ['typed text', (text: string) => recognize(text)],
    ['a card box (customer)', (text: string) => readSubmit({ command: 'agreements', customer: text })],
    ['a GDAP card box (customer)', (text: string) => readSubmit({ command: 'adminAccess', customer: text })],
    ['a card button that says something', (text: string) => readSubmit({ command: 'say', text })],
    ['an answer to "Which customer?"', (text: string) => customerReference(text)],
    ['an answer read for "cancel"', (text: string) => isCancel(text)],
  ])('reads %s in linear time, however it is built', (_path, read) => {
    fc.assert(
      fc.property(fc.oneof(backtrackingBait, hostileText), (text) => {
        expect(cpuMs(() => read(text))).toBeLessThan(PER_INPUT_MS);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on any card data', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (data) => {
        expect(INTENTS).toContain(readSubmit(data).intent);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('customer references, as typed in answer to "Which customer?"', () => {
  it.each([
    ['\u0000Contoso\u200b Ltd', 'Contoso Ltd'],
    ['\u202eContoso Ltd\u202c', 'Contoso Ltd'],
    ['Contoso\r\n\r\nLtd', 'Contoso Ltd'],
    ['\r\n\r\nGET / HTTP/1.1', 'GET / HTTP/1.1'],
  ])('drops invisible characters and folds line breaks: %j → %j', (typed, name) => {
    expect(customerReference(typed)).toEqual({ kind: 'name', name });
  });

  it('keeps a tenant id recognizable behind invisible characters', () => {
    expect(customerReference('\ufeff14876998-c0dc-46e6-9d0c-65a57a6c32ec\u200f')).toEqual({
      kind: 'tenantId',
      tenantId: '14876998-c0dc-46e6-9d0c-65a57a6c32ec',
    });
  });
});
