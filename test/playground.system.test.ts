import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src/log';
import { startPlayground } from '../src/playground';
import { BOT_PROCESS_ENV, configFrom, SECRET } from './helpers/botProcessEnv';
import { unusedPort } from './helpers/servers';

describe('starting the Agents Playground', () => {
  it('fails with the Playground’s own reason when its config file is invalid, and leaves nothing running', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pca-playground-'));
    writeFileSync(path.join(dir, '.m365agentsplayground.yml'), 'version: "0.1.1"\ntenantId: t\n');
    const port = await unusedPort();
    try {
      await expect(
        startPlayground({
          botEndpoint: 'http://127.0.0.1:9/api/messages',
          port,
          env: configFrom({ PATH: process.env.PATH ?? '' }).playground.env,
          logger: silentLogger,
          cwd: dir,
        }),
      ).rejects.toThrow(
        /^The Agents Playground did not start: YAML path "": must have required property 'bot'/,
      );
      await expect(
        fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }),
      ).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  // What the running child was really given, as Linux shows it: its command line and its environment.
  (existsSync('/proc/self/environ') ? it : it.skip)(
    'runs it with telemetry off and none of the bot’s secrets',
    async () => {
      const env = { ...BOT_PROCESS_ENV, HOME: process.env.HOME ?? tmpdir(), PATH: process.env.PATH ?? '' };
      const playground = await startPlayground({
        botEndpoint: 'http://127.0.0.1:9/api/messages',
        port: await unusedPort(),
        env: configFrom(env).playground.env,
        logger: silentLogger,
      });
      try {
        const cmdline = readFileSync(`/proc/${playground.pid}/cmdline`, 'utf8').split('\0');
        const environ = readFileSync(`/proc/${playground.pid}/environ`, 'utf8').split('\0').filter(Boolean);
        expect(cmdline).toContain('--disable-telemetry');
        expect(environ).toContain('APPLICATION_INSIGHTS_NO_STATSBEAT=true');
        expect(environ.map((entry) => entry.split('=')[0]).sort()).toEqual(
          [
            'APPLICATION_INSIGHTS_NO_STATSBEAT',
            'HOME',
            'LANG',
            'M365_AGENTS_PLAYGROUND_LOGFILE',
            'PATH',
            'TEAMSAPPTESTER_BROWSER',
            'npm_config_cache',
          ].sort(),
        );
        expect(environ.join('\n')).not.toContain(SECRET);
      } finally {
        await playground.stop();
      }
    },
    60_000,
  );
});
