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
import type { Browser, Page } from 'playwright-core';
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
  const token = async () => (await fetch('/token?widget=${widget}', { method: 'POST' })).json();
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
          body: JSON.stringify({ clientId: 'demo-client', clientSecret: 'demo-secret-sandbox', userId: 'user_smoke' }),
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

  const open = async (path: string) => {
    const page = await browser.newPage();
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
});
