import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BUILD_INFO = path.join(ROOT, 'dist', '.tsbuildinfo');

/**
 * `npm run build` when a source is newer than the last build, so that the suites that run the bot's processes
 * (as `npm start` does, from dist/) never run yesterday's bot. Type errors fail the suite here.
 */
export function buildWhenStale(): void {
  const builtAt = existsSync(BUILD_INFO) ? statSync(BUILD_INFO).mtimeMs : 0;
  const sources = [
    ...filesUnder(path.join(ROOT, 'src')),
    path.join(ROOT, 'tsconfig.json'),
    path.join(ROOT, 'tsconfig.build.json'),
  ];
  if (sources.every((file) => statSync(file).mtimeMs <= builtAt)) return;
  process.stdout.write('Building dist/ first (npm run build): src/ changed since the last build.\n');
  const tsc = require.resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    // tsc writes its output and build info even with type errors: without this, the next run would skip the build.
    rmSync(BUILD_INFO, { force: true });
    throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}
