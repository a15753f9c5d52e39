import type { RunningAzurite } from '../helpers/azurite';

/** After the system suite: the Azurite its set-up started is stopped, by its PID. */
export default async function tearDownSystemSuite(): Promise<void> {
  await (globalThis as { systemAzurite?: RunningAzurite }).systemAzurite?.stop();
}
