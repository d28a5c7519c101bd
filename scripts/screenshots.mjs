#!/usr/bin/env node
/**
 * Regenerates the demo's screenshots in docs/screenshots/: starts the demo on ephemeral ports, drives it in
 * headless Chromium (sign in, a purchase, a multibrand change) and saves PNGs.
 *
 *   pnpm build && pnpm --filter @cosmopoints/widgets build:cdn && node scripts/screenshots.mjs
 *
 * Uses $CHROME_PATH or /usr/bin/chromium. Reuses the end-to-end tests' driver and page helpers.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

// The demo and the helpers are TypeScript; tsx runs them without a build step.
const { register } = await import('tsx/esm/api');
register();
const { startDemo } = await import('../demo/src/backend.ts');
const { launchBrowser } = await import('../test/e2e/support/driver.ts');
const { domEvents, openDemo, pressButton, signIn, testId, waitForSelector, webhookEntries, widgetFrame } = await import('../test/e2e/support/demo-page.ts');
const { buyAgain, buyPoints, connectProgram, setShare } = await import('../test/e2e/support/widget-actions.ts');

await mkdir(out, { recursive: true });
const demo = await startDemo({ simulator: { webhookRetry: { baseDelayMs: 200, maxDelayMs: 1000 } } });
const browser = await launchBrowser('chromium');
const saved = [];
const shot = async (page, name, options = {}) => {
  const path = `${out}${name}.png`;
  await page.playwright.screenshot({ path, ...options });
  saved.push(path);
};

try {
  // Chromium's driver carries its Playwright page (`page.playwright`) for screenshots.
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });

  // 1. Signed out: the token route answers 401 and the page explains it.
  await openDemo(page, demo.url);
  await waitForSelector(page, domEvents('cosmo-error'));
  await shot(page, 'demo-signed-out');

  // 2. Signed in, a purchase, and its verified webhook.
  await signIn(page, 'Ada Lovelace');
  await widgetFrame(page, 'multibrand');
  await buyPoints(page, { programId: 'prog_skyair', points: 2500 });
  await waitForSelector(page, webhookEntries('transaction.confirmed'));
  await page.playwright.locator('.widgets').scrollIntoViewIfNeeded();
  await shot(page, 'demo-purchase', { fullPage: true });

  // 3. Multibrand: connect a second program, give it 30 %.
  await connectProgram(page, 'prog_staywell');
  await waitForSelector(page, webhookEntries('program_connection.added'));
  await setShare(page, 'prog_staywell', 30);
  await waitForSelector(page, webhookEntries('program_connection.updated'));
  await page.playwright.mouse.move(0, 0);
  await shot(page, 'demo-overview', { fullPage: true });

  // 4. The live view alone, readable at README width.
  await page.playwright.locator('.live').screenshot({ path: `${out}demo-live-view.png` });
  saved.push(`${out}demo-live-view.png`);

  // 5. An outage drill: the DOM event arrives, the webhook waits for the endpoint to come back.
  await pressButton(page, testId('outage-toggle'));
  await waitForSelector(page, `${testId('endpoint-status')}[data-state="down"]`);
  await buyAgain(page);
  await buyPoints(page, { programId: 'prog_staywell', points: 4000 });
  await waitForSelector(page, domEvents('cosmo-transaction-complete'), { index: 1 });
  await page.playwright.waitForTimeout(1500);
  await page.playwright.locator('.live').screenshot({ path: `${out}demo-outage.png` });
  saved.push(`${out}demo-outage.png`);
  await pressButton(page, testId('outage-toggle'));
  await waitForSelector(page, webhookEntries('transaction.confirmed'), { index: 1 });
} finally {
  await browser.close();
  await demo.close();
}
for (const path of saved) console.log(`saved ${path}`);
