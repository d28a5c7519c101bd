/**
 * Browser smoke test of the two widget apps: a host page on another origin frames each app, answers the
 * handshake and token requests with the protocol's envelopes, and we drive the app through its test ids
 * in real Chromium, asserting the messages it posts to the host.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { startSimulator } from '../../src/index.js';
import type { Simulator } from '../../src/index.js';

const CHANNEL = 'smoke-channel-0001';

// The host page: a minimal stand-in for <cosmo-*-widget> that speaks the protocol and records every message.
const hostPage = (simOrigin: string, widgetUrl: string, widget: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>host</title></head><body>
<script type="module">
  const simOrigin = ${JSON.stringify(simOrigin)};
  const channel = ${JSON.stringify(CHANNEL)};
  window.__messages = [];
  const envelope = (type, payload) => ({ ns: 'cosmo', v: 1, channel, type, payload });
  const user = new URLSearchParams(location.search).get('user') ?? 'user_smoke';
  const token = async () => (await fetch('/token?widget=${widget}&user=' + encodeURIComponent(user), { method: 'POST' })).json();
  const first = await token();
  const iframe = document.createElement('iframe');
  iframe.title = 'widget';
  iframe.style.width = '480px';
  const url = new URL(${JSON.stringify(widgetUrl)});
  url.searchParams.set('token', first.token);
  url.searchParams.set('channel', channel);
  url.searchParams.set('origin', location.origin);
  url.searchParams.set('v', '1');
  window.addEventListener('message', async (event) => {
    if (event.source !== iframe.contentWindow || event.origin !== simOrigin) return;
    window.__messages.push(event.data);
    if (event.data.type === 'ready') {
      iframe.contentWindow.postMessage(envelope('init', { appearance: { colorPrimary: 'rgb(1, 2, 3)' }, locale: 'en' }), simOrigin);
    }
    if (event.data.type === 'token-request') {
      const fresh = await token();
      iframe.contentWindow.postMessage(envelope('token', { token: fresh.token, expiresAt: fresh.expiresAt }), simOrigin);
    }
  });
  iframe.src = url.href;
  document.body.append(iframe);
</script>
</body></html>`;

/**
 * Runs in every frame before its scripts (Playwright's init script): cookies and every storage API throw a
 * SecurityError, as Firefox and WebKit do for a third-party frame when the user blocks third-party storage, and each
 * access is recorded in `window.__storageTouched`.
 */
const BLOCK_STORAGE = () => {
  const touched: string[] = [];
  Object.assign(window, { __storageTouched: touched });
  const blocked = (name: string) => () => {
    touched.push(name);
    throw new DOMException(`${name} is blocked (third-party storage)`, 'SecurityError');
  };
  for (const name of ['localStorage', 'sessionStorage', 'indexedDB', 'caches']) Object.defineProperty(window, name, { get: blocked(name), configurable: true });
  Object.defineProperty(Document.prototype, 'cookie', { get: blocked('document.cookie'), set: blocked('document.cookie'), configurable: true });
};

/** What the frame's storage guard recorded: the APIs the app touched. */
const storageTouched = (frame: FrameLocator) => frame.locator('html').evaluate(() => (window as unknown as { __storageTouched: string[] }).__storageTouched);

