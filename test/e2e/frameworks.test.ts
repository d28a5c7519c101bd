/**
 * The framework pages of the demo (demo/apps) driven in each engine: the React page in StrictMode, the Vue
 * page and the Angular page each run a purchase and a multibrand change against the demo backend's token
 * route, and every typed event reaches the framework's handler exactly once: the page's own log of
 * handler calls matches, one to one, the `cosmo-*` DOM events counted by a listener outside the framework.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { startDemo } from 'cosmo-demo';
import type { Demo } from 'cosmo-demo';
import { WIDGET_EVENT_NAMES } from '@cosmopoints/widgets/webview';
import { buildDemoApps } from '../../demo/apps/build.js';
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

/** Runs in the page: the DOM events counted so far, and the log entries matching each `[type, selector]` (one moment). */
function eventCounts(logSelectors: readonly (readonly [string, string])[]): { dom: Record<string, number>; logged: Record<string, number> } {
  const logged: Record<string, number> = {};
  for (const [type, selector] of logSelectors) {
    const entries = document.querySelectorAll(selector).length;
    if (entries > 0) logged[type] = entries;
  }
  return { dom: { ...(window as unknown as { __cosmoDomEvents: Record<string, number> }).__cosmoDomEvents }, logged };
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

        // Every cosmo-* DOM event of the framework page is counted at the window, from the first. A widget sends none
        // before its token, so the page's two token requests are held at Cosmo until the counter is in place (WebKit's
        // classic WebDriver has no init script to install it before the page's own scripts).
        demo.simulator.control.fail({ route: 'widget-token', count: 2, delayMs: 60_000 });
        await page.goto(new URL(framework.path, demo.url).href);
        await page.evaluate(countDomEvents, WIDGET_EVENT_NAMES);
        await waitFor('both token requests held at Cosmo', () => !demo.simulator.control.failures().some((rule) => rule.route === 'widget-token'));
        demo.simulator.control.release();
        await widgetFrame(page, 'purchase');
        await widgetFrame(page, 'multibrand');
        await waitForSelector(page, logEntries('cosmo-ready', 'purchase'));
        await waitForSelector(page, logEntries('cosmo-ready', 'multibrand'));

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

        // Handler calls against DOM events, type by type, read in one script: equal once the framework has rendered
        // its log (a few ms after the last event). A duplicate call runs in the same dispatch as the original, so it
        // shows as soon as that render does; a lost one never shows: either keeps them apart until the deadline.
        const logSelectors = WIDGET_EVENT_NAMES.map((type) => [type, logEntries(type)] as const);
        const snapshot = () => page.evaluate(eventCounts, logSelectors);
        const counts = await waitFor('the framework log to match the DOM events', async () => {
          const now = await snapshot();
          return isDeepStrictEqual(now.logged, now.dom) && now;
        }).catch(snapshot); // past the deadline, the assertion shows how they differ
        const { logged } = counts;
        assert.deepEqual(logged, counts.dom, 'each DOM event reached the framework handler exactly once');
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
