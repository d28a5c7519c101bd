/**
 * The demo's "Buy points" button: the purchase widget as a modal dialog (`presentation="dialog"`), preloaded
 * while the pointer is over the button, opened by the click, a purchase inside it with its verified webhook,
 * and closed by the widget's own "Done" (its `close` message), focus back on the button.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemo } from 'cosmo-demo';
import type { Demo } from 'cosmo-demo';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './support/browser.js';
import { domEvents, entryDetail, openDemo, signIn, STEP_TIMEOUT_MS, waitForStillBox, webhookEntries, widget, widgetFrame } from './support/demo-page.js';
import { buyPoints } from './support/widget-actions.js';

describe('demo: "Buy points" opens the purchase widget as a dialog', () => {
  let demo: Demo;
  let browser: Browser;

  before(async () => {
    demo = await startDemo({ simulator: { webhookRetry: { baseDelayMs: 50, maxDelayMs: 400 } } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  test('preloaded before the click, opened modal, a purchase and its webhook, closed by the widget, focus back on the button', async () => {
    const { context, page, pageErrors } = await openPage(browser);
    try {
      await openDemo(page, demo.url);
      await signIn(page, 'Grace Hopper');
      const dialogWidget = widget(page, 'dialog');
      const button = page.getByTestId('buy-points');
      assert.equal(await dialogWidget.getAttribute('state'), 'idle', 'nothing loads before the user shows intent');

      // Pointing at the button loads the widget (token, iframe, handshake) while the dialog stays closed.
      await waitForStillBox(button);
      await button.hover();
      await page.locator('cosmo-purchase-widget[presentation="dialog"][state="ready"]').waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
      assert.equal(await dialogWidget.evaluate((el) => el.shadowRoot!.querySelector('dialog')!.open), false, 'still closed');
      assert.equal(await domEvents(page, 'cosmo-open').count(), 0);

      await button.click();
      await domEvents(page, 'cosmo-open').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      const modal = await dialogWidget.evaluate((el) => {
        const dialog = el.shadowRoot!.querySelector('dialog')!;
        return { open: dialog.open, modal: dialog.matches(':modal'), overflow: getComputedStyle(document.documentElement).overflow };
      });
      assert.deepEqual(modal, { open: true, modal: true, overflow: 'hidden' }, 'a modal dialog, page scroll locked');
      assert.equal(await dialogWidget.getAttribute('open'), '');

      const transactionId = await buyPoints(page, { programId: 'prog_cartly', points: 300 }, 'dialog');
      const domEntry = domEvents(page, 'cosmo-transaction-complete').first();
      await domEntry.waitFor({ timeout: STEP_TIMEOUT_MS });
      assert.equal((await entryDetail<{ transactionId: string }>(domEntry)).transactionId, transactionId);
      const hookEntry = webhookEntries(page, 'transaction.confirmed').first();
      await hookEntry.waitFor({ timeout: STEP_TIMEOUT_MS });
      assert.equal((await entryDetail<{ transactionId: string }>(hookEntry)).transactionId, transactionId);

      // "Done" in the widget posts `close`: the element closes its dialog and fires cosmo-close once.
      const frame = await widgetFrame(page, 'dialog');
      await frame.locator('[data-testid="done"]').click();
      const close = domEvents(page, 'cosmo-close').first();
      await close.waitFor({ timeout: STEP_TIMEOUT_MS });
      assert.deepEqual(await entryDetail(close), { reason: 'done' });
      await page.waitForFunction(() => !document.querySelector('#buy-points-dialog')!.hasAttribute('open'), undefined, { timeout: STEP_TIMEOUT_MS });
      assert.equal(await domEvents(page, 'cosmo-close').count(), 1);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'buy-points', 'focus returns to the opener');
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflow), 'visible', 'page scroll restored');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });
});
