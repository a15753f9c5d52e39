import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseEnv } from 'dotenv';
import ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import { ConfigError, loadConfig } from '../src/config';
import { shippedEnvCopy } from './helpers/envDir';

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

/** A .vscode file: JSON with comments, as the Toolkit's templates write them (TypeScript's reader takes both). */
function readJsonc<T>(file: string): T {
  const { config, error } = ts.parseConfigFileTextToJson(file, read(file));
  if (error) throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  return config as T;
}

interface Task {
  label: string;
  type?: string;
  command?: string;
  args?: {
    env?: string;
    ports?: Array<{ portNumber: number; writeToEnvironmentFile?: Record<string, string> }>;
  };
  dependsOn?: string[];
  problemMatcher?: { background?: { beginsPattern: string; endsPattern: string } } | string;
}

describe('.vscode: F5, as the Toolkit’s bot template has it', () => {
  const launch = readJsonc<{
    configurations: Array<{ name: string; port?: number; preLaunchTask?: string; url?: string }>;
    compounds: Array<{ name: string; configurations: string[]; preLaunchTask: string }>;
  }>('.vscode/launch.json');
  const { tasks } = readJsonc<{ tasks: Task[] }>('.vscode/tasks.json');
  const task = (label: string): Task => {
    const found = tasks.find((t) => t.label === label);
    if (!found) throw new Error(`no task "${label}" in .vscode/tasks.json`);
    return found;
  };
  /** A task and every task it depends on, in order. */
  const chain = (label: string): Task[] => [...(task(label).dependsOn ?? []).flatMap(chain), task(label)];
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const attach = launch.configurations.find((c) => c.name === 'Attach to Local Service');
  const localEnv = parseEnv(read('env/.env.local'));

  it('offers the Playground and Teams (Edge, Chrome, desktop) as compounds whose parts and tasks exist', () => {
    expect(launch.compounds.map((c) => c.name)).toEqual([
      'Debug in Microsoft 365 Agents Playground',
      'Debug in Teams (Edge)',
      'Debug in Teams (Chrome)',
      'Debug in Teams (Desktop)',
    ]);
    const names = launch.configurations.map((c) => c.name);
    for (const compound of launch.compounds) {
      for (const part of compound.configurations) expect(names).toContain(part);
      expect(compound.configurations).toContain('Attach to Local Service');
      expect(chain(compound.preLaunchTask).length).toBeGreaterThan(1);
    }
    for (const configuration of launch.configurations.filter((c) => c.preLaunchTask))
      expect(task(configuration.preLaunchTask as string)).toBeDefined();
  });

  it('debugs in Teams the local environment: tunnel, provision, deploy, then the bot, in that order', () => {
    for (const compound of launch.compounds.filter((c) => c.name.startsWith('Debug in Teams'))) {
      const steps = chain(compound.preLaunchTask).map((t) => [t.type, t.command, t.args?.env]);
      expect(steps).toEqual(
        expect.arrayContaining([
          ['teamsfx', 'debug-start-local-tunnel', 'local'],
          ['teamsfx', 'provision', 'local'],
          ['teamsfx', 'deploy', 'local'],
        ]),
      );
      const commands = steps.map(([, command]) => command);
      expect(commands.indexOf('provision')).toBeLessThan(commands.indexOf('deploy'));
      expect(commands.indexOf('deploy')).toBeLessThan(commands.indexOf('npm run dev:teamsfx'));
    }
    for (const configuration of launch.configurations.filter((c) => c.url?.includes('{{local:')))
      expect(configuration.url).toContain('${{local:TEAMS_APP_ID}}');
  });

  it('provisions and deploys only environments that have a project file and an env file', () => {
    const projectFile = (env: string) =>
      existsSync(path.join(ROOT, `m365agents.${env}.yml`)) ? `m365agents.${env}.yml` : 'm365agents.yml';
    for (const t of tasks.filter((t) => t.command === 'provision' || t.command === 'deploy')) {
      const env = t.args?.env as string;
      expect(existsSync(path.join(ROOT, `env/.env.${env}`))).toBe(true);
      const project = parseYaml(read(projectFile(env))) as Record<string, unknown>;
      expect({ task: t.label, stage: Array.isArray(project[t.command as string]) }).toEqual({
        task: t.label,
        stage: true,
      });
    }
  });

  it('starts the bot with the scripts of package.json, in the environment just deployed, with the inspector F5 attaches to', () => {
    expect(attach).toMatchObject({ request: 'attach', port: 9239 });
    for (const compound of launch.compounds) {
      const steps = chain(compound.preLaunchTask);
      const deployed = steps.find((t) => t.command === 'deploy')?.args?.env;
      const start = steps.find((t) => t.type === 'shell');
      const script = /^npm run ([\w:-]+)$/.exec(start?.command ?? '')?.[1] ?? '';
      expect(scripts[script]).toBeDefined();
      expect(scripts[script]).toContain(`--inspect=${attach?.port}`);
      expect(scripts[script]).toMatch(new RegExp(`--env ${deployed}$`));
      const checked = steps.find((t) => t.command === 'debug-check-prerequisites') as Task & {
        args: { portOccupancy: number[] };
      };
      expect(checked.args.portOccupancy).toEqual(
        expect.arrayContaining([Number(localEnv.PORT), attach?.port]),
      );
    }
  });

  it("opens the tunnel on the bot's port and writes the endpoint m365agents.local.yml registers", () => {
    const tunnel = task('Start local tunnel');
    const [port] = tunnel.args?.ports ?? [];
    expect(port?.portNumber).toBe(Number(localEnv.PORT));
    expect(port?.writeToEnvironmentFile).toEqual({ endpoint: 'BOT_ENDPOINT', domain: 'BOT_DOMAIN' });
    expect(read('m365agents.local.yml')).toContain('messagingEndpoint: ${{BOT_ENDPOINT}}/api/messages');
  });

  it('waits for the bot to be ready, or to stop on a bad setting, before attaching', () => {
    const shipped = shippedEnvCopy();
    const settingError = (() => {
      try {
        loadConfig({ env: { PORT: 'eighty' }, envDir: shipped.dir });
      } catch (error) {
        return (error as Error).message;
      } finally {
        shipped.remove();
      }
      return '';
    })();
    expect(settingError).toMatch(/^PORT: expected/);
    for (const t of tasks.filter((t) => t.type === 'shell')) {
      const background = typeof t.problemMatcher === 'object' ? t.problemMatcher.background : undefined;
      const begins = new RegExp(background?.beginsPattern ?? '$^');
      const ends = new RegExp(background?.endsPattern ?? '$^', 'm');
      expect(begins.test('18:13:55.178 info  Partner Center Assistant in local mode (no BOT_ID): …')).toBe(
        true,
      );
      expect(ends.test('18:13:55.931 info  ready in 2949 ms (Ctrl-C stops everything)')).toBe(true);
      expect(ends.test('{"level":"info","msg":"ready in 812 ms (Ctrl-C stops everything)"}')).toBe(true);
      expect(ends.test(settingError)).toBe(true);
      expect(ends.test('Start-up failed: listen EADDRINUSE: address already in use 127.0.0.1:3978')).toBe(
        true,
      );
      expect(ends.test('18:13:55.310 info  bot listening on http://127.0.0.1:3978/api/messages')).toBe(false);
    }
  });
});

