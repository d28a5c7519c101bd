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
import type { BrowserDriver } from './support/driver.js';
import { ENGINE, ENGINE_LABELS, launchBrowser } from './support/driver.js';
import { attribute, count, domEvents, entryDetail, frameUrl, isVisible, openDemo, signIn, testId, text, waitFor, waitForSelector, waitForStillBox, webhookEntries, WIDGET_TAGS, widgetFrame } from './support/demo-page.js';
import { buyPoints, finishPurchase } from './support/widget-actions.js';

const STARTING_BALANCE = 25_000;

describe(`demo: purchase widget end to end (${ENGINE_LABELS[ENGINE]})`, () => {
  let demo: Demo;
  let browser: BrowserDriver;

  before(async () => {
    demo = await startDemo({ simulator: { webhookRetry: { baseDelayMs: 50, maxDelayMs: 400 } } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  test('signed out, the token route answers 401, no Cosmo call is made, and the page says why', async () => {
    const page = await browser.newPage();
    try {
      await openDemo(page, demo.url);
      const detail = await entryDetail<{ code: string; status?: number }>(page, domEvents('cosmo-error'));
      assert.equal(detail.code, 'token-http-error');
      assert.equal(detail.status, 401);
      assert.equal(await isVisible(page, testId('signed-out-notice')), true);
      assert.match((await text(page, testId('signed-out-notice'))) ?? '', /401/);
      assert.equal(await attribute(page, 'cosmo-purchase-widget', 'state'), 'error');
      assert.equal(await page.evaluate(() => document.querySelector('cosmo-purchase-widget')?.shadowRoot?.querySelectorAll('iframe').length), 0, 'no iframe without a token');
      const widgetTokenRequests = demo.simulator.control.requests({ route: 'widget-token' });
      assert.equal(widgetTokenRequests.length, 0, 'the backend never asked Cosmo for a widget token');
      assert.deepEqual(await page.pageErrors(), []);
    } finally {
      await page.close();
    }
  });

  test('a purchase in the cross-origin widget fires cosmo-transaction-complete, then its verified transaction.confirmed webhook debits the balance', async () => {
    const page = await browser.newPage();
    try {
      await openDemo(page, demo.url);
      await signIn(page, 'Ada Lovelace');
      assert.equal(await text(page, testId('balance')), STARTING_BALANCE.toLocaleString('en-US'));

      // The widget runs in a real iframe on the simulator's origin, not the page's.
      const frame = await widgetFrame(page, 'purchase');
      const pageOrigin = new URL(demo.url).origin;
      const frameOrigin = new URL(await frameUrl(page, frame)).origin;
      assert.equal(frameOrigin, new URL(demo.simulator.url).origin);
      assert.notEqual(frameOrigin, pageOrigin);

      assert.ok(demo.simulator.control.requests({ route: 'widget-token' }).length >= 1, 'signed in, the backend minted widget tokens');

      const transactionId = await buyPoints(page, { programId: 'prog_skyair', points: 1200 });

      const domDetail = await entryDetail<{ transactionId: string; points: number; program: { id: string } }>(page, domEvents('cosmo-transaction-complete'));
      assert.equal(domDetail.transactionId, transactionId);
      assert.equal(domDetail.points, 1200);
      assert.equal(domDetail.program.id, 'prog_skyair');

      const hookEntry = webhookEntries('transaction.confirmed');
      const hookDetail = await entryDetail<{ transactionId: string; userId: string; points: number }>(page, hookEntry);
      assert.equal(hookDetail.transactionId, transactionId);
      assert.equal(hookDetail.userId, 'user_ada-lovelace');
      assert.equal(hookDetail.points, 1200);

      // The backend processed it exactly once, and the balance moved only through the webhook.
      const processed = demo.backend.ledger.processed.filter((entry) => entry.type === 'transaction.confirmed');
      assert.equal(processed.length, 1);
      assert.equal((processed[0]?.data as { transactionId: string }).transactionId, transactionId);
      assert.equal(processed[0]?.webhookId, await attribute(page, hookEntry, 'data-webhook-id'));
      await waitFor('the new balance', async () => (await text(page, testId('balance'))) === (STARTING_BALANCE - 1200).toLocaleString('en-US'));
      assert.equal(demo.backend.ledger.member('user_ada-lovelace').balance, STARTING_BALANCE - 1200);

      // The simulator's delivery log agrees: one delivery, first attempt, 2xx.
      const deliveries = demo.simulator.control.deliveries().filter((entry) => entry.id === processed[0]?.webhookId);
      assert.deepEqual(
        deliveries.map((entry) => [entry.attempt, entry.outcome]),
        [[1, 'delivered']],
      );

      // The page runs under a strict CSP: nothing it or the bundle does may trip it.
      assert.equal(await count(page, domEvents('csp-violation')), 0, 'no CSP violation on the page');
      assert.deepEqual(await page.pageErrors(), []);
    } finally {
      await page.close();
    }
  });

  test('a webhook signed with the wrong secret is refused with 401, shown as rejected, and changes nothing', async () => {
    const page = await browser.newPage();
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
      await waitForSelector(page, webhookEntries('rejected'));
      assert.equal(demo.backend.ledger.processed.length, before);
      const shown = await page.evaluate((selector) => [...document.querySelectorAll(selector)].filter((li) => li.textContent?.includes('txn_forged')).length, webhookEntries('transaction.confirmed'));
      assert.equal(shown, 0);
    } finally {
      await page.close();
    }
  });

  test('"Buy points" opens the purchase widget as a dialog: preloaded before the click, modal, a purchase and its webhook, closed by the widget, focus back on the button', async () => {
    const page = await browser.newPage();
    const dialog = WIDGET_TAGS.dialog;
    const button = testId('buy-points');
    const dialogEvents = (eventName: string) => `${domEvents(eventName)}[data-source="cosmo-purchase-widget#buy-points-dialog"]`;
    try {
      await openDemo(page, demo.url);
      await signIn(page, 'Grace Hopper');
      assert.equal(await attribute(page, dialog, 'state'), 'idle', 'nothing loads before the user shows intent');

      // Pointing at the button loads the widget (token, iframe, handshake) while the dialog stays closed.
      await waitForStillBox(page, button);
      await page.hover(button);
      await waitForSelector(page, `${dialog}[state="ready"]`);
      assert.equal(await page.evaluate((sel) => document.querySelector(sel)!.shadowRoot!.querySelector('dialog')!.open, dialog), false, 'still closed');
      assert.equal(await count(page, dialogEvents('cosmo-open')), 0);

      await waitForStillBox(page, button);
      await page.click(button);
      await waitForSelector(page, dialogEvents('cosmo-open'));
      const modal = await page.evaluate((sel) => {
        const element = document.querySelector(sel)!.shadowRoot!.querySelector('dialog')!;
        return { open: element.open, modal: element.matches(':modal'), overflow: getComputedStyle(document.documentElement).overflow };
      }, dialog);
      assert.deepEqual(modal, { open: true, modal: true, overflow: 'hidden' }, 'a modal dialog, page scroll locked');
      assert.equal(await attribute(page, dialog, 'open'), '');

      const transactionId = await buyPoints(page, { programId: 'prog_cartly', points: 300 }, 'dialog');
      assert.equal((await entryDetail<{ transactionId: string }>(page, dialogEvents('cosmo-transaction-complete'))).transactionId, transactionId);
      const hookEntry = `${webhookEntries('transaction.confirmed')}[data-webhook-id="${await waitFor('the webhook of the purchase', () => demo.backend.ledger.processed.find((entry) => (entry.data as { transactionId?: string }).transactionId === transactionId)?.webhookId)}"]`;
      assert.equal((await entryDetail<{ transactionId: string }>(page, hookEntry)).transactionId, transactionId);

      // "Done" in the widget posts `close`: the element closes its dialog and fires cosmo-close once.
      await finishPurchase(page, 'dialog');
      assert.deepEqual(await entryDetail(page, dialogEvents('cosmo-close')), { reason: 'done' });
      await waitFor('the dialog closed', async () => (await attribute(page, dialog, 'open')) === null);
      assert.equal(await count(page, dialogEvents('cosmo-close')), 1);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'buy-points', 'focus returns to the opener');
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflow), 'visible', 'page scroll restored');
      assert.deepEqual(await page.pageErrors(), []);
    } finally {
      await page.close();
    }
  });
});
