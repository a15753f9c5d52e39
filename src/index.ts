import { startApp } from './app';
import { ConfigError, envArgument, loadConfig, type Config } from './config';
import { createLogger } from './log';
import { EmulatorDataError } from './emulator/data';
import { startPlayground, type RunningPlayground } from './playground';

/** The composition root: reads the configuration once, starts what the mode needs, stops it all on Ctrl-C. */
async function main(): Promise<void> {
  const config = loadConfig({
    env: { ...process.env, APP_ENV: envArgument(process.argv) ?? process.env.APP_ENV },
    envDir: process.env.ENV_DIR || undefined,
  });
  const logger = createLogger(config.logLevel, { format: config.logFormat });
  logger.info(modeLine(config));

  const app = await startApp(config, logger);
  let playground: RunningPlayground | undefined;
  const stopAll = async (): Promise<void> => {
    await playground?.stop();
    await app.close(config.shutdownGraceMs);
  };
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(
      `${signal} received: stopping, turns under way may take ${config.shutdownGraceMs} ms to finish`,
    );
    stopAll().then(
      () => {
        const parts = ['the bot', app.emulator && 'the emulator', playground && 'the Agents Playground'];
        logger.info(`stopped ${parts.filter(Boolean).join(', ')}; nothing is left running`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('stopping failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  if (app.emulator)
    logger.info(`Partner Center emulator on ${app.emulator.url}`, {
      data: config.emulator.dataFile ?? 'built-in',
    });
  else logger.info(`Partner Center at ${app.partnerCenterUrl}`);
  const endpoint = `${app.bot.url}/api/messages`;
  logger.info(`bot listening on ${endpoint}`);

  if (config.playground.start) {
    try {
      playground = await startPlayground({
        botEndpoint: endpoint,
        port: config.playground.port,
        env: config.playground.env,
        logger,
      });
    } catch (error) {
      await stopAll();
      throw error;
    }
    logger.info(`Agents Playground ready: open ${playground.url} and type "invite link" or "help"`);
  }
  // From the process's start (performance.now()'s origin): loading the modules is part of the wait.
  logger.info(`ready in ${Math.round(performance.now())} ms (Ctrl-C stops everything)`);
}

function modeLine(config: Config): string {
  if (config.mode === 'teams') {
    return `Partner Center Assistant in Teams mode (BOT_ID ${config.bot.id}): Bot Framework authentication on, Partner Center (${config.partnerCenter.cloud} cloud) at ${config.partnerCenter.baseUrl}`;
  }
  const partnerCenter = config.partnerCenter.baseUrl ?? 'the built-in Partner Center emulator';
  return `Partner Center Assistant in local mode (no BOT_ID): inbound authentication off, data from ${partnerCenter}`;
}

main().catch((error: unknown) => {
  // A settings problem is one line that names the setting; anything else is a start-up failure worth its message.
  const known = error instanceof ConfigError || error instanceof EmulatorDataError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${known ? message : `Start-up failed: ${message}`}\n`);
  process.exit(1);
});
