import type { Config } from '../config';
import { loadEmulatorData } from './data';
import type { EmulatorOptions } from './options';

/** The emulator as the settings describe it: `npm start` (local mode) and `npm run emulator` start the same one. */
export function emulatorOptions(config: Pick<Config, 'emulator' | 'localToken'>): EmulatorOptions {
  const { dataFile, generatedCustomers, rateLimitPerSecond, adminAgent, partnerKind } = config.emulator;
  return {
    data: loadEmulatorData(dataFile),
    tokenSecret: config.localToken.secret,
    generatedCustomers,
    graphAdminAgent: adminAgent,
    gdapDatesFromToday: true,
    rateLimit: rateLimitPerSecond > 0 ? { requestsPerSecond: rateLimitPerSecond } : undefined,
    partnerKind,
  };
}
