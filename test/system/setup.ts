import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AZURITE_ENV, startAzurite, type RunningAzurite } from '../helpers/azurite';

const ROOT = path.resolve(__dirname, '..', '..');
const BUILD_INFO = path.join(ROOT, 'dist', '.tsbuildinfo');

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

/** `npm run build` when a source is newer than the last build, so that a test never runs yesterday's bot. */
function buildWhenStale(): void {
  const builtAt = existsSync(BUILD_INFO) ? statSync(BUILD_INFO).mtimeMs : 0;
  const sources = [
    ...filesUnder(path.join(ROOT, 'src')),
    path.join(ROOT, 'tsconfig.json'),
    path.join(ROOT, 'tsconfig.build.json'),
  ];
  if (sources.every((file) => statSync(file).mtimeMs <= builtAt)) return;
  const tsc = require.resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}
