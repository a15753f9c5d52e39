import { spawnBot } from './helpers/botProcess';
import { SEED_TENANT } from './helpers/seeds';
import { unusedPort } from './helpers/servers';

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
    const log = spawnBot({ PORT: '0', PLAYGROUND_PORT: String(playgroundPort), LOG_LEVEL: 'info' });
    const { child } = log;
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
      expect(await log.exited).toBe(0);
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
          log.exited,
          new Promise((resolve) => setTimeout(resolve, 10_000)),
        ]);
        if (stopped === undefined && child.exitCode === null) child.kill('SIGKILL');
      }
    }
  }, 90_000);

  it("names BOT_ID when a Teams-mode environment's template is not filled in (APP_ENV=dev)", async () => {
    const log = spawnBot({ APP_ENV: 'dev' });
    expect(await log.exited).toBe(1);
    expect(log.output()).not.toMatch(/local mode|MicrosoftAppId|BOT_TYPE/);
    expect(log.output()).toMatch(
      /^BOT_ID: expected the bot's app id \(a GUID\) in [^ ]*\.env\.dev, since APP_ENV=dev runs in Teams: provisioning the environment/,
    );
  }, 30_000);

  it('stops on a bad setting with one line that names it', async () => {
    const log = spawnBot({ PORT: 'eighty' });
    expect(await log.exited).toBe(1);
    expect(log.output().trim()).toBe('PORT: expected a whole number from 0 to 65535, got "eighty"');
  }, 30_000);
});
