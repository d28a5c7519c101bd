#!/usr/bin/env node
/**
 * Regenerates the demo's screenshots in docs/screenshots/: starts the demo on ephemeral ports, drives it in
 * headless Chromium (sign in, a purchase, a multibrand change) and saves PNGs.
 *
 *   pnpm build && pnpm --filter @cosmopoints/widgets build:cdn && node scripts/screenshots.mjs
 *
 * Uses $CHROME_PATH or /usr/bin/chromium. Reuses the end-to-end tests' page helpers.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

// The demo and the helpers are TypeScript; tsx runs them without a build step.
const { register } = await import('tsx/esm/api');
register();
const { startDemo } = await import('../demo/src/backend.ts');
const { launchChromium, openPage } = await import('../test/e2e/support/browser.ts');
const { domEvents, openDemo, pressButton, signIn, webhookEntries, widgetFrame, STEP_TIMEOUT_MS } = await import('../test/e2e/support/demo-page.ts');
const { buyAgain, buyPoints, connectProgram, setShare } = await import('../test/e2e/support/widget-actions.ts');

await mkdir(out, { recursive: true });
const demo = await startDemo({ simulator: { webhookRetry: { baseDelayMs: 200, maxDelayMs: 1000 } } });
const browser = await launchChromium();
const saved = [];
const shot = async (page, name, options = {}) => {
  const path = `${out}${name}.png`;
  await page.screenshot({ path, ...options });
  saved.push(path);
};

try {
  const { page } = await openPage(browser, { viewport: { width: 1360, height: 1000 } });

  // 1. Signed out: the token route answers 401 and the page explains it.
  await openDemo(page, demo.url);
  await domEvents(page, 'cosmo-error').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await shot(page, 'demo-signed-out');

  // 2. Signed in, a purchase, and its verified webhook.
  await signIn(page, 'Ada Lovelace');
  await widgetFrame(page, 'multibrand');
  await buyPoints(page, { programId: 'prog_skyair', points: 2500 });
  await webhookEntries(page, 'transaction.confirmed').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.locator('.widgets').scrollIntoViewIfNeeded();
  await shot(page, 'demo-purchase', { fullPage: true });

  // 3. Multibrand: connect a second program, give it 30 %.
  await connectProgram(page, 'prog_staywell');
  await webhookEntries(page, 'program_connection.added').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await setShare(page, 'prog_staywell', 30);
  await webhookEntries(page, 'program_connection.updated').first().waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.mouse.move(0, 0);
  await shot(page, 'demo-overview', { fullPage: true });

  // 4. The live view alone, readable at README width.
  await page.locator('.live').screenshot({ path: `${out}demo-live-view.png` });
  saved.push(`${out}demo-live-view.png`);

  // 5. An outage drill: the DOM event arrives, the webhook waits for the endpoint to come back.
  await pressButton(page.getByTestId('outage-toggle'));
  await page.locator('[data-testid="endpoint-status"][data-state="down"]').waitFor({ timeout: STEP_TIMEOUT_MS });
  await buyAgain(page);
  await buyPoints(page, { programId: 'prog_staywell', points: 4000 });
  await domEvents(page, 'cosmo-transaction-complete').nth(1).waitFor({ timeout: STEP_TIMEOUT_MS });
  await page.waitForTimeout(1500);
  await page.locator('.live').screenshot({ path: `${out}demo-outage.png` });
  saved.push(`${out}demo-outage.png`);
  await pressButton(page.getByTestId('outage-toggle'));
  await webhookEntries(page, 'transaction.confirmed').nth(1).waitFor({ timeout: STEP_TIMEOUT_MS });
} finally {
  await browser.close();
  await demo.close();
}
for (const path of saved) console.log(`saved ${path}`);
