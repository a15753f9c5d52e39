import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { spawnBot } from '../helpers/botProcess';
import { unusedPort } from '../helpers/servers';

/** The flags DEVELOPERS.md sets for Chromium here: headless, no sandbox (root), and no background traffic. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface LocalStack {
  playgroundUrl: string;
  /** Everything the bot (and the Playground it started) printed. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm start`'s entry point (built): the emulator, the bot and the Agents Playground, on free ports, with every
 * Node process of the tree refusing connections off this machine.
 */
async function startLocalStack(env: Record<string, string> = {}): Promise<LocalStack> {
  const stack = spawnBot({
    PORT: '0',
    PLAYGROUND_PORT: String(await unusedPort()),
    LOG_LEVEL: 'debug',
    ...env,
  });
  const ready = await stack.waitFor(/Agents Playground ready: open (http:\/\/localhost:\d+)/, 90_000);
  return {
    playgroundUrl: ready[1]!,
    output: stack.output,
    stop: async () => {
      if (stack.child.exitCode !== null || stack.child.signalCode !== null) return;
      stack.child.kill('SIGINT');
      await stack.exited;
    },
  };
}

export interface Client {
  browser: Browser;
  page: Page;
  /** Hosts the page tried to reach off this machine; every such request was aborted. */
  blocked: string[];
}

/** Debian's Chromium through playwright-core, every request that is not to this machine aborted and counted. */
async function openPlayground(url: string): Promise<Client> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 1800 } });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const { hostname, host } = new URL(route.request().url());
    if (hostname === 'localhost' || hostname === '127.0.0.1') return route.continue();
    blocked.push(host);
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(url);
  await composeBox(page).waitFor({ timeout: 30_000 });
  return { browser, page, blocked };
}

/** The Playground's compose box is a Lexical contenteditable, found by its placeholder's text. */
function composeBox(page: Page): Locator {
  return page.locator('div:has(> span:text-is("Type a message...")) [contenteditable=true]');
}

/** Types a message as a person would, and sends it with Enter. */
export async function say(page: Page, text: string): Promise<void> {
  const box = composeBox(page);
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** The newest card that shows `text`, once it has arrived. */
export async function cardShowing(page: Page, text: string, timeout = 20_000): Promise<Locator> {
  const card = page.locator('.ac-adaptiveCard', { hasText: text }).last();
  await card.waitFor({ timeout });
  return card;
}

/** Opens a chat or channel from the Playground's left column by its name. */
export async function openConversation(page: Page, name: string): Promise<void> {
  await page.getByText(name, { exact: true }).first().click();
  await composeBox(page).waitFor();
}

/** @mentions the bot, as group chats and channels require, then types the request and sends it. */
export async function mentionBotAndSay(page: Page, botName: string, text: string): Promise<void> {
  const box = composeBox(page);
  await box.click();
  await page.keyboard.type(`@${botName.slice(0, 6)}`);
  await page.locator('[role=menuitem], [role=option]', { hasText: botName }).first().click();
  await page.keyboard.type(` ${text}`);
  await page.keyboard.press('Enter');
}

const ARTIFACTS = path.join(__dirname, 'artifacts');
const README_SCREENSHOTS = path.resolve(__dirname, '..', '..', 'cards', 'screenshots');
/** The Playground page asks an Office CDN for Segoe fonts and a worklet; those are aborted, and only those. */
const ALLOWED_BLOCKED_HOSTS = new Set(['res-1.cdn.office.net']);

/**
 * The page in test/e2e/artifacts/, and the card alone beside it; with REFRESH_README_SCREENSHOTS the card also
 * replaces its picture in cards/screenshots/ (npm run screenshots).
 */
export async function screenshot(page: Page, name: string, card?: Locator): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  if (card) {
    const file = path.join(ARTIFACTS, `${name}.card.png`);
    await card.screenshot({ path: file });
    if (process.env.REFRESH_README_SCREENSHOTS)
      copyFileSync(file, path.join(README_SCREENSHOTS, `${name}.png`));
  }
}

/**
 * The width a card gets on a phone: Teams mobile lays it across the screen less its margins, about 358 CSS pixels on
 * a 390-pixel-wide phone (an iPhone 12 to 15). The Playground cannot show it: its chat column keeps a 600-pixel
 * minimum and every card 446 pixels, whatever the window's width.
 */
const PHONE_CARD_WIDTH = 358;

/** What the phone width needs of the card's element in the page (the project compiles without the DOM's types). */
interface StyledElement {
  getAttribute(name: 'style'): string | null;
  setAttribute(name: 'style', value: string): void;
  style: { setProperty(name: string, value: string, priority: 'important'): void };
}

/**
 * `screenshot` as the Playground shows the card, then the card alone laid out at a phone's width,
 * `<name>.phone.card.png`: the card itself is narrowed (the Adaptive Cards renderer lays out with CSS, so its text
 * wraps and its columns shrink as they would on the phone), then given back its width for the next test.
 */
export async function screenshotDesktopAndPhone(page: Page, name: string, card: Locator): Promise<void> {
  await screenshot(page, name, card);
  const before = await card.evaluate((element, width) => {
    const styled = element as unknown as StyledElement;
    const style = styled.getAttribute('style') ?? '';
    styled.style.setProperty('width', `${width}px`, 'important');
    styled.style.setProperty('max-width', `${width}px`, 'important');
    styled.style.setProperty('box-sizing', 'border-box', 'important');
    return style;
  }, PHONE_CARD_WIDTH);
  try {
    const file = path.join(ARTIFACTS, `${name}.phone.card.png`);
    await card.screenshot({ path: file });
    if (process.env.REFRESH_README_SCREENSHOTS)
      copyFileSync(file, path.join(README_SCREENSHOTS, `${name}.phone.png`));
  } finally {
    await card.evaluate(
      (element, style) => (element as unknown as StyledElement).setAttribute('style', style),
      before,
    );
  }
}

export function expectNothingLeftTheMachine(stack: LocalStack, client: Client): void {
  expect(client.blocked.filter((host) => !ALLOWED_BLOCKED_HOSTS.has(host))).toEqual([]);
  expect(stack.output()).not.toMatch(/loopback-guard: blocked/);
}

export interface PlaygroundSession {
  stack: LocalStack;
  client: Client;
  page: Page;
}

/**
 * The local stack and a Playground page on it, for the tests of one describe block: started before them, stopped
 * after them. `env` adds settings (LOCAL_USER_LOCALE, LOCAL_TOKEN_MFA…).
 */
export function usePlayground(env: Record<string, string> = {}): PlaygroundSession {
  const session = {} as PlaygroundSession;
  beforeAll(async () => {
    session.stack = await startLocalStack(env);
    session.client = await openPlayground(session.stack.playgroundUrl);
    session.page = session.client.page;
  });
  afterAll(async () => {
    await session.client?.browser.close();
    await session.stack?.stop();
  });
  return session;
}
