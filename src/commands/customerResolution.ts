import type { Customer } from '../partnerCenter/types';
import type { AgreementScope, CustomerReference } from '../recognizer/recognizer';
import { matchKey } from '../recognizer/normalize';
import { editDistance } from '../recognizer/suggest';
import { requirePartnerCenter, type RequestContext } from './context';

/** Which command a chosen or typed customer goes to: the agreements (of a type), or a GDAP command. */
export type CustomerCommand =
  | { command: 'agreements'; scope: AgreementScope }
  | { command: 'adminAccess' | 'inviteCustomer' }
  | { command: 'adminRelationships'; toEnd?: boolean };

export type Resolution =
  /**
   * `guessed`: picked from what its name starts with, or among others that start the same: the user may mean
   * another, and is offered the others ("Not this one?").
   */
  | { kind: 'one'; customer: Pick<Customer, 'id'> & Partial<Customer>; guessed?: boolean }
  /**
   * Candidates, none chosen for the user; `byFirstLabel` when a custom domain's first label found them, `close`
   * when none starts with the name typed and these are names it is a typo of.
   */
  | { kind: 'many'; customers: Customer[]; more: boolean; byFirstLabel: boolean; close?: boolean }
  | { kind: 'none' };

/** Choices a card can show; past this, the user is asked to refine the search. */
export const MAX_CHOICES = 10;

type SearchableReference = Extract<CustomerReference, { kind: 'tenantId' | 'domain' | 'name' }>;

/** How sure a match must be to answer by itself, and a customer the user already said was not the one. */
export interface ResolveOptions {
  /**
   * The one customer whose company name starts with the name typed answers ("is northwind blocked?"), `guessed`:
   * for a question that only reads, where "Not this one?" costs a click. Off, only an exact match answers.
   */
  answerByPrefix?: boolean;
  /** The tenant id of the customer the user turned down ("Not this one?"): left out, and nothing answers alone. */
  notThisOne?: string;
}

/**
 * Which customer a tenant id, domain or company name means. Partner Center's search is starts_with on the
 * customer's domain (its onmicrosoft.com one) or company name, case ignored; a custom domain such as contoso.com
 * is not in the customer resource, so its first label is tried next. An exact domain or name answers by itself,
 * and with `answerByPrefix` the only name that starts like the one typed. A domain that is not exact never does:
 * a custom domain's first label can be another company's onmicrosoft.com domain. Anything else may be another
 * company, so the user chooses among the candidates.
 */
export async function resolveCustomer(
  reference: SearchableReference,
  context: RequestContext,
  options: ResolveOptions = {},
): Promise<Resolution> {
  if (reference.kind === 'tenantId') return { kind: 'one', customer: { id: reference.tenantId } };
  const { client: partnerCenter, request } = requirePartnerCenter(context);
  const field = reference.kind === 'domain' ? 'Domain' : 'CompanyName';
  const value = reference.kind === 'domain' ? reference.domain : reference.name;
  let found = await partnerCenter.searchCustomers(field, value, request, MAX_CHOICES + 1);
  let byFirstLabel = false;
  if (found.items.length === 0 && reference.kind === 'domain' && !/\.onmicrosoft\.com$/.test(value)) {
    byFirstLabel = true;
    found = await partnerCenter.searchCustomers(
      'Domain',
      value.split('.')[0] ?? value,
      request,
      MAX_CHOICES + 1,
    );
  }
  const turnedDown = options.notThisOne?.toLowerCase();
  const customers = found.items.filter((c) => c.id.toLowerCase() !== turnedDown);
  if (customers.length === 0 && reference.kind === 'name') {
    const close = (await namesCloseTo(value, context)).filter((c) => c.id.toLowerCase() !== turnedDown);
    if (close.length > 0) return { kind: 'many', customers: close, more: false, byFirstLabel, close: true };
  }
  if (customers.length === 0) return { kind: 'none' };
  const more = found.items.length > MAX_CHOICES;
  if (turnedDown) return { kind: 'many', customers: customers.slice(0, MAX_CHOICES), more, byFirstLabel };
  const exact = customers.filter((c) =>
    reference.kind === 'domain' ? c.domain?.toLowerCase() === value : sameName(c.companyName, value),
  );
  const others = customers.length > 1;
  if (exact.length === 1 && exact[0]) {
    const guessed = others && reference.kind === 'name';
    return { kind: 'one', customer: exact[0], ...(guessed ? { guessed } : {}) };
  }
  const [only] = customers;
  if (options.answerByPrefix && reference.kind === 'name' && !others && only)
    return { kind: 'one', customer: only, guessed: true };
  return { kind: 'many', customers: customers.slice(0, MAX_CHOICES), more, byFirstLabel };
}

/** How many customers whose name starts like the one typed are read to find a typo's: one call's worth. */
const CLOSE_SEARCH_SIZE = 100;
/** Letters of the typed name that must be right for its customer to be found: the search is starts_with. */
const CLOSE_PREFIX = 3;

/**
 * Customers whose name the one typed is a typo of ("tailspn toys" → Tailspin Toys), closest first, at most
 * MAX_CHOICES. Partner Center only searches by how a name starts: the customers whose name starts with the typed
 * name's first letters are read, and the typed name compared with as many words of each name (the rest of the name
 * need not be typed). As many slips are allowed as for a command word (suggest.ts): one, two from seven letters.
 */
async function namesCloseTo(typed: string, context: RequestContext): Promise<Customer[]> {
  const key = matchKey(typed);
  if (key.length <= CLOSE_PREFIX) return [];
  const { client: partnerCenter, request } = requirePartnerCenter(context);
  const prefix = typed.trim().slice(0, CLOSE_PREFIX);
  const found = await partnerCenter.searchCustomers('CompanyName', prefix, request, CLOSE_SEARCH_SIZE);
  const allowed = key.length >= 7 ? 2 : 1;
  const words = key.split(' ').length;
  return found.items
    .map((customer) => {
      const name = matchKey(customer.companyName);
      const start = name.split(' ').slice(0, words).join(' ');
      return { customer, distance: Math.min(editDistance(key, start), editDistance(key, name)) };
    })
    .filter(({ distance }) => distance <= allowed)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, MAX_CHOICES)
    .map(({ customer }) => customer);
}

/** "Fabrikam, Inc." is "fabrikam inc": the same name whatever its case, accents and punctuation. */
function sameName(companyName: string, typed: string): boolean {
  return matchKey(companyName) === matchKey(typed);
}
