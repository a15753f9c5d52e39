import type { EmulatorPartnerKind } from '../config/emulatorPartnerKinds';
import type { Clock } from '../clock';
import type { EmulatorData } from './data';

/** What an emulator serves and how: its data, its secret, and the conditions a test or local mode sets. */
export interface EmulatorOptions {
  data: EmulatorData;
  /** The secret local tokens are signed with (see src/localTokens/issuer.ts), and the customer list's continuation tokens. */
  tokenSecret: string;
  /** Added before every answer; the data file's latencyMs when absent. */
  latencyMs?: number;
  /** Latency and throttling go by this clock, so a test can drive them; by default real time. */
  clock?: Clock;
  /** Customers made by generateCustomers(n) (seed 1), listed after the data's own; none when absent or 0. */
  generatedCustomers?: number;
  /** Throttles each user (the token's oid) beyond this rate, as Partner Center does; never when absent or 0. */
  rateLimit?: { requestsPerSecond: number };
  /**
   * Whether the signed-in user is in the partner's Admin Agents group, which Graph's GDAP operations require
   * (true by default). False, or the data file's `gdap.adminAgent: false`, makes creating and locking answer 403
   * and the list answer empty, as Graph does. The settings' PARTNER_CENTER_EMULATOR_ADMIN_AGENT sets it.
   */
  graphAdminAgent?: boolean;
  /** Move the data's GDAP dates from its `gdap.asOf` day to today (local mode's demo); tests keep them as written. */
  gdapDatesFromToday?: boolean;
  /** Which partner the emulator plays (see src/config/emulatorPartnerKinds.ts): a direct-bill partner when absent. */
  partnerKind?: EmulatorPartnerKind;
}
