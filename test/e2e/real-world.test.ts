/**
 * What a user's day does to a page with a widget, against the script-tag bundle on a minimal partner site
 * (support/real-world-site.ts: the page on `localhost`, the simulator on `127.0.0.1`, another site; every token within
 * a minute of its expiry, `widgetTokenTtlSeconds: 30`):
 *
 * - the network is gone while the widget mounts: no attempt is spent while offline, and `online` brings it up with no
 *   click; offline past its `timeout`, one `token-network-error`, then `online` restarts it by itself;
 * - the tab is hidden and shown again, or the page leaves and comes back from the back/forward cache: a token near its
 *   expiry is renewed (a new `/token` request, a `token` message to the widget app, `cosmo-token-refresh`), no error;
 * - third-party cookies and storage are blocked: a purchase completes through a token refresh.
 *
 * How each engine does it (see support/driver.ts):
 *
 * | | Chromium (Playwright) | Firefox (puppeteer, BiDi) | WebKit (WebKitGTK, classic WebDriver) |
 * |---|---|---|---|
 * | offline | real: the context's network emulation | real: `emulation.setNetworkConditions` | **emulated**, see below |
 * | hidden tab | **emulated**, see below | real: another tab in front | real: the window minimized, then restored |
 * | back/forward cache | real, once Playwright's `--disable-back-forward-cache` is dropped | real | real |
 * | third-party blocked | "Block third-party cookies" (`profile.cookie_controls_mode: 1`) | `network.cookie.cookieBehavior: 1` | `--cookies-policy=no-third-party --enable-itp` |
 *
 * Emulated, because the engine offers no real way under automation:
 * - WebKit offline: WebKitGTK has no network emulation over WebDriver, and its `navigator.onLine` follows the
 *   machine's network (GNetworkMonitor), which a test must not touch. The page's `navigator.onLine` is overridden to
 *   `false` and `offline` dispatched, while the site's `/token` really drops every connection; then the override is
 *   removed and `online` dispatched. So in WebKit the first attempt reaches the site (and is refused), where a really
 *   offline browser sends nothing: the test asserts each engine's own truth.
 * - Chromium hidden tab: a headless page stays `visible` whatever is in front (another tab, a minimized window), so the
 *   test dispatches `visibilitychange` on the visible document: exactly what the browser fires when the tab returns.
 *
 * The third-party probe is checked against its control: the same probe, in a browser of the same engine that allows
 * third-party cookies, sees what the blocked one cannot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RENEW_BEFORE_EXPIRY_MS } from '@cosmopoints/widgets';
import { sleep } from '../browser-support/sleep.mjs';
import { waitFor, waitForSelector, widgetFrame } from './support/demo-page.js';
import type { BrowserDriver, FrameHost, PageDriver } from './support/driver.js';
import { ENGINE, ENGINE_LABELS, launchBrowser } from './support/driver.js';
import { recorded, startRealWorldSite } from './support/real-world-site.js';
import type { RealWorldSite, Recording } from './support/real-world-site.js';
import { buyPoints } from './support/widget-actions.js';

const WIDGET = 'cosmo-purchase-widget';

/** Offline, how long nothing may happen: the old element made its second attempt at most 250 ms after the first failed. */
const OFFLINE_SETTLE_MS = 1000;
/** After a renewal, how long no second one may follow. */
const RENEWED_SETTLE_MS = 500;
/**
 * The `timeout` of the element that stays offline past it. Its restart must then fetch a token and complete the
 * handshake within it too, in a busy WebKit as well: a few times what that takes here.
 */
const SHORT_TIMEOUT_MS = 5000;

/** The `cosmo-*` events of one type, their details in order. */
const details = (recording: Recording, type: string): unknown[] => recording.events.filter((event) => event.type === type).map((event) => event.detail);

/** The element's `state` attribute. */
const state = (page: PageDriver): Promise<string | null> => page.evaluate((tag) => document.querySelector(tag)?.getAttribute('state') ?? null, WIDGET);

/** Whether this engine's driver takes the browser offline for real (else the test emulates it; see the module comment). */
const realOffline = (page: PageDriver): boolean => page.setOffline !== undefined;

/** Takes the page offline or back online: for real where the driver can, else emulated (see the module comment). */
async function setOffline(page: PageDriver, site: RealWorldSite, offline: boolean): Promise<void> {
  if (page.setOffline) return page.setOffline(offline);
  site.refuseTokens(offline);
  await page.evaluate((off) => {
    if (off) Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    else delete (navigator as { onLine?: boolean }).onLine;
    dispatchEvent(new Event(off ? 'offline' : 'online'));
  }, offline);
}

