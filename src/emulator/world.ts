import { systemClock } from '../clock';
import type { EmulatorCustomer } from './data';
import { FaultRules } from './faults';
import { GdapRelationships } from './gdapRelationships';
import { datesMovedToToday } from './gdapSeed';
import { indirectWorld, type IndirectWorld } from './indirect';
import type { EmulatorOptions } from './options';
import type { GeneratedPopulation } from './population';
import { RateLimiter } from './throttle';

/** What every request is answered from, built once at the start. */
export interface World {
  options: EmulatorOptions;
  faults: FaultRules;
  customers: readonly EmulatorCustomer[];
  /** By lower-case id: a per-customer request must not scan a list of 20,000. */
  byId: Map<string, EmulatorCustomer>;
  limiter?: RateLimiter;
  gdap: GdapRelationships;
  indirect: IndirectWorld;
}

export function worldOf(options: EmulatorOptions, population: GeneratedPopulation | undefined): World {
  const customers = [...options.data.customers, ...(population?.customers ?? [])];
  const byId = new Map<string, EmulatorCustomer>();
  for (const customer of customers) {
    const id = customer.id.toLowerCase();
    if (byId.has(id)) throw new Error(`emulator: customer ${id} appears twice`);
    byId.set(id, customer);
  }
  const rate = options.rateLimit?.requestsPerSecond ?? 0;
  return {
    options,
    faults: new FaultRules([...(options.data.faults ?? []), ...(population?.faults ?? [])]),
    customers,
    byId,
    limiter: rate > 0 ? new RateLimiter(rate, options.clock ?? systemClock) : undefined,
    gdap: new GdapRelationships(
      options.gdapDatesFromToday
        ? datesMovedToToday(options.data.gdap?.relationships ?? [], options.data.gdap?.asOf, options.clock)
        : (options.data.gdap?.relationships ?? []),
      (options.graphAdminAgent ?? true) && (options.data.gdap?.adminAgent ?? true),
      () => (options.clock ?? systemClock).now(),
    ),
    indirect: indirectWorld(options.data, options.partnerKind),
  };
}
