/**
 * Time to `cosmo-ready`: our element (the script-tag bundle) against a hand-written baseline that does the
 * least any integration must (fetch a token, set an iframe's `src` with the same attributes, check each
 * message's source, origin and channel, answer `init`, wait for `ready`), against the same simulator, in
 * Chromium (playwright-core):
 *
 * - cold: a fresh browser context (empty cache, no connection), time from navigation start to ready;
 * - warm: the script already loaded in the page, time from mounting to ready.
 *
 * A new connection to the widget origin costs `--handshake` ms (default 50: DNS + TCP + TLS on a real
 * network; loopback costs nothing), modelled by a proxy in front of the simulator that holds a new
 * connection's bytes until that long after it opened. The cold pair runs again under a throttled phone profile
 * (Chromium's CPU 4× slower, 150 ms round trip, 1.6 Mbps down, 750 kbps up: Lighthouse's "slow 4G" mobile). Variants
 * run interleaved, in a new random order each round; the script prints medians, quartiles and the median of the
 * per-round ratios.
 *
 *   pnpm --filter @cosmopoints/widgets bench:ready [-- --rounds 20 --phone 10 --warm 40 --handshake 50]
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { connect, createServer as createTcpServer } from 'node:net';
import { constants, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startSimulator } from '@cosmopoints/simulator';
import { buildCdn, outfile } from './cdn.mjs';

const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const ROUNDS = arg('rounds', 20);
const PHONE_ROUNDS = arg('phone', 10);
const WARM = arg('warm', 40);
const HANDSHAKE_MS = arg('handshake', 50);

await buildCdn();
const bundle = await readFile(outfile);
const simulator = await startSimulator();
const listen = (server, host = '127.0.0.1') => new Promise((resolve) => server.listen(0, host, () => resolve(server.address().port)));

// The widget origin: the simulator behind a proxy where a connection carries nothing for HANDSHAKE_MS after it opens.
const proxy = createTcpServer((client) => {
  const opened = Date.now();
  client.pause();
  const upstream = connect(new URL(simulator.url).port, '127.0.0.1');
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
  setTimeout(() => {
    client.pipe(upstream).pipe(client);
    client.resume();
  }, Math.max(0, opened + HANDSHAKE_MS - Date.now()));
});
const widgetOrigin = `http://127.0.0.1:${await listen(proxy)}`;
const widgetUrl = `${widgetOrigin}/widgets/purchase`;

/** The baseline, written by hand: what any embed must do, and nothing more. */
const BASELINE = `
export async function mount(parent, done) {
  const response = await fetch('/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"widget":"purchase"}', credentials: 'same-origin' });
  const { token } = await response.json();
  const channel = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const url = new URL(${JSON.stringify(widgetUrl)});
  url.search = new URLSearchParams({ token, channel, origin: location.origin, v: '1' });
  const iframe = document.createElement('iframe');
  iframe.title = 'Cosmo purchase widget';
  iframe.sandbox = 'allow-scripts allow-same-origin allow-forms allow-popups';
  iframe.referrerPolicy = 'strict-origin';
  iframe.loading = 'eager';
  iframe.src = url.href;
  const onMessage = (event) => {
    const data = event.data;
    if (event.source !== iframe.contentWindow || event.origin !== url.origin || data?.ns !== 'cosmo' || data.channel !== channel || data.type !== 'ready') return;
    iframe.contentWindow.postMessage({ ns: 'cosmo', v: 1, channel, type: 'init', payload: {} }, url.origin);
    removeEventListener('message', onMessage);
    done();
  };
  addEventListener('message', onMessage);
  parent.append(iframe);
}`;

// Records the first cosmo-ready (or the baseline's done) as performance.now(): ms since navigation start.
const RECORDER = `window.__ready = new Promise((resolve) => { window.__done = () => resolve(performance.now()); document.addEventListener('cosmo-ready', () => resolve(performance.now()), { once: true }); });`;
const page = (head, body = '') => `<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title>${head}<body>${body}</body></html>`;
const element = `<cosmo-purchase-widget token-url="/token" widget-url="${widgetUrl}"></cosmo-purchase-widget>`;
const PAGES = {
  '/element.html': page(`<script>${RECORDER}</script><script type="module" src="/cosmo-widgets.js"></script>`, element),
  '/baseline.html': page(`<script>${RECORDER}</script><script type="module">import { mount } from '/baseline.js'; mount(document.body, () => window.__done());</script>`),
  '/element-warm.html': page(`<script type="module" src="/cosmo-widgets.js"></script>`),
  '/baseline-warm.html': page(`<script type="module">import { mount } from '/baseline.js'; window.__mount = mount;</script>`),
};

// Compressed once, before any round: a CDN serves stored bytes, and gzip's time would otherwise land in the measurement.
const gzip = (code) => gzipSync(code, { level: constants.Z_BEST_COMPRESSION });
const SCRIPTS = { bundle: gzip(bundle), baseline: gzip(BASELINE) };
const gzipped = { 'content-type': 'text/javascript', 'content-encoding': 'gzip' };

