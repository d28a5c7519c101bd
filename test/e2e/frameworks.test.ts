/**
 * The framework pages of the demo (demo/apps) driven in each engine: the React page in StrictMode, the Vue
 * page and the Angular page each run a purchase and a multibrand change against the demo backend's token
 * route, and every typed event reaches the framework's handler exactly once: the page's own log of
 * handler calls matches, one to one, the `cosmo-*` DOM events counted by a listener outside the framework.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemo } from 'cosmo-demo';
import type { Demo } from 'cosmo-demo';
import { WIDGET_EVENT_NAMES } from '@cosmopoints/widgets/webview';
import { buildDemoApps } from '../../demo/apps/build.js';
import { sleep } from '../browser-support/sleep.mjs';
import type { BrowserDriver, PageDriver } from './support/driver.js';
import { ENGINE, ENGINE_LABELS, launchBrowser } from './support/driver.js';
import { count, entryDetail, openDemo, signIn, waitFor, waitForSelector, widgetFrame } from './support/demo-page.js';
import { buyPoints, connectProgram } from './support/widget-actions.js';

const FRAMEWORKS = [
  { name: 'React (StrictMode)', path: 'apps/react/', member: 'Grace Hopper', points: 700 },
  { name: 'Vue', path: 'apps/vue/', member: 'Katherine Johnson', points: 800 },
  { name: 'Angular', path: 'apps/angular/', member: 'Margaret Hamilton', points: 900 },
] as const;

/** Runs in the page: counts every `cosmo-*` DOM event at the window, before any framework code sees it (capture phase). */
function countDomEvents(names: readonly string[]): void {
  const counts: Record<string, number> = {};
  (window as unknown as { __cosmoDomEvents: Record<string, number> }).__cosmoDomEvents = counts;
  for (const name of names) window.addEventListener(name, () => (counts[name] = (counts[name] ?? 0) + 1), { capture: true });
}

/** The framework page's own log of handler calls. */
const logEntries = (type: string, widget?: string): string => `[data-testid="event-log"] li[data-event="${type}"]${widget ? `[data-widget="${widget}"]` : ''}`;

describe(`demo: framework pages (React StrictMode, Vue, Angular) (${ENGINE_LABELS[ENGINE]})`, () => {
  let demo: Demo;
  let browser: BrowserDriver;

  before(async () => {
    await buildDemoApps();
    demo = await startDemo({ simulator: { webhookRetry: { baseDelayMs: 50, maxDelayMs: 400 } } });
    browser = await launchBrowser();
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
      const page: PageDriver = await browser.newPage();
      try {
        await openDemo(page, demo.url);
        await signIn(page, framework.member);
        await widgetFrame(page, 'purchase');
        await widgetFrame(page, 'multibrand');
        // Token requests reach Cosmo (the simulator) one for one: count the framework page's by widget kind.
        const tokenRequests = () => demo.simulator.control.requests({ route: 'widget-token' }).map((entry) => entry.path);
        const tokensBefore = tokenRequests().length;

        await page.goto(new URL(framework.path, demo.url).href);
        await widgetFrame(page, 'purchase');
        await widgetFrame(page, 'multibrand');
        await waitForSelector(page, logEntries('cosmo-ready', 'purchase'));
        await waitForSelector(page, logEntries('cosmo-ready', 'multibrand'));
        // From here on, every cosmo-* DOM event is counted at the window, before the framework sees it. (Counting from
        // page start needs an init script, which WebKit's classic WebDriver cannot add; the readies are counted below.)
        const loggedBefore: Record<string, number> = {};
        for (const type of WIDGET_EVENT_NAMES) loggedBefore[type] = await count(page, logEntries(type));
        await page.evaluate(countDomEvents, WIDGET_EVENT_NAMES);

        const transactionId = await buyPoints(page, { programId: 'prog_skyair', points: framework.points });
        const complete = await entryDetail<{ transactionId: string; points: number; program: { id: string } }>(page, logEntries('cosmo-transaction-complete', 'purchase'));
        assert.deepEqual([complete.transactionId, complete.points, complete.program.id], [transactionId, framework.points, 'prog_skyair']);

        await connectProgram(page, 'prog_cartly');
        const connect = await entryDetail<{ program: { id: string } }>(page, logEntries('cosmo-program-connect', 'multibrand'));
        assert.equal(connect.program.id, 'prog_cartly');

        // The backend verified the signed webhook for this very transaction (the proof; the DOM event is not).
        await waitFor('the transaction.confirmed webhook', () =>
          demo.backend.ledger.processed.some((entry) => (entry.data as { transactionId?: string }).transactionId === transactionId),
        );

        // Give a duplicate time to show up, then compare handler calls with DOM events, type by type.
        await sleep(400);
        const dom = await page.evaluate(() => (window as unknown as { __cosmoDomEvents: Record<string, number> }).__cosmoDomEvents);
        const logged: Record<string, number> = {};
        for (const type of WIDGET_EVENT_NAMES) {
          const since = (await count(page, logEntries(type))) - (loggedBefore[type] ?? 0);
          if (since) logged[type] = since;
        }
        assert.deepEqual(logged, dom, 'each DOM event reached the framework handler exactly once');
        assert.equal(await count(page, logEntries('cosmo-ready', 'purchase')), 1, 'purchase ready once');
        assert.equal(await count(page, logEntries('cosmo-ready', 'multibrand')), 1, 'multibrand ready once');
        assert.equal(logged['cosmo-transaction-complete'], 1);
        assert.equal(logged['cosmo-program-connect'], 1);
        assert.equal(await count(page, logEntries('cosmo-error')), 0, 'no error');

        // One token request per widget, even through React StrictMode's double mount.
        const kinds = tokenRequests().slice(tokensBefore).map((path) => (path.endsWith('/multibrand') ? 'multibrand' : 'purchase'));
        assert.deepEqual(kinds.sort(), ['multibrand', 'purchase']);
        assert.deepEqual(await page.pageErrors(), []);
      } finally {
        await page.close();
      }
    });
  }
});
