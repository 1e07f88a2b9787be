/**
 * The console in a real browser: Debian's chromium (installed by .ci/run) driven by
 * playwright-core, against the service listening on a loopback port with its workers running, so
 * the samples the page shows can be run as they are.
 */
import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.ts';
import { freePort } from '../../helpers/service-process.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots of every screen, light, dark and 375 px wide (gitignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../.cache/console-screenshots/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No browser at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install -y chromium; .ci/run does it as root).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
}

export interface ConsoleService {
  t: TestApp;
  baseUrl: string;
  /** An admin token for workspace `ws1`, the one `t.api` uses. */
  token: string;
  close(): Promise<void>;
}

/** The service on a free loopback port whose PUBLIC_BASE_URL is that port, with its workers running. */
export async function startConsoleService(): Promise<ConsoleService> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ env: { PUBLIC_BASE_URL: baseUrl, HOOKGATE_ALLOW_PRIVATE_NETWORK: 'true' } });
  t.startWorkers();
  const server: ServerType = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' });
  await once(server, 'listening');
  return {
    t,
    baseUrl,
    token: await t.token(),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await t.close();
    },
  };
}

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors of the page's scripts (CSP violations included). */
  errors: string[];
}

/** A fresh browser context (no storage shared with another test) with clipboard access. */
export async function openConsole(browser: Browser, baseUrl: string): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', reducedMotion: 'reduce' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content.Security.Policy|Refused to/i.test(msg.text())) errors.push(msg.text());
  });
  return { context, page, errors };
}

export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Admin token').fill(token);
  // From the keyboard: Enter in the field submits the form.
  await page.getByLabel('Admin token').press('Enter');
  await page.getByRole('heading', { name: 'Bots', level: 1 }).waitFor();
}

/**
 * Saves the screen as it is: 1280 px light, 1280 px dark, 375 px light. Leaves the page at
 * 1280 px, light. Also checks that nothing is wider than a 375 px screen but what scrolls on its own.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = (variant: string) => `${SCREENSHOT_DIR}${name}-${variant}.png`;
  await page.screenshot({ path: file('light'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: file('dark'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: file('375'), fullPage: true });
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow, `${name}: wider than 375 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** What a Copy button put on the clipboard (and the text it says it copies). */
export async function copiedText(page: Page, button: ReturnType<Page['getByRole']>): Promise<string> {
  await button.click();
  await expect.poll(() => button.locator('xpath=following-sibling::*[@role="status"]').textContent()).toBe('Copied');
  // Runs in the page, where navigator has a clipboard (the type check knows only Node's navigator).
  const clipboard = await page.evaluate(() =>
    (navigator as unknown as { clipboard: { readText(): Promise<string> } }).clipboard.readText(),
  );
  expect(clipboard).toBe(await button.getAttribute('data-copy'));
  return clipboard;
}