describe('widget apps in Chromium, framed from another origin', () => {
  let sim: Simulator;
  let server: Server;
  let hostOrigin: string;
  let browser: Browser;

  before(async () => {
    sim = await startSimulator();
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://host');
      if (url.pathname === '/token') {
        const widget = url.searchParams.get('widget') === 'multibrand' ? 'multibrand' : 'point-exchange';
        const upstream = await fetch(`${sim.url}/auth/widget/${widget}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientId: 'demo-client', clientSecret: 'demo-secret-sandbox', userId: url.searchParams.get('user') ?? 'user_smoke' }),
        });
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(await upstream.text());
        return;
      }
      const widget = url.pathname === '/multibrand' ? 'multibrand' : 'purchase';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(hostPage(new URL(sim.url).origin, sim.widgetUrls[widget], widget));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // localhost vs the simulator's 127.0.0.1: another origin by host name as well as by port.
    hostOrigin = `http://localhost:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await sim?.close();
  });

  const messagesOf = (page: Page, type: string) =>
    page.evaluate((t) => (window as unknown as { __messages: { type: string; payload: unknown }[] }).__messages.filter((m) => m.type === t).map((m) => m.payload), type);

  const open = async (path: string, { blockStorage = false } = {}) => {
    const page = await browser.newPage();
    if (blockStorage) await page.addInitScript(BLOCK_STORAGE);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${hostOrigin}${path}`);
    return { page, frame: page.frameLocator('iframe'), violations };
  };

  it('purchase: buys points, posts transaction-complete, resize; refreshes an expired token once', async () => {
    const { page, frame, violations } = await open('/purchase');
    await frame.getByTestId('program-prog_staywell').click();
    await frame.getByTestId('points-input').fill('2500');
    await assert.doesNotReject(frame.getByTestId('price').filter({ hasText: '$20.00' }).waitFor());
    sim.control.expireTokens();
    await frame.getByTestId('confirm').click();
    await frame.getByTestId('success').waitFor();
    const [complete] = (await messagesOf(page, 'transaction-complete')) as { transactionId: string; program: { id: string }; points: number; amount: { value: number } }[];
    assert.equal(complete?.program.id, 'prog_staywell');
    assert.equal(complete?.points, 2500);
    assert.equal(complete?.amount.value, 20);
    assert.equal(await frame.getByTestId('transaction-id').textContent(), complete?.transactionId);
    assert.equal((await messagesOf(page, 'token-request')).length, 1);
    // resize follows the content: the last height posted is the app's height on the success screen.
    const height = await frame.locator('#app').evaluate((app) => Math.ceil(app.getBoundingClientRect().height));
    assert.ok(height > 0);
    await page.waitForFunction(
      (h) => (window as unknown as { __messages: { type: string; payload: { height: number } }[] }).__messages.filter((m) => m.type === 'resize').at(-1)?.payload.height === h,
      height,
    );
    assert.equal(sim.control.transactions().filter((t) => t.userId === 'user_smoke' && t.source === 'widget').length, 1);
    const primary = await frame.locator('html').evaluate((html) => getComputedStyle(html).getPropertyValue('--cosmo-color-primary').trim());
    assert.equal(primary, 'rgb(1, 2, 3)');
    await frame.getByTestId('done').click();
    await page.waitForFunction(() => (window as unknown as { __messages: { type: string }[] }).__messages.some((m) => m.type === 'close'));
    assert.deepEqual(violations, []);
    await page.close();
  });

  it('purchase: a declining program shows the failure screen and posts transaction-fail', async () => {
    const { page, frame } = await open('/purchase');
    await frame.getByTestId('program-prog_decline').click();
    await frame.getByTestId('confirm').click();
    await frame.getByTestId('failure').waitFor();
    const [fail] = (await messagesOf(page, 'transaction-fail')) as { code: string; recoverable: boolean; program: { id: string } }[];
    assert.deepEqual([fail?.code, fail?.recoverable, fail?.program.id], ['declined', false, 'prog_decline']);
    await page.close();
  });

  it('multibrand: connect, edit the share and disconnect each post their message with the resulting list', async () => {
    const { page, frame, violations } = await open('/multibrand');
    await frame.getByTestId('connect-prog_cartly').click();
    await frame.getByTestId('disconnect-prog_cartly').waitFor();
    const [connect] = (await messagesOf(page, 'program-connect')) as { connection: { program: { id: string }; share: number }; connections: { program: { id: string }; share: number }[] }[];
    assert.equal(connect?.connection.program.id, 'prog_cartly');
    assert.deepEqual(connect?.connections.map((c) => [c.program.id, c.share]), [['prog_skyair', 50], ['prog_cartly', 50]]);

    await frame.getByTestId('share-prog_cartly').fill('70');
    await frame.getByTestId('save-prog_cartly').click();
    await page.waitForFunction(() => (window as unknown as { __messages: { type: string }[] }).__messages.some((m) => m.type === 'program-update'));
    const [update] = (await messagesOf(page, 'program-update')) as { connection: { share: number }; previous: { share: number }; connections: { program: { id: string }; share: number }[] }[];
    assert.deepEqual([update?.previous.share, update?.connection.share], [50, 70]);
    assert.deepEqual(update?.connections.map((c) => [c.program.id, c.share]), [['prog_skyair', 30], ['prog_cartly', 70]]);

    await frame.getByTestId('disconnect-prog_skyair').click();
    await frame.getByTestId('connect-prog_skyair').waitFor();
    const [disconnect] = (await messagesOf(page, 'program-disconnect')) as { program: { id: string }; connections: { program: { id: string }; share: number }[] }[];
    assert.equal(disconnect?.program.id, 'prog_skyair');
    assert.deepEqual(disconnect?.connections.map((c) => [c.program.id, c.share]), [['prog_cartly', 100]]);
    assert.deepEqual(sim.control.connections('user_smoke'), [{ program: { id: 'prog_cartly', name: 'Cartly Rewards' }, share: 100 }]);
    assert.deepEqual(violations, []);
    await page.close();
  });
  /** Resolves with the payload of the first `type` message the host page recorded, once there is one. */
  const firstMessage = async <T>(page: Page, type: string): Promise<T> =>
    (await page.waitForFunction((t) => (window as unknown as { __messages: { type: string; payload: unknown }[] }).__messages.find((m) => m.type === t)?.payload, type)).jsonValue() as Promise<T>;

  it('purchase, with cookies and storage blocked: the terms link asks the host to open the terms page (open-url, purpose link) and opens nothing itself', async () => {
    const { page, frame, violations } = await open('/purchase?user=user_terms', { blockStorage: true });
    await frame.getByTestId('program-prog_staywell').click();
    const link = frame.getByTestId('terms-link');
    assert.equal(await link.getAttribute('href'), `${sim.url}/programs/prog_staywell/terms`, 'the anchor keeps the real URL');
    assert.equal(await link.getAttribute('data-program'), 'prog_staywell');
    // Bubbles to the frame's window after the link's own listener: whether it prevented the frame's navigation.
    await frame.locator('html').evaluate(() => window.addEventListener('click', (event) => Object.assign(window, { __prevented: event.defaultPrevented })));
    await link.click();
    assert.deepEqual(await firstMessage(page, 'open-url'), { url: `${sim.url}/programs/prog_staywell/terms`, purpose: 'link' });
    assert.equal(await frame.locator('html').evaluate(() => (window as unknown as { __prevented: boolean }).__prevented), true);
    assert.equal(await frame.locator('#app').getAttribute('data-state'), 'select');
    const terms = await fetch(`${sim.url}/programs/prog_staywell/terms`);
    assert.match(await terms.text(), /StayWell Hotels: program terms/);
    assert.deepEqual(await storageTouched(frame), []);
    assert.deepEqual(violations, []);
    await page.close();
  });

  /** Clicks "Connect" on Orbit Rail and resolves, once the app waits for the sign-in, with the sign-in's id from the open-url it posted. */
  const startSignIn = async (page: Page, frame: FrameLocator) => {
    await frame.getByTestId('connect-prog_orbitrail').click();
    await frame.getByTestId('sign-in-waiting').waitFor();
    assert.equal(await frame.locator('#app').getAttribute('data-state'), 'signing-in');
    assert.match((await frame.getByTestId('sign-in-waiting').textContent()) ?? '', /Waiting for you to sign in with Orbit Rail Club…/);
    const { url, purpose } = await firstMessage<{ url: string; purpose: string }>(page, 'open-url');
    assert.equal(purpose, 'sign-in');
    const signInId = new URL(url).pathname.replace('/sign-in/', '');
    assert.equal(url, `${sim.url}/sign-in/${signInId}`);
    return signInId;
  };

  it('multibrand, with cookies and storage blocked: a program that requires a sign-in opens its page through the host, waits, and connects once the control API completes it', async () => {
    const { page, frame, violations } = await open('/multibrand?user=user_sign_in', { blockStorage: true });
    const signInId = await startSignIn(page, frame);
    assert.deepEqual(
      sim.control.signIns().filter((signIn) => signIn.signInId === signInId).map((signIn) => [signIn.userId, signIn.programId, signIn.status]),
      [['user_sign_in', 'prog_orbitrail', 'pending']],
    );
    assert.equal(await frame.getByTestId('connect-prog_orbitrail').isDisabled(), true, 'the rows wait too');
    // Only now, with the app polling: the control API completes it, as a WebView's native side or a browser test would.
    const completed = await fetch(`${sim.url}/__control/sign-ins/${signInId}/complete`, { method: 'POST' });
    assert.equal(completed.status, 200);
    await frame.getByTestId('disconnect-prog_orbitrail').waitFor();
    const connect = await firstMessage<{ connection: { program: { id: string }; share: number } }>(page, 'program-connect');
    assert.deepEqual([connect.connection.program.id, connect.connection.share], ['prog_orbitrail', 50]);
    assert.equal(await frame.getByTestId('status').textContent(), 'Saved.');
    assert.equal(await frame.locator('#app').getAttribute('data-state'), 'ready');
    assert.deepEqual(sim.control.connections('user_sign_in').map((c) => c.program.id), ['prog_skyair', 'prog_orbitrail']);
    assert.deepEqual(await storageTouched(frame), []);
    assert.equal(await frame.locator('html').evaluate(() => { try { return typeof localStorage; } catch (error) { return (error as DOMException).name; } }), 'SecurityError', 'storage really was blocked');
    assert.deepEqual(violations, []);
    await page.close();
  });

  it('multibrand: signing in on the page the host would open (a second tab, no shared cookie, a plain form post) completes the step', async () => {
    const { page, frame } = await open('/multibrand?user=user_sign_in_tab');
    const signInId = await startSignIn(page, frame);
    const tab = await browser.newPage(); // another browser context: nothing shared with the widget's frame
    await tab.goto(`${sim.url}/sign-in/${signInId}`);
    await tab.getByTestId('sign-in-confirm').click();
    await tab.getByRole('heading', { name: 'Signed in to Orbit Rail Club' }).waitFor();
    await frame.getByTestId('disconnect-prog_orbitrail').waitFor();
    assert.equal((await firstMessage<{ connection: { program: { id: string } } }>(page, 'program-connect')).connection.program.id, 'prog_orbitrail');
    await tab.close();
    await page.close();
  });

  it('multibrand: the user cancels while waiting: the sign-in is cancelled, nothing is connected, and the reopen button asks the host again', async () => {
    const { page, frame } = await open('/multibrand?user=user_sign_in_cancel');
    const signInId = await startSignIn(page, frame);
    await frame.getByTestId('sign-in-reopen').click();
    await page.waitForFunction(() => (window as unknown as { __messages: { type: string }[] }).__messages.filter((m) => m.type === 'open-url').length === 2);
    const cancelled = page.waitForResponse((response) => response.url().endsWith(`/widget-api/sign-ins/${signInId}/cancel`));
    await frame.getByTestId('sign-in-cancel').click();
    assert.equal((await cancelled).status(), 200);
    await frame.getByTestId('status').filter({ hasText: 'Sign-in cancelled.' }).waitFor();
    assert.equal(sim.control.signIns().find((signIn) => signIn.signInId === signInId)?.status, 'cancelled');
    assert.deepEqual(await messagesOf(page, 'program-connect'), []);
    assert.deepEqual(await messagesOf(page, 'error'), [], 'a user who gives up is not an error');
    assert.equal(await frame.getByTestId('connect-prog_orbitrail').isEnabled(), true);
    await page.close();
  });

  it('multibrand: a sign-in that expires while the app waits shows sign-in-expired and posts it as a recoverable error', async () => {
    const { page, frame } = await open('/multibrand?user=user_sign_in_expired');
    await startSignIn(page, frame);
    sim.control.expireSignIns();
    await frame.locator('[data-testid="action-error"][data-code="sign-in-expired"]').waitFor();
    assert.deepEqual(await firstMessage(page, 'error'), { code: 'sign-in-expired', message: 'The sign-in with Orbit Rail Club expired. Try again.', recoverable: true });
    assert.deepEqual(sim.control.connections('user_sign_in_expired').map((c) => c.program.id), ['prog_skyair']);
    await page.close();
  });
});
