import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src/log';
import { startPlayground } from '../src/playground';
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
          env: { PATH: process.env.PATH },
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
});
