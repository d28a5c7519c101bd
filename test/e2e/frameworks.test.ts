/**
 * The framework pages of the demo (demo/apps) driven in Chromium: the React page in StrictMode, the Vue
 * page and the Angular page each run a purchase and a multibrand change against the demo backend's token
 * route, and every typed event reaches the framework's handler exactly once: the page's own log of
 * handler calls matches, one to one, the `cosmo-*` DOM events counted by a listener outside the framework.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemo } from 'cosmo-demo';
import type { Demo } from 'cosmo-demo';
import type { Browser } from 'playwright-core';
import { buildDemoApps } from '../../demo/apps/build.js';
import { launchChromium, openPage } from './support/browser.js';
import { entryDetail, openDemo, signIn, STEP_TIMEOUT_MS, waitFor, widgetFrame } from './support/demo-page.js';
import { buyPoints, connectProgram } from './support/widget-actions.js';
import { WIDGET_EVENT_NAMES } from '@cosmopoints/widgets/webview';


const FRAMEWORKS = [
  { name: 'React (StrictMode)', path: 'apps/react/', member: 'Grace Hopper', points: 700 },
  { name: 'Vue', path: 'apps/vue/', member: 'Katherine Johnson', points: 800 },
  { name: 'Angular', path: 'apps/angular/', member: 'Margaret Hamilton', points: 900 },
] as const;

/** Counts every `cosmo-*` DOM event at the window, before any framework code runs (capture phase). */
function countDomEvents(names: readonly string[]): void {
  const counts: Record<string, number> = {};
  (window as unknown as { __cosmoDomEvents: Record<string, number> }).__cosmoDomEvents = counts;
  for (const name of names) window.addEventListener(name, () => (counts[name] = (counts[name] ?? 0) + 1), { capture: true });
}

describe('demo: framework pages (React StrictMode, Vue, Angular)', () => {
  let demo: Demo;
  let browser: Browser;

  before(async () => {
    await buildDemoApps();
    demo = await startDemo({ simulator: { webhookRetry: { baseDelayMs: 50, maxDelayMs: 400 } } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  test('the backend serves each framework page with the simulator widget URLs written in', async () => {
    for (const framework of FRAMEWORKS) {
      const response = await fetch(new URL(framework.path, demo.url));
      assert.equal(response.status, 200, framework.path);
      const html = await response.text();
      assert.ok(html.includes(`content="${demo.simulator.widgetUrls.purchase}"`), `${framework.path} has the purchase widget URL`);
      assert.ok(!html.includes('%PURCHASE_WIDGET_URL%'));
    }
  });

  for (const framework of FRAMEWORKS) {
    test(`${framework.name}: a purchase and a program connection each reach the page's typed handler once, with one token fetch per widget`, async () => {
      const { context, page, pageErrors } = await openPage(browser);
      try {
        await openDemo(page, demo.url);
        await signIn(page, framework.member);

        const tokenRequests: string[] = [];
        page.on('request', (request) => {
          if (new URL(request.url()).pathname === '/api/cosmo/token') tokenRequests.push(request.postData() ?? '');
        });
        await page.addInitScript(countDomEvents, WIDGET_EVENT_NAMES);
        await page.goto(new URL(framework.path, demo.url).href);
        const log = page.getByTestId('event-log');
        const entries = (type: string, widget?: string) => log.locator(`li[data-event="${type}"]${widget ? `[data-widget="${widget}"]` : ''}`);

        await widgetFrame(page, 'purchase');
        await widgetFrame(page, 'multibrand');
        await entries('cosmo-ready', 'purchase').first().waitFor({ timeout: STEP_TIMEOUT_MS });
        await entries('cosmo-ready', 'multibrand').first().waitFor({ timeout: STEP_TIMEOUT_MS });

        const transactionId = await buyPoints(page, { programId: 'prog_skyair', points: framework.points });
        await entries('cosmo-transaction-complete', 'purchase').first().waitFor({ timeout: STEP_TIMEOUT_MS });
        const complete = await entryDetail<{ transactionId: string; points: number; program: { id: string } }>(entries('cosmo-transaction-complete').first());
        assert.deepEqual([complete.transactionId, complete.points, complete.program.id], [transactionId, framework.points, 'prog_skyair']);

        await connectProgram(page, 'prog_cartly');
        await entries('cosmo-program-connect', 'multibrand').first().waitFor({ timeout: STEP_TIMEOUT_MS });
        const connect = await entryDetail<{ program: { id: string } }>(entries('cosmo-program-connect').first());
        assert.equal(connect.program.id, 'prog_cartly');

        // The backend verified the signed webhook for this very transaction (the proof; the DOM event is not).
        await waitFor('the transaction.confirmed webhook', () =>
          demo.backend.ledger.processed.some((entry) => (entry.data as { transactionId?: string }).transactionId === transactionId),
        );

        // Give a duplicate time to show up, then compare handler calls with DOM events, type by type.
        await page.waitForTimeout(400);
        const dom = await page.evaluate(() => (window as unknown as { __cosmoDomEvents: Record<string, number> }).__cosmoDomEvents);
        const logged: Record<string, number> = {};
        for (const type of WIDGET_EVENT_NAMES) {
          const count = await entries(type).count();
          if (count) logged[type] = count;
        }
        assert.deepEqual(logged, dom, 'each DOM event reached the framework handler exactly once');
        assert.equal(await entries('cosmo-ready', 'purchase').count(), 1, 'purchase ready once');
        assert.equal(await entries('cosmo-ready', 'multibrand').count(), 1, 'multibrand ready once');
        assert.equal(logged['cosmo-transaction-complete'], 1);
        assert.equal(logged['cosmo-program-connect'], 1);
        assert.equal(logged['cosmo-error'], undefined, 'no error');

        // One token request per widget, even through React StrictMode's double mount.
        assert.deepEqual(tokenRequests.map((body) => JSON.parse(body).widget).sort(), ['multibrand', 'purchase']);
        assert.deepEqual(pageErrors, []);
      } finally {
        await context.close();
      }
    });
  }
});