/** Opens the page without its widget, takes the browser offline, then mounts the widget; `timeout` sets its attribute. */
async function mountOffline(page: PageDriver, site: RealWorldSite, timeout?: number): Promise<{ requests: number; mountedAt: number }> {
  await page.goto(site.pageUrl({ mount: 'manual', ...(timeout ? { timeout } : {}) }));
  await waitFor('the element defined', () => page.evaluate((tag) => customElements.get(tag) !== undefined, WIDGET));
  const requests = site.tokenRequests.length;
  await setOffline(page, site, true);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  const mountedAt = Date.now();
  await page.evaluate(() => (window as unknown as { mountWidget(): void }).mountWidget());
  return { requests, mountedAt };
}

/**
 * Brings the browser back online and waits for the widget, ready: one more token fetch (two in all), the site's
 * answers as each engine's offline allows (module comment), one `cosmo-ready`. Nothing is clicked.
 */
async function backOnline(page: PageDriver, site: RealWorldSite, requests: number): Promise<Recording> {
  await setOffline(page, site, false);
  await waitForSelector(page, `${WIDGET}[state="ready"]`);
  const recording = await recorded(page);
  assert.equal(recording.tokenFetches, 2, 'one more token fetch, once online');
  assert.deepEqual(recording.connectivity, ['offline', 'online']);
  assert.equal(details(recording, 'cosmo-ready').length, 1);
  assert.deepEqual(
    site.tokenRequests.slice(requests).map((request) => request.outcome),
    realOffline(page) ? ['minted'] : ['refused', 'minted'],
  );
  assert.deepEqual(await page.pageErrors(), []);
  return recording;
}

/** Waits for the `index`th event of `type` in the page's recording; returns the recording. */
function waitForEvent(page: PageDriver, type: string, index = 0): Promise<Recording> {
  return waitFor(`${type} #${index + 1}`, async () => {
    const recording = await recorded(page);
    return details(recording, type).length > index && recording;
  });
}

/** Runs in the widget's frame: relays each token its host hands over (a `token` message) to the page, tagged as a test relay. */
function relayTokens(): void {
  addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { ns?: string; type?: string; payload?: { token?: string } } | null;
    if (data?.ns === 'cosmo' && data.type === 'token') parent.postMessage({ cosmoTestRelay: 'token', token: data.payload?.token }, '*');
  });
}

/** Runs in the page: collects what {@link relayTokens} relays (the element drops such a message: it is no protocol message). */
function collectRelayedTokens(): void {
  const w = window as unknown as { __frameTokens: string[] };
  w.__frameTokens = [];
  addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { cosmoTestRelay?: string; token?: string } | null;
    if (data?.cosmoTestRelay === 'token' && data.token) w.__frameTokens.push(data.token);
  });
}

/**
 * Makes the widget app tell the page which tokens it receives. Relayed through the page, not read in the frame:
 * Playwright loses track of a page's cross-origin frames once it is restored from the back/forward cache.
 */
async function watchTokens(page: PageDriver, frame: FrameHost): Promise<void> {
  await page.evaluate(collectRelayedTokens);
  await page.evaluate(relayTokens, undefined, frame);
}

/** The tokens the widget app has received since {@link watchTokens}, once there are `count`. */
function tokensReceived(page: PageDriver, count: number): Promise<string[]> {
  return waitFor(`${count} token message(s) received in the widget frame`, async () => {
    const tokens = await page.evaluate(() => (window as unknown as { __frameTokens: string[] }).__frameTokens);
    return tokens.length >= count && tokens;
  });
}

/**
 * After a wake: exactly one new `/token` request, its token handed to the widget app, one `cosmo-token-refresh` with
 * its `expiresAt`, no `cosmo-error`, and the widget still ready.
 */
async function assertRenewedOnce(page: PageDriver, site: RealWorldSite, since: { requests: number; recording: Recording }): Promise<void> {
  await waitForEvent(page, 'cosmo-token-refresh', details(since.recording, 'cosmo-token-refresh').length);
  await sleep(RENEWED_SETTLE_MS);
  const renewed = site.tokenRequests.slice(since.requests);
  assert.equal(renewed.length, 1, 'one new token request');
  assert.equal(renewed[0]?.outcome, 'minted');
  const recording = await recorded(page);
  assert.deepEqual(details(recording, 'cosmo-token-refresh').slice(details(since.recording, 'cosmo-token-refresh').length), [{ expiresAt: renewed[0]?.expiresAt }]);
  assert.deepEqual(await tokensReceived(page, 1), [renewed[0]?.token], 'the widget app got the fresh token');
  assert.deepEqual(details(recording, 'cosmo-error'), []);
  assert.equal(await state(page), 'ready');
}

