import { AZURITE_ENV, startAzurite, type RunningAzurite } from '../helpers/azurite';
import { buildWhenStale } from '../helpers/build';

/**
 * Before the system suite: the bot is built (its processes run dist/, as `npm start` does), and one Azurite is
 * started for every file of the suite; its connection string reaches the test workers through the environment.
 */
export default async function setUpSystemSuite(): Promise<void> {
  buildWhenStale();
  const azurite = await startAzurite();
  process.env[AZURITE_ENV] = azurite.connectionString;
  (globalThis as { systemAzurite?: RunningAzurite }).systemAzurite = azurite;
}
