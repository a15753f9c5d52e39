import { isGuid } from '../checks';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';
import { readSettings } from '../config';
import { fillPlaceholders } from './placeholders';
import { readPng } from './png';

export interface PackageOptions {
  /** The project folder: appPackage/ and env/ are read there, appPackage/build/ written. */
  rootDir: string;
  /** Which env/.env.<name> (and .user twin) fills the placeholders. */
  envName: string;
  /** Wins over the files, as for the bot (the process environment, from the command line). */
  env: NodeJS.ProcessEnv;
  /** Where the zip goes; appPackage/build/ by default. */
  outDir?: string;
}

export interface BuiltPackage {
  zipPath: string;
  /** The file names in the zip. */
  entries: string[];
}

/** Everything wrong with the package, one line each, so it can all be fixed in one go. */
export class PackageError extends Error {
  override name = 'PackageError';
  constructor(readonly problems: string[]) {
    super(`The app package cannot be built:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  }
}

/** Teams' icon rules: learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package */
const ICON_SIZES = { color: 192, outline: 32 } as const;

/**
 * `npm run package -- --env <name>`: fills appPackage/manifest.json and its localization files from the
 * environment's settings, validates them offline (the Teams schema @microsoft/app-manifest ships, the icons,
 * the localization keys) and writes appPackage/build/appPackage.<name>.zip.
 */
export async function buildAppPackage(options: PackageOptions): Promise<BuiltPackage> {
  const appDir = path.join(options.rootDir, 'appPackage');
  const values = readSettings(path.join(options.rootDir, 'env'), options.envName, options.env);
  const problems: string[] = [];

  const manifestFill = fillPlaceholders(readFileSync(path.join(appDir, 'manifest.json'), 'utf8'), values);
  manifestFill.missing.forEach((name) =>
    problems.push(
      `${name}: no value in env/.env.${options.envName}, its .user file or the environment (used in manifest.json)`,
    ),
  );
  problems.push(...settingProblems(values));
  if (problems.length > 0) throw new PackageError(problems);

  const manifest = JSON.parse(manifestFill.text) as TeamsManifest;
  for (const problem of await AppManifestUtils.validateAgainstSchema(manifest as never))
    problems.push(`manifest.json: ${problem}`);

  const files = new Map<string, Buffer>([['manifest.json', Buffer.from(JSON.stringify(manifest, null, 2))]]);
  for (const kind of ['color', 'outline'] as const) {
    const file = manifest.icons?.[kind];
    const icon = file ? readIfPresent(appDir, file) : undefined;
    if (!file || !icon) {
      problems.push(`icons.${kind}: ${file ?? '(none)'} is not in appPackage/`);
      continue;
    }
    problems.push(...iconProblems(kind, file, icon));
    files.set(file, icon);
  }
  for (const language of manifest.localizationInfo?.additionalLanguages ?? []) {
    const text = readIfPresent(appDir, language.file)?.toString('utf8');
    if (text === undefined) {
      problems.push(`localizationInfo: ${language.file} (${language.languageTag}) is not in appPackage/`);
      continue;
    }
    const filled = fillPlaceholders(text, values);
    filled.missing.forEach((name) => problems.push(`${name}: no value (used in ${language.file})`));
    problems.push(...localizationProblems(language.file, filled.text, manifest));
    files.set(language.file, Buffer.from(filled.text));
  }
  if (problems.length > 0) throw new PackageError(problems);

  const buildDir = options.outDir ?? path.join(appDir, 'build');
  mkdirSync(buildDir, { recursive: true });
  const zip = new AdmZip();
  for (const [name, content] of files) zip.addFile(name, content);
  const zipPath = path.join(buildDir, `appPackage.${options.envName}.zip`);
  zip.writeZip(zipPath);
  return { zipPath, entries: [...files.keys()] };
}

/** What Teams takes in validDomains: a host name, a leading "*." allowed; no scheme, port or path. */
const BARE_HOST = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * The settings the manifest uses, checked by their own names first: the schema would report them by JSON path
 * ("/id must match pattern …"), and would take "https://bot.example.com/" as a valid domain, which Teams does not.
 */
function settingProblems(values: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  for (const name of ['TEAMS_APP_ID', 'BOT_ID']) {
    const value = values[name]?.trim();
    if (value && !isGuid(value)) {
      problems.push(`${name}: expected a GUID such as 00000000-0000-0000-0000-000000000000, got "${value}"`);
    }
  }
  const domain = values.BOT_DOMAIN?.trim();
  if (domain && !BARE_HOST.test(domain)) {
    problems.push(
      `BOT_DOMAIN: expected the bot's host name alone, such as bot.example.com (no https://, port or path), got "${domain}"`,
    );
  }
  return problems;
}

