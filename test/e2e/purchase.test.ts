/**
 * A newcomer's path through the demo with the purchase widget: page → token (401 while signed out) →
 * cross-origin iframe → purchase inside the widget → DOM event → signed webhook verified by Acme's backend;
 * and the same widget as a modal dialog behind the "Buy points" button (`presentation="dialog"`), preloaded
 * while the pointer is over the button and closed by the widget's own "Done".
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signWebhook } from '@cosmopoints/server';
import { startDemo } from 'cosmo-demo';
import type { Demo } from 'cosmo-demo';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage } from './support/browser.js';
import { domEvents, entryDetail, openDemo, signIn, STEP_TIMEOUT_MS, waitForStillBox, webhookEntries, widget, widgetFrame } from './support/demo-page.js';
import { buyPoints } from './support/widget-actions.js';

const STARTING_BALANCE = 25_000;

describe('demo: purchase widget end to end', () => {
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

  test('signed out, the token route answers 401, no Cosmo call is made, and the page says why', async () => {
    const { context, page, pageErrors } = await openPage(browser);
    try {
      await openDemo(page, demo.url);
      const error = domEvents(page, 'cosmo-error').first();
      await error.waitFor({ timeout: STEP_TIMEOUT_MS });
      const detail = await entryDetail<{ code: string; status?: number }>(error);
      assert.equal(detail.code, 'token-http-error');
      assert.equal(detail.status, 401);
      assert.equal(await page.getByTestId('signed-out-notice').isVisible(), true);
      assert.match(await page.getByTestId('signed-out-notice').innerText(), /401/);
      assert.equal(await widget(page, 'purchase').getAttribute('state'), 'error');
      assert.equal(await page.locator('cosmo-purchase-widget iframe').count(), 0, 'no iframe without a token');
      const widgetTokenRequests = demo.simulator.control.requests({ route: 'widget-token' });
      assert.equal(widgetTokenRequests.length, 0, 'the backend never asked Cosmo for a widget token');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('a purchase in the cross-origin widget fires cosmo-transaction-complete, then its verified transaction.confirmed webhook debits the balance', async () => {
    const { context, page, pageErrors } = await openPage(browser);
    try {
      await openDemo(page, demo.url);
      await signIn(page, 'Ada Lovelace');
      assert.equal(await page.getByTestId('balance').innerText(), STARTING_BALANCE.toLocaleString('en-US'));

      // The widget runs in a real iframe on the simulator's origin, not the page's.
      const frame = await widgetFrame(page, 'purchase');
      const pageOrigin = new URL(demo.url).origin;
      const frameOrigin = new URL(frame.url()).origin;
      assert.equal(frameOrigin, new URL(demo.simulator.url).origin);
      assert.notEqual(frameOrigin, pageOrigin);

      assert.ok(demo.simulator.control.requests({ route: 'widget-token' }).length >= 1, 'signed in, the backend minted widget tokens');

      const transactionId = await buyPoints(page, { programId: 'prog_skyair', points: 1200 });

      const domEntry = domEvents(page, 'cosmo-transaction-complete').first();
      await domEntry.waitFor({ timeout: STEP_TIMEOUT_MS });
      const domDetail = await entryDetail<{ transactionId: string; points: number; program: { id: string } }>(domEntry);
      assert.equal(domDetail.transactionId, transactionId);
      assert.equal(domDetail.points, 1200);
      assert.equal(domDetail.program.id, 'prog_skyair');

      const hookEntry = webhookEntries(page, 'transaction.confirmed').first();
      await hookEntry.waitFor({ timeout: STEP_TIMEOUT_MS });
      const hookDetail = await entryDetail<{ transactionId: string; userId: string; points: number }>(hookEntry);
      assert.equal(hookDetail.transactionId, transactionId);
      assert.equal(hookDetail.userId, 'user_ada-lovelace');
      assert.equal(hookDetail.points, 1200);

      // The backend processed it exactly once, and the balance moved only through the webhook.
      const processed = demo.backend.ledger.processed.filter((entry) => entry.type === 'transaction.confirmed');
      assert.equal(processed.length, 1);
      assert.equal((processed[0]?.data as { transactionId: string }).transactionId, transactionId);
      assert.equal(processed[0]?.webhookId, await hookEntry.getAttribute('data-webhook-id'));
      await page.getByTestId('balance').getByText((STARTING_BALANCE - 1200).toLocaleString('en-US'), { exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS });
      assert.equal(demo.backend.ledger.member('user_ada-lovelace').balance, STARTING_BALANCE - 1200);

      // The simulator's delivery log agrees: one delivery, first attempt, 2xx.
      const deliveries = demo.simulator.control.deliveries().filter((entry) => entry.id === processed[0]?.webhookId);
      assert.deepEqual(
        deliveries.map((entry) => [entry.attempt, entry.outcome]),
        [[1, 'delivered']],
      );

      // The page runs under a strict CSP: nothing it or the bundle does may trip it.
      assert.equal(await domEvents(page, 'csp-violation').count(), 0, 'no CSP violation on the page');
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test('a webhook signed with the wrong secret is refused with 401, shown as rejected, and changes nothing', async () => {
    const { context, page } = await openPage(browser);
    try {
      await openDemo(page, demo.url);
      const before = demo.backend.ledger.processed.length;
      const forged = await signWebhook({
        secret: 'whsec_' + Buffer.from('not-the-secret-cosmo-signs-with!').toString('base64'),
        payload: {
          type: 'transaction.confirmed',
          timestamp: new Date().toISOString(),
          data: { transactionId: 'txn_forged', userId: 'user_ada-lovelace', program: { id: 'prog_skyair', name: 'SkyAir Miles' }, points: 999, confirmedAt: new Date().toISOString() },
        },
      });
      const response = await fetch(new URL('/webhooks/cosmo', demo.url), { method: 'POST', headers: forged.headers, body: forged.body });
      assert.equal(response.status, 401);
      await webhookEntries(page, 'rejected').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      assert.equal(demo.backend.ledger.processed.length, before);
      assert.equal(await webhookEntries(page, 'transaction.confirmed').filter({ hasText: 'txn_forged' }).count(), 0);
    } finally {
      await context.close();
    }
  });

  test('"Buy points" opens the purchase widget as a dialog: preloaded before the click, modal, a purchase and its webhook, closed by the widget, focus back on the button', async () => {
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
      const hookEntry = webhookEntries(page, 'transaction.confirmed').filter({ hasText: transactionId }).first();
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
