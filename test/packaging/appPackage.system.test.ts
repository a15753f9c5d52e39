import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import { fillPlaceholders } from '../../src/packaging/placeholders';
import { readPng } from '../../src/packaging/png';

const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLE = {
  TEAMS_APP_ID: '11111111-2222-3333-4444-555555555555',
  BOT_ID: '0b5c8f6e-1d2a-4e3f-9a8b-7c6d5e4f3a2b',
  BOT_DOMAIN: 'pca.proseware.example',
  PARTNER_NAME: 'Proseware, Inc.',
  PARTNER_WEBSITE_URL: 'https://www.proseware.example',
  PARTNER_PRIVACY_URL: 'https://www.proseware.example/privacy',
  PARTNER_TERMS_URL: 'https://www.proseware.example/terms',
};

/** A copy of the project's app package, env files and package.json, to break on purpose. */
function projectCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pca-package-'));
  for (const entry of ['appPackage', 'env', 'package.json']) {
    cpSync(path.join(ROOT, entry), path.join(dir, entry), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}build`),
    });
  }
  return dir;
}

/**
 * `npm run package` in a child process, as a user runs it, from the build the system suite made (dist/).
 * (@microsoft/app-manifest loads an ESM-only module, which Node loads and jest's module system may not.)
 */
function runPackage(options: {
  env: Record<string, string>;
  envName: string;
  rootDir?: string;
  outDir?: string;
}) {
  const args = ['dist/packaging/main.js', '--env', options.envName];
  if (options.rootDir) args.push('--root', options.rootDir);
  args.push('--out', options.outDir ?? mkdtempSync(path.join(tmpdir(), 'pca-zip-')));
  const run = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', ...options.env },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The problems a failed build lists, one per line after its heading. */
function problemsOf(run: ReturnType<typeof runPackage>): string[] {
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^The app package cannot be built:\n/);
  return run.stderr
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.replace(/^- /, ''));
}

/** An RGBA PNG of one colour, encoded with filter 0. */
function png(size: number, rgba: [number, number, number, number]): Buffer {
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const byte of buf) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgba).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('npm run package', () => {
  it.each(['local', 'dev'])('builds a valid package for %s with sample values', async (envName) => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'pca-zip-'));
    const run = runPackage({ envName, env: SAMPLE, outDir });
    const zipPath = path.join(outDir, `appPackage.${envName}.zip`);
    expect(run).toMatchObject({
      status: 0,
      stdout: `${zipPath}: manifest.json, color.png, outline.png, fr.json\n`,
    });

    const zip = new AdmZip(zipPath);
    expect(
      zip
        .getEntries()
        .map((e) => e.entryName)
        .sort(),
    ).toEqual(['color.png', 'fr.json', 'manifest.json', 'outline.png']);
    const manifest = zip.readAsText('manifest.json');
    expect(manifest).not.toContain('${{');
    expect(JSON.parse(manifest)).toMatchObject({
      id: SAMPLE.TEAMS_APP_ID,
      version: JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
      name: { short: `Partner Center Assistant ${envName}` },
      bots: [{ botId: SAMPLE.BOT_ID, scopes: ['personal', 'team', 'groupChat'] }],
      composeExtensions: [{ botId: SAMPLE.BOT_ID, commands: [{ id: 'inviteLink', type: 'query' }] }],
      validDomains: [SAMPLE.BOT_DOMAIN, 'token.botframework.com'],
      webApplicationInfo: { id: SAMPLE.BOT_ID, resource: `api://botid-${SAMPLE.BOT_ID}` },
      localizationInfo: { additionalLanguages: [{ languageTag: 'fr-fr', file: 'fr.json' }] },
    });
    expect(zip.readFile('color.png')?.equals(readFileSync(path.join(ROOT, 'appPackage', 'color.png')))).toBe(
      true,
    );
  });

  it("keeps the app's version the package's, so Teams sees each release as new", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'appPackage', 'manifest.json'), 'utf8')) as {
      version: string;
    };
    expect(manifest.version).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('names every setting that has no value, and builds nothing', () => {
    const { TEAMS_APP_ID: _id, PARTNER_NAME: _name, ...rest } = SAMPLE;
    const problems = problemsOf(runPackage({ envName: 'dev', env: rest }));
    expect(problems).toEqual([
      'TEAMS_APP_ID: no value in env/.env.dev, its .user file or the environment (used in manifest.json)',
      'PARTNER_NAME: no value in env/.env.dev, its .user file or the environment (used in manifest.json)',
    ]);
  });

  it('names the settings the manifest needs in a given form, before the schema speaks of JSON paths', () => {
    const problems = problemsOf(
      runPackage({
        envName: 'dev',
        env: { ...SAMPLE, TEAMS_APP_ID: 'not-a-guid', BOT_DOMAIN: 'https://bot.example.com/' },
      }),
    );
    expect(problems).toEqual([
      'TEAMS_APP_ID: expected a GUID such as 00000000-0000-0000-0000-000000000000, got "not-a-guid"',
      'BOT_DOMAIN: expected the bot\'s host name alone, such as bot.example.com (no https://, port or path), got "https://bot.example.com/"',
    ]);
  });

  it('says what the Teams schema refuses', () => {
    const problems = problemsOf(
      runPackage({ envName: 'dev', env: { ...SAMPLE, PARTNER_WEBSITE_URL: 'www.example.com' } }),
    );
    expect(problems.join('\n')).toMatch(/^manifest\.json: .*websiteUrl/m);
  });

  it('checks the icon sizes: color 192×192, outline 32×32', () => {
    expect(readPng(readFileSync(path.join(ROOT, 'appPackage', 'color.png')))).toMatchObject({
      width: 192,
      height: 192,
    });
    expect(readPng(readFileSync(path.join(ROOT, 'appPackage', 'outline.png')))).toMatchObject({
      width: 32,
      height: 32,
    });
    const dir = projectCopy();
    writeFileSync(path.join(dir, 'appPackage', 'color.png'), png(96, [15, 108, 189, 255]));
    writeFileSync(path.join(dir, 'appPackage', 'outline.png'), png(32, [255, 0, 0, 255]));
    const problems = problemsOf(runPackage({ envName: 'dev', env: SAMPLE, rootDir: dir }));
    expect(problems).toEqual([
      'icons.color: color.png is 96×96, Teams needs 192×192',
      'icons.outline: outline.png must be white on transparent; pixel 0 is rgb(255, 0, 0)',
    ]);
  });

  it('checks the French localization against the schema and the manifest', () => {
    const dir = projectCopy();
    const file = path.join(dir, 'appPackage', 'fr.json');
    const fr = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    delete fr['description.short'];
    fr['name.short'] = 'Un nom beaucoup trop long pour Teams';
    fr['bots[0].commandLists[2].commands[9].title'] = 'rien';
    fr['bots[0].commandLists[5].commands[0].title'] = 'hors schéma';
    fr['favoriteColor'] = 'bleu';
    writeFileSync(file, JSON.stringify(fr));
    const problems = problemsOf(runPackage({ envName: 'dev', env: SAMPLE, rootDir: dir }));
    expect(problems).toEqual([
      'fr.json: "description.short" is required',
      'fr.json: "name.short" is 36 characters, at most 30',
      'fr.json: "bots[0].commandLists[2].commands[9].title" translates nothing: the manifest has no such text',
      'fr.json: "bots[0].commandLists[5].commands[0].title" is not a localizable field',
      'fr.json: "favoriteColor" is not a localizable field',
    ]);
  });
});

describe('placeholders', () => {
  it('fills ${{NAME}} as JSON string content, and lists what has no value', () => {
    expect(
      fillPlaceholders('{"a":"${{A}}","b":"${{ B }}x${{C}}"}', { A: 'say "hi"', B: 'b', C: '' }),
    ).toEqual({
      text: '{"a":"say \\"hi\\"","b":"bx${{C}}"}',
      missing: ['C'],
    });
    expect(fillPlaceholders('${{APP_NAME_SUFFIX}}', { APP_NAME_SUFFIX: '' })).toEqual({
      text: '',
      missing: [],
    });
  });
});
