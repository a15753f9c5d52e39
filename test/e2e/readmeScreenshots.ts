import path from 'node:path';
import { cardShowing, openPlayground, say, startLocalStack } from './harness';

/**
 * `npm run screenshots`: the README's pictures of the agreements card, in English and French, taken from the
 * Agents Playground in headless Chromium with the built-in emulator's data.
 */
const OUT = path.resolve(__dirname, '..', '..', 'cards', 'screenshots');
const SEED = '14876998-c0dc-46e6-9d0c-65a57a6c32ec';

async function main(): Promise<void> {
  for (const [language, locale, request, shows] of [
    ['en', 'en-US', `agreements for ${SEED}`, 'Tania Carr'],
    ['fr', 'fr-FR', `contrats pour ${SEED}`, 'Tania Carr'],
  ] as const) {
    const stack = await startLocalStack({ LOCAL_USER_LOCALE: locale });
    const client = await openPlayground(stack.playgroundUrl);
    try {
      await say(client.page, request);
      const card = await cardShowing(client.page, shows);
      await card.screenshot({ path: path.join(OUT, `agreements.${language}.png`) });
      process.stdout.write(`agreements.${language}.png (blocked: ${client.blocked.join(', ') || 'none'})\n`);
    } finally {
      await client.browser.close();
      await stack.stop();
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
