import type { z } from 'zod';
import { isTenantId } from '../checks';
import { PartnerCenterError } from './errors';
import type { CoalescedGets } from './perUser';
import { collectionOf, customerPageOf, customerSchema } from './schemas';
import type { PartnerCenterRequestContext } from './transport';
import type {
  Customer,
  CustomerCollection,
  CustomerPage,
  CustomerPageLink,
  CustomerSearchField,
} from './types';

const SEARCH_VALUE_MAX = 256;

/** A customer, a search among the partner's customers, and the whole list page by page. */
export class CustomerCalls {
  private readonly customers: z.ZodType<CustomerCollection>;
  private readonly customerPage: z.ZodType<CustomerPage>;

  constructor(
    private readonly gets: CoalescedGets,
    maxListItems: number,
  ) {
    this.customers = collectionOf(customerSchema, maxListItems);
    this.customerPage = customerPageOf(maxListItems);
  }

  async getCustomer(customerId: string, context: PartnerCenterRequestContext): Promise<Customer> {
    return this.gets.get(context, {
      operation: 'getCustomer',
      path: `/v1/customers/${customerPath(customerId)}`,
      schema: customerSchema,
      customerScoped: true,
    });
  }

  /** Customers whose domain or company name starts with `value` (case-insensitive, Partner Center's only operator). */
  async searchCustomers(
    field: CustomerSearchField,
    value: string,
    context: PartnerCenterRequestContext,
    size = 10,
  ): Promise<CustomerCollection> {
    const text = value.trim();
    if (!text || text.length > SEARCH_VALUE_MAX || /\p{Cc}/u.test(text)) {
      throw new TypeError(`a search value is 1 to ${SEARCH_VALUE_MAX} printable characters`);
    }
    const filter = JSON.stringify({ Field: field, Value: text, Operator: 'starts_with' });
    return this.gets.get(context, {
      operation: 'searchCustomers',
      path: `/v1/customers?size=${Math.max(1, Math.min(size, 500))}&filter=${encodeURIComponent(filter)}`,
      schema: this.customers,
    });
  }

  /**
   * One page of every customer of the partner: the first, or the one `page` (a previous page's `next`) points at.
   * Partner Center sends the next page's path and the MS-ContinuationToken to send with it; only a path into the
   * customer list is followed, so an answer cannot send the user's token anywhere else.
   */
  async listCustomers(
    context: PartnerCenterRequestContext,
    page?: CustomerPageLink,
    size = 500,
  ): Promise<CustomerPage> {
    const path = page ? customerListPath(page.uri) : `/v1/customers?size=${Math.max(1, Math.min(size, 500))}`;
    if (path === undefined) {
      throw new PartnerCenterError({
        operation: 'listCustomers',
        kind: 'unreadable',
        correlationId: context.correlationId,
        description: 'links.next is not a path into the customer list',
      });
    }
    const token = page?.continuationToken;
    return this.gets.transport.get(context, {
      operation: 'listCustomers',
      path,
      schema: this.customerPage,
      headers: token === undefined ? undefined : { 'MS-ContinuationToken': token },
    });
  }
}

/** Customer ids go into the path, so only a well-formed tenant id may ever reach it. */
export function customerPath(customerId: string): string {
  if (!isTenantId(customerId)) throw new TypeError('customerId must be a tenant id (GUID)');
  return customerId.toLowerCase();
}

/** A next-page link as Partner Center writes it ("/customers?…" or "/v1/customers?…"), or undefined. */
function customerListPath(uri: string): string | undefined {
  const match = /^(?:\/v1)?(\/customers\?[\w.~%&=+-]*)$/i.exec(uri);
  return match ? `/v1${match[1]}` : undefined;
}