/** The current token (the site's last answer) is within {@link RENEW_BEFORE_EXPIRY_MS} of its expiry: the premise of a renewal. */
function assertNearExpiry(site: RealWorldSite): void {
  const expiresAt = Date.parse(site.tokenRequests.at(-1)?.expiresAt ?? '');
  assert.ok(expiresAt - Date.now() < RENEW_BEFORE_EXPIRY_MS, `the token expires within ${RENEW_BEFORE_EXPIRY_MS} ms`);
}

describe(`real world: offline, a hidden tab, the back/forward cache (${ENGINE_LABELS[ENGINE]})`, () => {
  let site: RealWorldSite;
  let browser: BrowserDriver;

  before(async () => {
    site = await startRealWorldSite();
    browser = await launchBrowser(ENGINE, { backForwardCache: true });
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('mounted offline, it waits for the network without spending attempts, then is ready on `online` with no click', async () => {
    const page = await browser.newPage();
    try {
      const { requests } = await mountOffline(page, site);
      await waitFor('the first token attempt', async () => (await recorded(page)).tokenFetches >= 1);
      await sleep(OFFLINE_SETTLE_MS);
      const offline = await recorded(page);
      assert.equal(offline.tokenFetches, 1, 'the first attempt is made, and no other while offline');
      assert.equal(await state(page), 'loading');
      assert.deepEqual(details(offline, 'cosmo-error'), []);
      assert.deepEqual(offline.connectivity, ['offline']);
      // A really offline browser fails the request itself; the emulation's site drops the connection.
      assert.deepEqual(
        site.tokenRequests.slice(requests).map((request) => request.outcome),
        realOffline(page) ? [] : ['refused'],
      );

      const online = await backOnline(page, site, requests);
      assert.deepEqual(details(online, 'cosmo-error'), []);
    } finally {
      await page.close();
    }
  });

  test('offline past its timeout, it fails once with a recoverable token-network-error, then restarts by itself on `online`', async () => {
    const page = await browser.newPage();
    try {
      const { requests, mountedAt } = await mountOffline(page, site, SHORT_TIMEOUT_MS);
      const failed = await waitForEvent(page, 'cosmo-error');
      assert.ok(Date.now() - mountedAt >= SHORT_TIMEOUT_MS, 'it waited for the network for its whole timeout');
      const [error] = details(failed, 'cosmo-error') as { code: string; recoverable: boolean; attempts?: number }[];
      assert.deepEqual([error?.code, error?.recoverable, error?.attempts], ['token-network-error', true, 1]);
      assert.equal(failed.tokenFetches, 1);
      assert.equal(await state(page), 'error');

      // The `online` event alone brings it back.
      const recovered = await backOnline(page, site, requests);
      assert.equal(details(recovered, 'cosmo-error').length, 1, 'no second cosmo-error');
    } finally {
      await page.close();
    }
  });

  test('back from a hidden tab with its token near expiry, it renews the token and hands it to the widget app', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(site.pageUrl());
      const frame = await widgetFrame(page, 'purchase');
      await watchTokens(page, frame);
      assertNearExpiry(site);
      const since = { requests: site.tokenRequests.length, recording: await recorded(page) };

      if (page.setHidden) {
        await page.setHidden(true);
        // A renewal would have called fetch within the `visibilitychange` the page has seen by now.
        assert.equal((await recorded(page)).tokenFetches, since.recording.tokenFetches, 'nothing renews when the tab hides');
        await page.setHidden(false);
        assert.deepEqual((await recorded(page)).visibility.slice(since.recording.visibility.length), ['hidden', 'visible']);
      } else {
        // Headless Chromium cannot hide a page: what the browser fires when the tab shows again (module comment).
        await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      }
      await assertRenewedOnce(page, site, since);
      assert.deepEqual(await page.pageErrors(), []);
    } finally {
      await page.close();
    }
  });

  test('restored from the back/forward cache with its token near expiry, it renews the token and hands it to the widget app', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(site.pageUrl());
      const frame = await widgetFrame(page, 'purchase');
      await watchTokens(page, frame);
      const since = { requests: site.tokenRequests.length, recording: await recorded(page) };

      await page.goto(`${site.url}/other`);
      await page.back();
      const restored = await recorded(page);
      // Every engine here restores it: the element keeps no page out of the cache (Chromium would say why in
      // `notRestoredReasons`).
      const reasons = await page.evaluate(() => JSON.stringify((performance.getEntriesByType('navigation')[0] as { notRestoredReasons?: unknown } | undefined)?.notRestoredReasons ?? null));
      assert.equal(restored.documentId, since.recording.documentId, `the same document, restored from the back/forward cache (not restored: ${reasons})`);
      assert.deepEqual(restored.pageshows, [false, true]);
      assertNearExpiry(site);
      await assertRenewedOnce(page, site, since);
      assert.deepEqual(await page.pageErrors(), []);
    } finally {
      await page.close();
    }
  });
});

