import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The logger as the bot's process runs it: built, in dist/. */
const BUILT_LOG = path.resolve(__dirname, '..', 'dist', 'log');

describe('the logger in a process that exits at once', () => {
  it.each(['pretty', 'json'])(
    'writes to stdout, warn and error to stderr, all of it before an immediate exit (%s)',
    (format) => {
      const script = `
        const { createLogger } = require(${JSON.stringify(BUILT_LOG)});
        const logger = createLogger('info', { format: ${JSON.stringify(format)} });
        for (let i = 0; i < 2000; i++) logger.info('line ' + i);
        logger.warn('warned');
        logger.error('failed');
        logger.info('nothing is left running');
        process.exit(0);`;
      const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      const out = run.stdout.trimEnd().split('\n');
      expect(out).toHaveLength(2001);
      expect(out[2000]).toMatch(/nothing is left running/);
      expect(run.stderr).toMatch(/warned[^\n]*\n[^\n]*failed/);
      expect(run.stdout).not.toMatch(/warned|failed/);
    },
  );
});