interface TeamsManifest {
  manifestVersion: string;
  icons?: { color?: string; outline?: string };
  localizationInfo?: { additionalLanguages?: Array<{ languageTag: string; file: string }> };
  [key: string]: unknown;
}

function readIfPresent(dir: string, file: string): Buffer | undefined {
  const full = path.resolve(dir, file);
  // The package holds files of appPackage/ only.
  if (!full.startsWith(`${path.resolve(dir)}${path.sep}`) || !existsSync(full)) return undefined;
  return readFileSync(full);
}

function iconProblems(kind: 'color' | 'outline', file: string, icon: Buffer): string[] {
  let png;
  try {
    png = readPng(icon);
  } catch (error) {
    return [`icons.${kind}: ${file} is ${(error as Error).message}`];
  }
  const size = ICON_SIZES[kind];
  const problems =
    png.width === size && png.height === size
      ? []
      : [`icons.${kind}: ${file} is ${png.width}×${png.height}, Teams needs ${size}×${size}`];
  if (kind === 'outline') {
    if (!png.rgba)
      return [...problems, `icons.outline: ${file} must be an 8-bit RGBA PNG, white on transparent`];
    for (let i = 0; i < png.rgba.length; i += 4) {
      const [r, g, b, a] = [png.rgba[i], png.rgba[i + 1], png.rgba[i + 2], png.rgba[i + 3]];
      if (a !== 0 && (r !== 255 || g !== 255 || b !== 255)) {
        problems.push(
          `icons.outline: ${file} must be white on transparent; pixel ${i / 4} is rgb(${r}, ${g}, ${b})`,
        );
        break;
      }
    }
  }
  return problems;
}

interface LocalizationSchema {
  required?: string[];
  properties?: Record<string, { maxLength?: number }>;
  patternProperties?: Record<string, { maxLength?: number }>;
}

/**
 * The localization file against the schema of the manifest's version: known keys only, within their lengths, the
 * required ones present, and each pointing at a string the manifest has. (The schema's own patterns are not
 * valid in the unicode mode the validator compiles them in, so they are applied here.)
 */
function localizationProblems(file: string, text: string, manifest: TeamsManifest): string[] {
  let strings: Record<string, unknown>;
  try {
    strings = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return [`${file}: not valid JSON (${(error as Error).message})`];
  }
  const schemaFile = path.join(
    path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
    'build',
    'json-schemas',
    'teams',
    `v${manifest.manifestVersion}`,
    'MicrosoftTeams.Localization.schema.json',
  );
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as LocalizationSchema;
  const patterns = Object.entries(schema.patternProperties ?? {}).map(([pattern, rule]) => ({
    regex: new RegExp(pattern),
    rule,
  }));
  const problems = (schema.required ?? [])
    .filter((key) => !(key in strings))
    .map((key) => `${file}: "${key}" is required`);
  for (const [key, value] of Object.entries(strings)) {
    if (key === '$schema') continue;
    const rule = schema.properties?.[key] ?? patterns.find((p) => p.regex.test(key))?.rule;
    if (!rule) problems.push(`${file}: "${key}" is not a localizable field`);
    else if (typeof value !== 'string' || value.trim() === '')
      problems.push(`${file}: "${key}" must be a text`);
    else if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      problems.push(`${file}: "${key}" is ${value.length} characters, at most ${rule.maxLength}`);
    } else if (typeof valueAt(manifest, key) !== 'string') {
      problems.push(`${file}: "${key}" translates nothing: the manifest has no such text`);
    }
  }
  return problems;
}

/** The manifest value at a localization key such as "bots[0].commandLists[1].commands[0].title". */
function valueAt(manifest: unknown, key: string): unknown {
  const steps = key.match(/[^.[\]]+/g) ?? [];
  return steps.reduce<unknown>((node, step) => {
    if (node === null || typeof node !== 'object') return undefined;
    return (node as Record<string, unknown>)[step];
  }, manifest);
}
