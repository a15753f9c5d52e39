import path from 'node:path';
import { envArgument } from '../config';
import { buildAppPackage, PackageError } from './appPackage';

/**
 * `npm run package -- --env <name>` (`local` when none is named). `--root` and `--out` name another project
 * folder and another output folder than this project's appPackage/build/.
 */
async function main(): Promise<void> {
  const envName = envArgument(process.argv) ?? 'local';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(envName)) {
    throw new PackageError([`--env: expected an environment name such as dev, got "${envName}"`]);
  }
  const rootDir = path.resolve(option('--root') ?? path.join(__dirname, '..', '..'));
  const outDir = option('--out');
  const built = await buildAppPackage({
    rootDir,
    envName,
    env: process.env,
    outDir: outDir && path.resolve(outDir),
  });
  process.stdout.write(`${built.zipPath}: ${built.entries.join(', ')}\n`);
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