describe('env/.env.local: the Teams path (F5), as provisioning leaves it', () => {
  /** What aadApp/create registers, as the bot names it. */
  const BOT_TYPE_OF_AUDIENCE: Record<string, string> = {
    AzureADMyOrg: 'SingleTenant',
    AzureADMultipleOrgs: 'MultiTenant',
  };
  const GUIDS = ['0b7e1c2a-3d4f-4a5b-8c6d-7e8f9a0b1c2d', '5c7e3b0a-9f4d-4b8e-a1c2-3d4e5f60718a'];

  /** Each output a provisioning action writes, by variable, with a value of its kind (ids are GUIDs). */
  function provisioned(file: string): Record<string, string> {
    const project = parseYaml(read(file)) as { provision: Action[] };
    const values: Record<string, string> = {};
    let guids = 0;
    for (const action of project.provision)
      for (const [output, name] of Object.entries(action.writeToEnvironmentFile ?? {}))
        values[name] = /secret/i.test(output)
          ? 'the-client-secret'
          : /authority/i.test(output)
            ? 'https://login.microsoftonline.com'
            : (GUIDS[guids++ % GUIDS.length] as string);
    return values;
  }

  /** An env file rewritten with `values` (later wins), every value quoted as dotenv reads it back. */
  function update(file: string, values: Record<string, string>): void {
    const current = existsSync(file) ? parseEnv(readFileSync(file)) : {};
    const merged = { ...current, ...values };
    writeFileSync(
      file,
      Object.entries(merged)
        .map(([k, v]) => `${k}="${v}"\n`)
        .join(''),
    );
  }

  /**
   * The shipped env files after F5's Provision (ids in env/.env.local, the secret encrypted by the Toolkit in its
   * .user twin) and the tunnel, then, when `deployed`, what m365agents.local.yml's Deploy writes.
   */
  function localAfterF5(dir: string, deployed: boolean): Record<string, string> {
    const values = { ...provisioned('m365agents.local.yml'), BOT_ENDPOINT: 'https://abc-3978.devtunnels.ms' };
    const secrets = Object.keys(values).filter((name) => name.startsWith('SECRET_'));
    update(
      path.join(dir, '.env.local'),
      Object.fromEntries(Object.entries(values).filter(([name]) => !secrets.includes(name))),
    );
    update(
      path.join(dir, '.env.local.user'),
      Object.fromEntries(secrets.map((name) => [name, `crypto_${'0'.repeat(32)}`])),
    );
    if (deployed) {
      const project = parseYaml(read('m365agents.local.yml')) as { deploy: Action[] };
      for (const action of project.deploy.filter((a) => a.uses === 'file/createOrUpdateEnvironmentFile')) {
        const { target, envs } = action.with as { target: string; envs: Record<string, string> };
        const resolved = Object.entries(envs).map(([name, text]) => [
          name,
          text.replace(
            /\$\{\{\s*([A-Z0-9_]+)\s*\}\}/g,
            (_, v: string) => values[v as keyof typeof values] ?? '',
          ),
        ]);
        update(path.join(dir, path.basename(target)), Object.fromEntries(resolved));
      }
    }
    return values;
  }

  const problem = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  it.each([
    ['m365agents.yml', 'dev'],
    ['m365agents.local.yml', 'local'],
  ])('%s creates the kind of app env/.env.%s says BOT_TYPE is, in BOT_TENANT_ID', (file, envName) => {
    const project = parseYaml(read(file)) as { provision: Action[] };
    const create = project.provision.find((a) => a.uses === 'aadApp/create');
    const audience = create?.with?.signInAudience as string;
    expect(parseEnv(read(`env/.env.${envName}`)).BOT_TYPE).toBe(BOT_TYPE_OF_AUDIENCE[audience]);
    expect(create?.writeToEnvironmentFile).toMatchObject({ clientId: 'BOT_ID', tenantId: 'BOT_TENANT_ID' });
  });

  it('runs locally before provisioning, whatever BOT_TYPE says for later', () => {
    const shipped = shippedEnvCopy();
    try {
      expect(loadConfig({ env: {}, envDir: shipped.dir })).toMatchObject({
        mode: 'local',
        bot: { type: 'MultiTenant' },
      });
    } finally {
      shipped.remove();
    }
  });

  it('once provisioned and deployed, starts in Teams mode as the single-tenant app, with nothing left to fill in', () => {
    const shipped = shippedEnvCopy();
    try {
      const values = localAfterF5(shipped.dir, true);
      const config = loadConfig({ env: {}, envDir: shipped.dir });
      expect(config).toMatchObject({
        mode: 'teams',
        bot: {
          id: values.BOT_ID,
          type: 'SingleTenant',
          tenantId: values.BOT_TENANT_ID,
          password: 'the-client-secret',
        },
        oauthConnectionName: 'PartnerCenter',
        graph: { oauthConnectionName: 'Graph' },
        allowedTenantIds: [values.BOT_TENANT_ID],
      });
    } finally {
      shipped.remove();
    }
  });

  it('names the setting that is really missing, and where it comes from', () => {
    const shipped = shippedEnvCopy();
    try {
      const dev = problem(() => loadConfig({ env: { APP_ENV: 'dev' }, envDir: shipped.dir }));
      expect(dev).toMatch(
        /^BOT_ID: expected the bot's app id \(a GUID\) in [^ ]*\.env\.dev, since APP_ENV=dev runs in Teams: provisioning/,
      );
      expect(dev).not.toContain('BOT_TYPE');

      // BOT_ID set by hand, as the issue tried: the rest of what provisioning writes is named; the OAuth
      // connection is not, since env/.env.local lists it.
      const byHand = problem(() => loadConfig({ env: { BOT_ID: GUIDS[0] }, envDir: shipped.dir }));
      expect(byHand.split('; ').map((line) => line.split(':')[0])).toEqual([
        'SECRET_BOT_PASSWORD',
        'BOT_TENANT_ID',
      ]);

      // Provisioned, not deployed: the secret is still the Toolkit's encrypted copy.
      localAfterF5(shipped.dir, false);
      const encrypted = problem(() => loadConfig({ env: {}, envDir: shipped.dir }));
      expect(encrypted).toMatch(
        /^SECRET_BOT_PASSWORD: .*encrypted copy.*Deploy \(F5 runs it\) writes it in clear/,
      );
    } finally {
      shipped.remove();
    }
  });
});
