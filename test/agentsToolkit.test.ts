import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { parse as parseYaml } from 'yaml';

/**
 * The Agents Toolkit cannot run here (its CLI does not install offline), so what can be checked without it is:
 * each project file parses, the files it names exist, and every ${{VAR}} it uses has a source — a Toolkit
 * built-in, an earlier action's output, or the environment's env file.
 */
const ROOT = path.resolve(__dirname, '..');
const BUILT_IN = new Set([
  'TEAMSFX_ENV',
  'AZURE_SUBSCRIPTION_ID',
  'AZURE_RESOURCE_GROUP_NAME',
  'APP_NAME_SUFFIX',
]);
/** Outputs of aadApp/update (the permission id it generates) and of the local tunnel the Toolkit opens. */
const TOOLKIT_OUTPUTS = new Set(['AAD_APP_ACCESS_AS_USER_PERMISSION_ID', 'BOT_ENDPOINT', 'BOT_DOMAIN']);

interface Action {
  uses: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
}

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const variables = (text: string) =>
  [...text.matchAll(/\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g)].map((m) => m[1] as string);

describe.each([
  ['m365agents.yml', 'dev'],
  ['m365agents.local.yml', 'local'],
  ['m365agents.playground.yml', 'playground'],
])('%s', (file, envName) => {
  const project = parseYaml(read(file)) as {
    version: string;
    provision?: Action[];
    deploy?: Action[];
    publish?: Action[];
  };
  const actions = [...(project.provision ?? []), ...(project.deploy ?? []), ...(project.publish ?? [])];

  it('is a v1.11 project file whose actions name existing files', () => {
    expect(project.version).toBe('v1.11');
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) {
      const manifestPath = action.with?.manifestPath;
      if (typeof manifestPath === 'string')
        expect({ manifestPath, exists: existsSync(path.join(ROOT, manifestPath)) }).toEqual({
          manifestPath,
          exists: true,
        });
    }
  });

  it('uses only variables that something provides', () => {
    const env = parseEnv(read(`env/.env.${envName}`));
    const provided = new Set([...BUILT_IN, ...TOOLKIT_OUTPUTS, ...Object.keys(env)]);
    for (const action of actions) {
      const used = [...variables(JSON.stringify(action.with ?? {}))];
      const manifestPath = action.with?.manifestPath;
      if (typeof manifestPath === 'string') used.push(...variables(read(manifestPath)));
      for (const name of used)
        expect({ action: action.uses, name, provided: provided.has(name) }).toEqual({
          action: action.uses,
          name,
          provided: true,
        });
      Object.values(action.writeToEnvironmentFile ?? {}).forEach((name) => provided.add(name));
    }
  });
});

describe('.m365agentsplayground.yml', () => {
  const config = parseYaml(read('.m365agentsplayground.yml')) as Record<string, unknown> & {
    currentUser: { id: string };
    users: Array<{ id: string }>;
    team: { channels: unknown[] };
  };

  it("has every section the Playground's schema requires, with a team channel", () => {
    for (const key of [
      'version',
      'tenantId',
      'bot',
      'currentUser',
      'users',
      'personalChat',
      'groupChat',
      'team',
    ]) {
      expect(config).toHaveProperty(key);
    }
    expect(config.team.channels.length).toBeGreaterThan(0);
  });

  it('gives every user their own id, as the Playground checks', () => {
    const ids = [config.currentUser.id, ...config.users.map((u) => u.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