const pages = createServer(async (req, res) => {
  const headers = { 'cache-control': 'no-store' };
  const path = new URL(req.url, 'http://bench.invalid').pathname;
  // Scripts go out gzip-compressed, as a CDN serves them (it matters on the throttled profile's 1.6 Mbps).
  if (path === '/cosmo-widgets.js') return void res.writeHead(200, { ...headers, ...gzipped }).end(SCRIPTS.bundle);
  if (path === '/baseline.js') return void res.writeHead(200, { ...headers, ...gzipped }).end(SCRIPTS.baseline);
  if (path === '/token') {
    const minted = await fetch(`${simulator.url}/auth/widget/point-exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'demo-client', clientSecret: 'demo-secret-sandbox', userId: 'bench-user' }),
    });
    const { token, expiresAt } = await minted.json();
    return void res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify({ token, expiresAt }));
  }
  if (PAGES[path]) return void res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(PAGES[path]);
  res.writeHead(404).end();
});
// The page on `localhost`, the widget on `127.0.0.1`: two origins, as in production.
const origin = `http://localhost:${await listen(pages, '127.0.0.1')}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** The throttled phone profile: CPU 4× slower, 150 ms round trip, 1.6 Mbps down, 750 kbps up (Chromium's DevTools protocol). */
async function throttle(tab) {
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 });
}

/** One cold load: a fresh context, navigation start → ready; on the phone profile when `phone`. */
async function cold(path, phone = false) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    if (phone) await throttle(tab);
    await tab.goto(`${origin}${path}`);
    return await tab.evaluate(() => window.__ready);
  } finally {
    await context.close();
  }
}

/** A warm page per variant: mount → ready, again and again, the script long loaded. */
async function warmPage(path) {
  const tab = await browser.newPage();
  await tab.goto(`${origin}${path}`);
  await tab.waitForFunction(() => customElements.get('cosmo-purchase-widget') || window.__mount);
  return () =>
    tab.evaluate(
      ({ tokenUrl, widgetUrl }) =>
        new Promise((resolve) => {
          const box = document.createElement('div');
          document.body.append(box);
          const t0 = performance.now();
          const finish = () => {
            const time = performance.now() - t0;
            box.remove();
            resolve(time);
          };
          if (window.__mount) return void window.__mount(box, finish);
          const el = document.createElement('cosmo-purchase-widget');
          el.setAttribute('token-url', tokenUrl);
          el.setAttribute('widget-url', widgetUrl);
          el.addEventListener('cosmo-ready', finish, { once: true });
          box.append(el);
        }),
      { tokenUrl: '/token', widgetUrl },
    );
}

const shuffle = (items) => items.map((item) => [Math.random(), item]).sort((a, b) => a[0] - b[0]).map(([, item]) => item);
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const describe = (values) => `median ${quantile(values, 0.5).toFixed(1)} ms (quartiles ${quantile(values, 0.25).toFixed(1)}–${quantile(values, 0.75).toFixed(1)})`;

try {
  console.log(`Chromium ${browser.version()}; a new connection to the widget origin costs ${HANDSHAKE_MS} ms; ${ROUNDS} cold rounds, ${PHONE_ROUNDS} throttled phone rounds, ${WARM} warm rounds, interleaved\n`);
  const samples = { element: [], baseline: [], phoneElement: [], phoneBaseline: [], warmElement: [], warmBaseline: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [key, path] of shuffle([['element', '/element.html'], ['baseline', '/baseline.html']])) samples[key].push(await cold(path));
  }
  for (let round = 0; round < PHONE_ROUNDS; round++) {
    for (const [key, path] of shuffle([['phoneElement', '/element.html'], ['phoneBaseline', '/baseline.html']])) samples[key].push(await cold(path, true));
  }
  const warm = { warmElement: await warmPage('/element-warm.html'), warmBaseline: await warmPage('/baseline-warm.html') };
  for (let round = 0; round < WARM + 5; round++) {
    for (const key of shuffle(Object.keys(warm))) {
      const time = await warm[key]();
      if (round >= 5) samples[key].push(time); // after 5 rounds of warm-up
    }
  }
  const ratios = (a, b) => a.map((value, i) => value / b[i]);
  const ratio = (a, b) => {
    const r = ratios(a, b);
    return `${quantile(r, 0.5).toFixed(3)}× (quartiles ${quantile(r, 0.25).toFixed(3)}–${quantile(r, 0.75).toFixed(3)})`;
  };
  console.log('cold: navigation start → cosmo-ready (fresh context, no cache)');
  console.log(`  element                 ${describe(samples.element)}`);
  console.log(`  hand-written baseline   ${describe(samples.baseline)}`);
  console.log(`  element / baseline      ${ratio(samples.element, samples.baseline)}   goal ≤ 1.10×`);
  if (PHONE_ROUNDS > 0) {
    console.log('\ncold on the throttled phone profile (CPU 4× slower, 150 ms round trip, 1.6 Mbps)');
    console.log(`  element                 ${describe(samples.phoneElement)}`);
    console.log(`  hand-written baseline   ${describe(samples.phoneBaseline)}`);
    console.log(`  element / baseline      ${ratio(samples.phoneElement, samples.phoneBaseline)}`);
  }
  console.log('\nwarm: mount → cosmo-ready (script loaded, connections open)');
  console.log(`  element                 ${describe(samples.warmElement)}`);
  console.log(`  hand-written baseline   ${describe(samples.warmBaseline)}`);
  console.log(`  element / baseline      ${ratio(samples.warmElement, samples.warmBaseline)}   goal ≤ 1.0×`);
} finally {
  await browser.close();
  pages.close();
  proxy.close();
  await simulator.close();
}
