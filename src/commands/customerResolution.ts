import type { Customer } from '../partnerCenter/types';
import type { CustomerReference } from '../recognizer/recognizer';
import type { CommandContext } from './context';

export type Resolution =
  | { kind: 'one'; customer: Pick<Customer, 'id'> & Partial<Customer> }
  | { kind: 'many'; customers: Customer[]; more: boolean }
  | { kind: 'none' };

/** Choices a card can show; past this, the user is asked to refine the search. */
export const MAX_CHOICES = 10;

type SearchableReference = Extract<CustomerReference, { kind: 'tenantId' | 'domain' | 'name' }>;

/**
 * Which customer a tenant id, domain or company name means. Partner Center's search is starts_with on the
 * customer's domain (usually its onmicrosoft.com one) or company name, case ignored. A custom domain such as
 * contoso.com rarely matches, so its first label is tried next; an exact match among several wins.
 */
export async function resolveCustomer(
  reference: SearchableReference,
  context: CommandContext,
): Promise<Resolution> {
  if (reference.kind === 'tenantId') return { kind: 'one', customer: { id: reference.tenantId } };
  const { partnerCenter, request } = context;
  const field = reference.kind === 'domain' ? 'Domain' : 'CompanyName';
  const value = reference.kind === 'domain' ? reference.domain : reference.name;
  let found = await partnerCenter.searchCustomers(field, value, request, MAX_CHOICES + 1);
  if (found.items.length === 0 && reference.kind === 'domain' && !/\.onmicrosoft\.com$/.test(value)) {
    found = await partnerCenter.searchCustomers(
      'Domain',
      value.split('.')[0] ?? value,
      request,
      MAX_CHOICES + 1,
    );
  }
  const customers = found.items;
  const exact = customers.filter((c) =>
    reference.kind === 'domain'
      ? c.domain?.toLowerCase() === value
      : c.companyName.toLowerCase() === value.toLowerCase(),
  );
  if (exact.length === 1 && exact[0]) return { kind: 'one', customer: exact[0] };
  if (customers.length === 1 && customers[0]) return { kind: 'one', customer: customers[0] };
  if (customers.length === 0) return { kind: 'none' };
  return { kind: 'many', customers: customers.slice(0, MAX_CHOICES), more: customers.length > MAX_CHOICES };
}
