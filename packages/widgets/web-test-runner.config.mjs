/**
 * Browser tests of the widget elements in one engine per run (`COSMO_ENGINE`: chromium, firefox or webkit; see
 * test/browser-support/launchers.mjs), against the real simulator on a second origin.
 *
 * The test page is served by wtr on http://localhost:<port>; the simulator (Cosmo's API and the
 * widget apps) listens on http://127.0.0.1:<port2>, a different origin, as in production. A third
 * origin serves a tiny page that posts whatever it is told, for the wrong-origin cases.
 * Tests learn these URLs from GET /__test/config.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { TestEnvironment, desktopLauncher, outsideRootPlugin, phoneLauncher, reducedMotionLauncher, reporters } from '../../test/browser-support/wtr.mjs';
import { buildCdn } from './scripts/cdn.mjs';

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const close = (server) => new Promise((resolve) => server.close(() => resolve()));

/** Extra origins of these tests: a third-origin poster page and a port nobody listens on. */
const extras = { otherOrigin: undefined, closedPortUrl: undefined, servers: [] };
const env = new TestEnvironment({ extraConfig: () => ({ otherOrigin: extras.otherOrigin, closedPortUrl: extras.closedPortUrl }) });

/** A page on a third origin that posts the JSON in its URL hash to its parent, with target origin `*`. */
const POSTER = `<!doctype html><meta charset="utf-8"><title>poster</title><script>
  const messages = JSON.parse(decodeURIComponent(location.hash.slice(1)) || '[]');
  for (const message of messages) parent.postMessage(message, '*');
</script>`;

/** The Content Security Policy of the strict-CSP page: nothing inline, nothing evaluated, frames only from the simulator. */
const strictCsp = () =>
  `default-src 'self'; script-src 'self'; style-src 'self'; frame-src ${env.simulator.url}; connect-src 'self'; object-src 'none'; base-uri 'none'`;

/** Records CSP violations, script load errors and the widgets' events of the strict-CSP page (an external file: inline scripts are blocked). */
const CSP_RECORDER = `window.__csp = { violations: [], scriptErrors: [], events: [] };
document.addEventListener('securitypolicyviolation', (e) => __csp.violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }));
document.addEventListener('error', (e) => { if (e.target instanceof HTMLScriptElement) __csp.scriptErrors.push(e.target.src); }, true);
for (const type of ['cosmo-ready', 'cosmo-error', 'cosmo-transaction-complete']) document.addEventListener(type, (e) => __csp.events.push({ type, detail: e.detail }));
`;

/**
 * The strict-CSP page: `GET /__csp/page.html?file=<cdn file>&integrity=manifest|tampered&inline=1&key=…`
 * loads the CDN bundle by `<script type="module" integrity crossorigin="anonymous">` under
 * {@link strictCsp} and mounts a purchase widget. `/__csp/cdn/<file>` serves the CDN files byte for
 * byte (the dev server's transforms never touch them), `/__csp/recorder.js` the recorder.
 */
async function strictCspRoute(ctx, next) {
  const url = new URL(ctx.url, 'http://test.invalid');
  if (!url.pathname.startsWith('/__csp/')) return next();
  const cdn = fileURLToPath(new URL('./cdn/', import.meta.url));
  if (url.pathname === '/__csp/recorder.js') {
    ctx.type = 'text/javascript';
    ctx.body = CSP_RECORDER;
    return;
  }
  const file = url.pathname.match(/^\/__csp\/cdn\/([\w.-]+\.js)$/)?.[1];
  if (file) {
    ctx.type = 'text/javascript';
    ctx.set('access-control-allow-origin', '*'); // as a CDN does; needed for crossorigin="anonymous"
    ctx.body = await readFile(`${cdn}${file}`);
    return;
  }
  if (url.pathname !== '/__csp/page.html') return next();
  const manifest = JSON.parse(await readFile(`${cdn}manifest.json`, 'utf8'));
  const name = url.searchParams.get('file') ?? `cosmo-widgets-${manifest.version}.js`;
  let integrity = manifest.files[name].integrity;
  // One base64 character changed: a copy altered in transit or on the CDN.
  if (url.searchParams.get('integrity') === 'tampered') integrity = integrity.slice(0, -2) + (integrity.at(-2) === 'A' ? 'B' : 'A') + integrity.at(-1);
  const key = encodeURIComponent(url.searchParams.get('key') ?? 'csp');
  ctx.set('content-security-policy', strictCsp());
  ctx.type = 'text/html';
  ctx.body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Strict CSP</title>
<script src="/__csp/recorder.js"></script>
<script type="module" src="/__csp/cdn/${name}" integrity="${integrity}" crossorigin="anonymous"></script>
${url.searchParams.has('inline') ? '<script>window.__inlineRan = true;</script>' : ''}
</head>
<body>
${url.searchParams.has('inline') ? '<p style="color: red">inline style</p>' : ''}
<cosmo-purchase-widget id="csp-widget" token-url="/api/cosmo/token?key=${key}" widget-url="${env.simulator.widgetUrls.purchase}"></cosmo-purchase-widget>
</body>
</html>`;
}

/**
 * `GET /__test/redirect?to=<url>&…`: a widget URL that redirects (302) to `to`, carrying every other query parameter
 * (the element's token, channel and origin) over: a misconfigured environment, a sign-in hop.
 */
async function redirectRoute(ctx, next) {
  const url = new URL(ctx.url, 'http://test.invalid');
  if (url.pathname !== '/__test/redirect') return next();
  const target = new URL(url.searchParams.get('to') ?? '');
  for (const [name, value] of url.searchParams) if (name !== 'to') target.searchParams.set(name, value);
  ctx.redirect(target.href);
}

/** Starts the third-origin poster and finds a closed port; builds the CDN bundle for the define and CSP tests. */
function extrasPlugin() {
  return {
    name: 'cosmo-test-extras',
    async serverStart() {
      const poster = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(POSTER);
      });
      extras.otherOrigin = `http://127.0.0.1:${await listen(poster)}`;
      extras.servers.push(poster);
      const closed = createServer();
      extras.closedPortUrl = `http://127.0.0.1:${await listen(closed)}/token`;
      await close(closed);
      await buildCdn();
    },
    async serverStop() {
      await Promise.all(extras.servers.map(close));
    },
  };
}

export default {
  files: ['test/browser/**/*.test.ts', '!test/browser/webview/**', '!test/browser/reduced-motion/**'],
  groups: [
    { name: 'webview', files: 'test/browser/webview/**/*.test.ts', browsers: [phoneLauncher()] },
    // A browser whose user prefers reduced motion (set at launch: only Chromium can emulate it at run time).
    { name: 'reduced-motion', files: 'test/browser/reduced-motion/**/*.test.ts', browsers: [reducedMotionLauncher()] },
  ],
  nodeResolve: true,
  browsers: [desktopLauncher()],
  // One file at a time, and one browser (desktop, then the webview group's phone, then the reduced-motion
  // group's browser) at a time:
  // the simulator and its control API (reset, expire-tokens…) are shared.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 20_000 } },
  // The root runner (scripts/test.mjs) reads the counts from this JUnit file.
  reporters: reporters('.tmp/wtr-junit.xml'),
  middleware: [strictCspRoute, redirectRoute, env.middleware()],
  plugins: [
    // Before esbuild's resolver: test/browser-support is above this package's root.
    outsideRootPlugin(),
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    env.plugin(),
    extrasPlugin(),
    env.commandsPlugin(),
  ],
};