/** Runs in the widget's frame: what it can keep of a cookie and of `localStorage`, and whether it has storage access. */
async function probeStorage(): Promise<{ cookieKept: boolean; storageAccess: boolean; localStorage: string }> {
  // A default (Lax) cookie and a SameSite=None one: each engine lets a third-party frame keep one or the other when it allows them.
  document.cookie = 'cosmo-probe-lax=1';
  document.cookie = 'cosmo-probe-none=1; SameSite=None; Secure';
  let outcome: string;
  try {
    localStorage.setItem('cosmo-probe', '1');
    outcome = localStorage.getItem('cosmo-probe') === '1' ? 'usable' : 'lost';
  } catch (error) {
    outcome = (error as Error).name;
  }
  return { cookieKept: document.cookie.includes('cosmo-probe'), storageAccess: await document.hasStorageAccess(), localStorage: outcome };
}

/** What the widget frame keeps with third-party cookies and storage blocked, per engine. */
const BLOCKED_PROBE = {
  chromium: { cookieKept: false, storageAccess: false, localStorage: 'SecurityError' },
  firefox: { cookieKept: false, storageAccess: false, localStorage: 'SecurityError' },
  // WebKit gives a third-party frame a localStorage partitioned by the top-level site, whatever the setting: usable,
  // but not the widget origin's own (asserted after the purchase).
  webkit: { cookieKept: false, storageAccess: false, localStorage: 'usable' },
}[ENGINE];

describe(`real world: third-party cookies and storage blocked (${ENGINE_LABELS[ENGINE]})`, () => {
  let site: RealWorldSite;

  before(async () => {
    site = await startRealWorldSite();
  });
  after(async () => {
    await site?.close();
  });

  test('control: where third-party cookies are allowed, the storage probe sees the widget frame keep a cookie', async () => {
    const browser = await launchBrowser(ENGINE, { thirdPartyStorage: 'allowed' });
    try {
      const page = await browser.newPage();
      await page.goto(site.pageUrl());
      const frame = await widgetFrame(page, 'purchase');
      assert.deepEqual(await page.evaluate(probeStorage, undefined, frame), { cookieKept: true, storageAccess: true, localStorage: 'usable' });
    } finally {
      await browser.close();
    }
  });

  test('blocked, the widget frame can keep nothing, and a purchase completes through a token refresh', async () => {
    const browser = await launchBrowser(ENGINE, { thirdPartyStorage: 'blocked' });
    try {
      const page = await browser.newPage();
      await page.goto(site.pageUrl());
      const frame = await widgetFrame(page, 'purchase');
      assert.deepEqual(await page.evaluate(probeStorage, undefined, frame), BLOCKED_PROBE, 'third-party cookies and storage are blocked in the widget frame');

      // Every widget token expires: the app's purchase call answers 401, the app asks for a token, the element renews it.
      const requests = site.tokenRequests.length;
      const purchaseCalls = () => site.simulator.control.requests().filter((entry) => entry.path === '/widget-api/transactions');
      const callsBefore = purchaseCalls().length;
      assert.ok(site.simulator.control.expireTokens('widget').expired >= 1);
      const transactionId = await buyPoints(page, { programId: 'prog_skyair', points: 500 });

      const recording = await waitForEvent(page, 'cosmo-transaction-complete');
      const [complete] = details(recording, 'cosmo-transaction-complete') as { transactionId: string; points: number }[];
      assert.deepEqual([complete?.transactionId, complete?.points], [transactionId, 500]);
      const renewed = site.tokenRequests.slice(requests);
      assert.deepEqual(
        renewed.map((request) => request.outcome),
        ['minted'],
      );
      assert.deepEqual(details(recording, 'cosmo-token-refresh'), [{ expiresAt: renewed[0]?.expiresAt }]);
      assert.deepEqual(
        purchaseCalls().slice(callsBefore).map((entry) => entry.status),
        [401, 201],
        'refused with the expired token, done with the fresh one',
      );
      assert.deepEqual(details(recording, 'cosmo-error'), []);
      assert.deepEqual(await page.pageErrors(), []);

      // Nothing the frame stored is the widget origin's own: open that origin as a first party and look.
      await page.goto(`${site.simulator.url}/programs/prog_skyair/terms`);
      assert.deepEqual(await page.evaluate(() => [document.cookie.includes('cosmo-probe'), localStorage.getItem('cosmo-probe')]), [false, null]);
    } finally {
      await browser.close();
    }
  });
});
