import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { ConfigError } from './types';

const environmentName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

/**
 * APP_ENV, `local` when unset. Stops at once when it is bad, since it says which settings file to read: a name
 * that is not one, or an environment other than local with no settings file.
 */
export function appEnvOf(processEnv: NodeJS.ProcessEnv, envDir: string): string {
  const given = processEnv.APP_ENV?.trim() || undefined;
  const appEnv = given ?? 'local';
  if (!environmentName.safeParse(appEnv).success) {
    throw new ConfigError(
      `APP_ENV: expected a lower-case environment name such as local or dev, got "${appEnv}"`,
    );
  }
  const envFile = path.join(envDir, `.env.${appEnv}`);
  if (given && appEnv !== 'local' && !existsSync(envFile)) {
    throw new ConfigError(
      `APP_ENV: expected an environment with a settings file, but ${envFile} does not exist`,
    );
  }
  return appEnv;
}

/** env/.env.<appEnv>, then its .user twin, then the process environment: the later wins. */
export function readSettings(
  envDir: string,
  appEnv: string,
  processEnv: NodeJS.ProcessEnv,
): Record<string, string | undefined> {
  const envFile = path.join(envDir, `.env.${appEnv}`);
  return { ...readEnvFile(envFile), ...readEnvFile(`${envFile}.user`), ...processEnv };
}

function readEnvFile(file: string): Record<string, string> {
  return existsSync(file) ? parseDotenv(readFileSync(file)) : {};
}

/** `--env <name>` or `--env=<name>` on a command line: the environment to use, as APP_ENV. */
export function envArgument(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  const at = args.indexOf('--env');
  return at >= 0 ? args[at + 1] : args.find((arg) => arg.startsWith('--env='))?.slice('--env='.length);
}
