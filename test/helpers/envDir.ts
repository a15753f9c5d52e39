import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SHIPPED = path.resolve(__dirname, '..', '..', 'env');

/**
 * The project's env/.env.<name> files as shipped, copied to a folder of their own: never the developer's
 * git-ignored .user twins, where the Agents Toolkit writes BOT_ID and secrets (with them a suite would switch to
 * Teams mode). Give it to loadConfig as `envDir`, or to the bot's process as ENV_DIR.
 */
export function shippedEnvCopy(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pca-env-'));
  for (const file of readdirSync(SHIPPED).filter((name) => !name.endsWith('.user'))) {
    copyFileSync(path.join(SHIPPED, file), path.join(dir, file));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The same, for the calling test file: made before its tests, removed after them. */
export function useShippedEnvDir(): () => string {
  let copy: ReturnType<typeof shippedEnvCopy> | undefined;
  beforeAll(() => {
    copy = shippedEnvCopy();
  });
  afterAll(() => copy?.remove());
  return () => {
    if (!copy) throw new Error('the env folder exists from beforeAll on');
    return copy.dir;
  };
}
