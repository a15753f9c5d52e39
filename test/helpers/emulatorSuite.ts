import { PartnerCenterClient } from '../../src/partnerCenter/client';
import { loadEmulatorData } from '../../src/partnerCenter/emulator/data';
import { startEmulator, type RunningEmulator } from '../../src/partnerCenter/emulator/server';
import { TOKEN } from './seeds';

export interface EmulatorSuite {
  readonly emulator: RunningEmulator;
  readonly client: PartnerCenterClient;
}

/**
 * The shipped emulator and a client pointed at it, started once for the calling test file and stopped after it.
 * Recorded requests are cleared before each test, so a test sees only the calls it caused.
 */
export function useSeedEmulator(): EmulatorSuite {
  let emulator: RunningEmulator | undefined;
  let client: PartnerCenterClient | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ data: loadEmulatorData(), acceptedToken: TOKEN });
    client = new PartnerCenterClient({
      baseUrl: emulator.url,
      applicationName: 'PartnerCenterAssistant/test',
    });
  });
  afterAll(() => emulator?.close());
  beforeEach(() => emulator?.requests.splice(0));
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the emulator suite is not started yet');
    return value;
  };
  return {
    get emulator() {
      return started(emulator);
    },
    get client() {
      return started(client);
    },
  };
}
