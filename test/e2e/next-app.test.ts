/**
 * A partner's Next.js App Router app (test/next-app, `next build` + `next start`): the React wrapper in a client
 * component, and @cosmopoints/server's token and webhook routes on the Node runtime and on the edge runtime. On each
 * runtime: sign in → token from that runtime's route → purchase in the cross-origin widget → the DOM event → Cosmo's
 * signed webhook verified by that runtime's route.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signWebhook } from '@cosmopoints/server';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import type { BrowserDriver } from './support/driver.js';
import { ENGINE, ENGINE_LABELS, launchBrowser } from './support/driver.js';
import { count, domEvents, entryDetail, waitFor, widgetFrame } from './support/demo-page.js';
import { buildNextApp, startNextApp } from './support/next-app.js';
import type { NextApp } from './support/next-app.js';
import { buyPoints } from './support/widget-actions.js';

const WEBHOOK_SECRET = `whsec_${Buffer.from('next-app-end-to-end-secret-32by!').toString('base64')}`;

interface VerifiedEvent {
  runtime: string;
  webhookId: string;
  transactionId: string;
  userId: string;
  points: number;
}

describe(`Next.js App Router app: Node and edge runtimes (${ENGINE_LABELS[ENGINE]})`, () => {
  let simulator: Simulator;
  let app: NextApp;
  let browser: BrowserDriver;

  before(async () => {
    buildNextApp();
    simulator = await startSimulator({ webhookSecret: WEBHOOK_SECRET, webhookRetry: { baseDelayMs: 50, maxDelayMs: 400 } });
    app = await startNextApp({
      COSMO_API_URL: simulator.url,
      COSMO_CLIENT_ID: 'demo-client',
      COSMO_CLIENT_SECRET: 'demo-secret-sandbox',
      COSMO_WEBHOOK_SECRET: WEBHOOK_SECRET,
      COSMO_PURCHASE_WIDGET_URL: simulator.widgetUrls.purchase,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await simulator?.close();
  });

  for (const [runtime, points] of [
    ['node', 1100],
    ['edge', 1300],
  ] as const) {
    test(`${runtime} runtime: a purchase fires cosmo-transaction-complete, then the ${runtime} webhook route verifies transaction.confirmed`, async () => {
      await simulator.control.webhooks({ url: `${app.url}/api/cosmo/webhook/${runtime}` });
      const page = await browser.newPage();
      try {
        await page.goto(`${app.url}/sign-in?user=ada-${runtime}&next=/${runtime}`);
        await widgetFrame(page, 'purchase');
        const transactionId = await buyPoints(page, { programId: 'prog_skyair', points });

        const detail = await entryDetail<{ transactionId: string; points: number }>(page, domEvents('cosmo-transaction-complete'));
        assert.deepEqual([detail.transactionId, detail.points], [transactionId, points]);

        // The proof: the runtime's webhook route verified Cosmo's signed delivery for this transaction.
        const verified = await waitFor(`the ${runtime} route's verified webhook`, async () => {
          const events = (await (await fetch(`${app.url}/api/cosmo/webhook/${runtime}`)).json()) as VerifiedEvent[];
          return events.find((event) => event.transactionId === transactionId);
        });
        assert.deepEqual([verified.runtime, verified.userId, verified.points], [runtime, `user_ada-${runtime}`, points]);
        const deliveries = simulator.control.deliveries().filter((entry) => entry.id === verified.webhookId);
        assert.deepEqual(
          deliveries.map((entry) => [entry.attempt, entry.status]),
          [[1, 200]],
          'delivered once, accepted at the first attempt',
        );
        // The token came from this runtime's route, for the signed-in user.
        assert.equal(await count(page, domEvents('cosmo-error')), 0, 'no cosmo-error');
        assert.deepEqual(await page.pageErrors(), []);
      } finally {
        await page.close();
      }
    });

    test(`${runtime} runtime: a webhook signed with another secret is refused with 401 and not recorded`, async () => {
      const forged = await signWebhook({
        secret: `whsec_${Buffer.from('not-the-secret-cosmo-signs-with!').toString('base64')}`,
        payload: {
          type: 'transaction.confirmed',
          timestamp: new Date().toISOString(),
          data: { transactionId: `txn_forged_${runtime}`, userId: 'user_mallory', program: { id: 'prog_skyair', name: 'SkyAir Miles' }, points: 1, confirmedAt: new Date().toISOString() },
        },
      });
      const response = await fetch(`${app.url}/api/cosmo/webhook/${runtime}`, { method: 'POST', headers: forged.headers, body: forged.body });
      assert.equal(response.status, 401);
      const events = (await (await fetch(`${app.url}/api/cosmo/webhook/${runtime}`)).json()) as VerifiedEvent[];
      assert.equal(events.filter((event) => event.transactionId === `txn_forged_${runtime}`).length, 0);
    });
  }
});
