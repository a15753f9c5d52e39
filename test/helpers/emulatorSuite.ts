import { PartnerCenterClient, type PartnerCenterClientOptions } from '../../src/partnerCenter/client';
import { loadEmulatorData } from '../../src/emulator/data';
import type { EmulatorPartnerKind } from '../../src/config/emulatorPartnerKinds';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import type { Clock } from '../../src/clock';
import { TOKEN_SECRET } from './seeds';

export interface EmulatorSuite {
  readonly emulator: RunningEmulator;
  readonly client: PartnerCenterClient;
  /** Another client on the same emulator, with other options. */
  clientWith(options: Partial<PartnerCenterClientOptions>): PartnerCenterClient;
}

/**
 * The shipped emulator and a client pointed at it, started once for the calling test file and stopped after it.
 * Recorded requests and injected faults are cleared before each test, so a test sees only what it caused.
 * Retries wait about a millisecond, so fault tests stay fast; the waits themselves are tested with a clock.
 * The emulator's latency goes by `clock` when given (a sped-up clock, shared with the code under test);
 * `generatedCustomers` adds a generated population after the shipped customers; `partnerKind` is the partner the
 * emulator plays (direct-bill by default).
 */
export function useSeedEmulator(
  options: { clock?: Clock; generatedCustomers?: number; partnerKind?: EmulatorPartnerKind } = {},
): EmulatorSuite {
  let emulator: RunningEmulator | undefined;
  let client: PartnerCenterClient | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the emulator suite is not started yet');
    return value;
  };
  const clientWith = (options: Partial<PartnerCenterClientOptions>) =>
    new PartnerCenterClient({
      baseUrl: started(emulator).url,
      applicationName: 'PartnerCenterAssistant/test',
      retryBaseMs: 1,
      ...options,
    });
  beforeAll(async () => {
    emulator = await startEmulator({
      data: loadEmulatorData(),
      tokenSecret: TOKEN_SECRET,
      clock: options.clock,
      generatedCustomers: options.generatedCustomers,
      partnerKind: options.partnerKind,
    });
    client = clientWith({});
  });
  afterAll(() => emulator?.close());
  beforeEach(() => {
    emulator?.requests.splice(0);
    emulator?.clearFaults();
  });
  return {
    get emulator() {
      return started(emulator);
    },
    get client() {
      return started(client);
    },
    clientWith,
  };
}
