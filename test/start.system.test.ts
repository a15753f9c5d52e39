import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { shippedEnvCopy } from './helpers/envDir';
import { SEED_TENANT } from './helpers/seeds';
import { unusedPort } from './helpers/servers';

const ROOT = path.resolve(__dirname, '..');

/** `npm start` without the build step: the same entry point, run from source. */
function startBot(env: Record<string, string>): ChildProcessWithoutNullStreams {
  const { APP_ENV: _appEnv, BOT_ID: _botId, ...inherited } = process.env;
  const envFiles = shippedEnvCopy();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...inherited, ENV_DIR: envFiles.dir, ...env, NODE_NO_WARNINGS: '1' },
  });
  child.once('exit', () => envFiles.remove());
  return child;
}

function collect(child: ChildProcessWithoutNullStreams): {
  output: () => string;
  waitFor: (pattern: RegExp, ms: number) => Promise<RegExpMatchArray>;
} {
  let output = '';
  const listeners: Array<() => void> = [];
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    listeners.forEach((listener) => listener());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return {
    output: () => output,
    waitFor: (pattern, ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`)),
          ms,
        );
        const check = (): void => {
          const match = pattern.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          }
        };
        listeners.push(check);
        child.once('exit', () => {
          clearTimeout(timer);
          const match = pattern.exec(output);
          if (match) resolve(match);
          else reject(new Error(`exited before ${pattern}; output:\n${output}`));
        });
        check();
      }),
  };
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

describe('npm start (local mode)', () => {
  it('starts the emulator, the bot and the Agents Playground, answers, and stops them all on Ctrl-C', async () => {
    const playgroundPort = await unusedPort();
    const child = startBot({
      PORT: '0',
      PLAYGROUND_PORT: String(playgroundPort),
      LOG_LEVEL: 'info',
    });
    const log = collect(child);
    try {
      await log.waitFor(/ready in \d+ ms/, 60_000);
      const port = (
        await log.waitFor(/bot listening on http:\/\/127\.0\.0\.1:(\d+)\/api\/messages/, 1000)
      )[1];
      const firstLine = log.output().split('\n')[0];
      expect(firstLine).toMatch(/info +Partner Center Assistant in local mode \(no BOT_ID\)/);
      const emulatorUrl = (
        await log.waitFor(/Partner Center emulator on (http:\/\/127\.0\.0\.1:\d+)/, 1000)
      )[1];
      expect(log.output()).toContain(`Agents Playground ready: open http://localhost:${playgroundPort}`);

      const playground = await fetch(`http://localhost:${playgroundPort}/`);
      expect(playground.status).toBe(200);

      // The Playground's own way in is its UI (the e2e tests drive it); here the bot is asked directly.
      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: 'm1',
          text: `agreements for ${SEED_TENANT}`,
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:9',
          deliveryMode: 'expectReplies',
          conversation: { id: 'c1', conversationType: 'personal' },
          from: { id: 'u1' },
          recipient: { id: 'b1' },
        }),
      });
      expect(JSON.stringify(await response.json())).toContain('Tania Carr');

      child.kill('SIGINT');
      expect(await exitOf(child)).toBe(0);
      expect(log.output()).toMatch(
        /stopped the bot, the emulator, the Agents Playground; nothing is left running\n$/,
      );
      expect(await refused(`http://127.0.0.1:${port}/api/messages`)).toBe(true);
      expect(await refused(`http://localhost:${playgroundPort}/`)).toBe(true);
      expect(await refused(emulatorUrl as string)).toBe(true);
    } finally {
      // A failed assertion above: Ctrl-C first, so the bot stops the Playground it started; then no mercy.
      if (child.exitCode === null) {
        child.kill('SIGINT');
        const stopped = await Promise.race([
          exitOf(child),
          new Promise((resolve) => setTimeout(resolve, 10_000)),
        ]);
        if (stopped === undefined && child.exitCode === null) child.kill('SIGKILL');
      }
    }
  }, 90_000);

  it("names BOT_ID when a Teams-mode environment's template is not filled in (APP_ENV=dev)", async () => {
    const child = startBot({ APP_ENV: 'dev' });
    const log = collect(child);
    expect(await exitOf(child)).toBe(1);
    expect(log.output()).not.toMatch(/local mode|MicrosoftAppId/);
    expect(log.output()).toMatch(
      /^BOT_ID: expected the bot's app id \(a GUID\), since BOT_TYPE is SingleTenant/,
    );
  }, 30_000);

  it('stops on a bad setting with one line that names it', async () => {
    const child = startBot({ PORT: 'eighty' });
    const log = collect(child);
    expect(await exitOf(child)).toBe(1);
    expect(log.output().trim()).toBe('PORT: expected a whole number from 0 to 65535, got "eighty"');
  }, 30_000);
});
