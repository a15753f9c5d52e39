import type { Customer } from '../partnerCenter/types';
import type { AgreementScope, CustomerReference } from '../recognizer/recognizer';
import { matchKey } from '../recognizer/normalize';
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
  /** Candidates, none chosen for the user; `byFirstLabel` when a custom domain's first label found them. */
  | { kind: 'many'; customers: Customer[]; more: boolean; byFirstLabel: boolean }
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

/** "Fabrikam, Inc." is "fabrikam inc": the same name whatever its case, accents and punctuation. */
function sameName(companyName: string, typed: string): boolean {
  return matchKey(companyName) === matchKey(typed);
}
