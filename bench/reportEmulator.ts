/**
 * The emulator as `npm run emulator` starts it (PARTNER_CENTER_EMULATOR_CUSTOMERS, _RATE_LIMIT, _PORT), in a process
 * of its own, answering "stats?" over IPC with its counts: npm run bench:report reads the report's calls and 429s
 * there, without sharing an event loop with the bot or with the process that measures.
 */
import { loadConfig } from '../src/config';
import { emulatorOptions } from '../src/emulator/fromConfig';
import { startEmulator } from '../src/emulator/server';

async function main(): Promise<void> {
  const config = loadConfig();
  const emulator = await startEmulator(emulatorOptions(config), '127.0.0.1', config.emulator.port);
  process.on('message', (message) => {
    if (message === 'stats?') process.send?.({ stats: emulator.stats() });
  });
  const stop = (): void => void emulator.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
