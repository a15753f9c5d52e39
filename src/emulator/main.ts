import { loadConfig } from '../config';
import { createLogger } from '../log';
import { emulatorOptions } from './fromConfig';
import { startEmulator } from './server';

/** `npm run emulator`: the emulator alone, for a bot started elsewhere with PARTNER_CENTER_BASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const emulator = await startEmulator(
    emulatorOptions(config),
    config.emulator.host,
    config.emulator.port || 5080,
  );
  log.info(`Partner Center emulator listening on ${emulator.url}`, {
    data: config.emulator.dataFile ?? 'built-in',
    generatedCustomers: config.emulator.generatedCustomers,
    rateLimitPerSecond: config.emulator.rateLimitPerSecond,
    partnerKind: config.emulator.partnerKind,
  });
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
