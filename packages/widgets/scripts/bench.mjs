/**
 * DESIGN.md §10 budget: "the element's own work from connect to iframe `src` set, excluding the token
 * round trip: under a millisecond". Measured in Chromium (playwright-core) on the script-tag bundle
 * (cdn/cosmo-widgets.js): a page appends a widget whose `fetchToken` resolves at
 * once, and times `performance.now()` from just before `append` to the moment the iframe with its
 * `src` is in the shadow root (a MutationObserver). The time is split at the iframe's insertion
 * (a wrapper around `Node.prototype.insertBefore`, which Lit uses): before it is the element's own
 * work (lifecycle, config, token source, URL, render); the insertion itself is the browser creating
 * the frame. Many iterations, after a warm-up; prints the median, p95 and max per widget. The page
 * is cross-origin isolated so the clock has 5 µs resolution.
 *
 *   pnpm --filter @cosmopoints/widgets bench [-- --iterations 1000]
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { buildCdn, outfile } from './cdn.mjs';

const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const ITERATIONS = arg('iterations', 500);
const WARMUP = arg('warmup', 50);

await buildCdn();
const bundle = await readFile(outfile);
const PAGE = `<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/cosmo-widgets.js"></script><body></body>`;
const server = createServer((req, res) => {
  const headers = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cache-control': 'no-store' };
  if (req.url === '/cosmo-widgets.js') res.writeHead(200, { ...headers, 'content-type': 'text/javascript' }).end(bundle);
  else if (req.url?.startsWith('/widget')) res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end('<!doctype html><title>widget</title>');
  else res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(PAGE);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => customElements.get('cosmo-purchase-widget') && customElements.get('cosmo-multibrand-widget'));
  const isolated = await page.evaluate(() => crossOriginIsolated);
  console.log(`Chromium ${browser.version()}, cross-origin isolated: ${isolated}, ${ITERATIONS} iterations after ${WARMUP} warm-up\n`);
  for (const tag of ['cosmo-purchase-widget', 'cosmo-multibrand-widget']) {
    const samples = await page.evaluate(
      async ({ tag, iterations, warmup, widgetUrl }) => {
        // Splits the time at the iframe's insertion: Lit inserts the rendered iframe (in its template's fragment)
        // with Node.prototype.insertBefore; inserting an iframe makes the browser create a browsing context and
        // start its navigation, synchronously, which is the browser's work rather than the element's.
        let inserting;
        const insertBefore = Node.prototype.insertBefore;
        Node.prototype.insertBefore = function (node, child) {
          const hasFrame = node instanceof HTMLIFrameElement || (node instanceof DocumentFragment && !!node.querySelector('iframe'));
          const before = hasFrame ? performance.now() : 0;
          const result = insertBefore.call(this, node, child);
          if (hasFrame) inserting = [before, performance.now()];
          return result;
        };
        const once = () =>
          new Promise((resolve) => {
            const el = document.createElement(tag);
            el.setAttribute('widget-url', widgetUrl);
            el.fetchToken = async () => 'bench-token';
            let observer;
            const t0 = performance.now();
            document.body.append(el);
            const done = () => {
              const frame = el.shadowRoot.querySelector('iframe');
              if (!frame?.getAttribute('src')) return false;
              const t1 = performance.now();
              observer?.disconnect();
              el.remove();
              const [before, after] = inserting ?? [t1, t1];
              inserting = undefined;
              resolve({ own: before - t0, frame: after - before, total: t1 - t0 });
              return true;
            };
            if (done()) return;
            observer = new MutationObserver(done);
            observer.observe(el.shadowRoot, { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] });
          });
        const times = [];
        for (let i = 0; i < warmup + iterations; i++) {
          const time = await once();
          if (i >= warmup) times.push(time);
        }
        Node.prototype.insertBefore = insertBefore;
        return times;
      },
      { tag, iterations: ITERATIONS, warmup: WARMUP, widgetUrl: `${origin}/widget` },
    );
    const ms = (value) => `${value.toFixed(3)} ms`;
    const stats = (key) => {
      const sorted = samples.map((sample) => sample[key]).sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      return `median ${ms(at(0.5))}  p95 ${ms(at(0.95))}  max ${ms(sorted.at(-1))}`;
    };
    console.log(tag);
    console.log(`  element's own work (connect → iframe with src ready to insert)  ${stats('own')}   budget < 1 ms`);
    console.log(`  browser: inserting the iframe (frame creation, navigation start) ${stats('frame')}`);
    console.log(`  total (connect → iframe with src in the shadow root)            ${stats('total')}`);
  }
} finally {
  await browser.close();
  server.close();
}
