import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * `npm run build` before the suites that run the bot's processes (as `npm start` does, from dist/), so that they
 * never run yesterday's bot. The build is `tsc -b`: its own up-to-date check (dist/.tsbuildinfo) makes it a tenth
 * of a second when src/ has not changed, rebuilds what changed otherwise, and reports type errors again until they
 * are fixed. Type errors fail the suite here.
 */
export function buildWhenStale(): void {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', '--silent', 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}
