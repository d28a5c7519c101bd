/**
 * Browser tests of the widget elements in Chromium, against the real simulator on a second origin.
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
import { defaultReporter } from '@web/test-runner';
import { junitReporter } from '@web/test-runner-junit-reporter';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { buildCdn } from './scripts/build-cdn.mjs';

const launchOptions = {
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};
const launcher = playwrightLauncher({ launchOptions });
/** A phone: the WebView tests (test/browser/webview) run in a 390×844 touch viewport, as in an iPhone 14. */
const mobileLauncher = playwrightLauncher({
  launchOptions,
  createBrowserContext: ({ browser }) =>
    browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }),
});

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
const close = (server) => new Promise((resolve) => server.close(() => resolve()));
const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** State shared by the plugins below during one run. */
const state = {
  simulator: undefined,
  otherOrigin: undefined,
  closedPortUrl: undefined,
  servers: [],
  /** Per test key: how many token requests arrived, completed, were aborted by the client. */
  tokenLog: new Map(),
};

/** A page on a third origin that posts the JSON in its URL hash to its parent, with target origin `*`. */
const POSTER = `<!doctype html><meta charset="utf-8"><title>poster</title><script>
  const messages = JSON.parse(decodeURIComponent(location.hash.slice(1)) || '[]');
  for (const message of messages) parent.postMessage(message, '*');
</script>`;

function readBody(req) {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', () => resolve(body));
  });
}

/** Mints a real widget token from the simulator, as a partner backend would. */
async function mintToken(widget, userId) {
  const path = widget === 'multibrand' ? '/auth/widget/multibrand' : '/auth/widget/point-exchange';
  const response = await fetch(`${state.simulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: 'demo-client', clientSecret: 'demo-secret-sandbox', userId }),
  });
  if (!response.ok) throw new Error(`simulator widget-token endpoint answered ${response.status}`);
  const { token, expiresAt } = await response.json();
  return { token, expiresAt };
}

/**
 * The partner token endpoint of the tests: `POST /api/cosmo/token` mints a real token. Query
 * parameters inject failures: `mode=500|not-json|wrong-shape|slow`, `times=n` (fail only the first
 * n requests of this `key`; default every request), `ms` (delay of `slow`), `user` (user id).
 */
async function tokenRoute(ctx, next) {
  const url = new URL(ctx.url, 'http://test.invalid');
  if (url.pathname === '/__test/config') {
    ctx.body = {
      simulatorUrl: state.simulator.url,
      widgetUrls: state.simulator.widgetUrls,
      otherOrigin: state.otherOrigin,
      closedPortUrl: state.closedPortUrl,
    };
    return;
  }
  if (url.pathname === '/__test/token-log') {
    ctx.body = state.tokenLog.get(url.searchParams.get('key')) ?? { received: 0, completed: 0, aborted: 0 };
    return;
  }
  if (url.pathname !== '/api/cosmo/token') return next();
  if (ctx.method !== 'POST') {
    ctx.status = 405;
    return;
  }
  const key = url.searchParams.get('key') ?? '';
  const log = state.tokenLog.get(key) ?? { received: 0, completed: 0, aborted: 0, bodies: [], credentials: [] };
  state.tokenLog.set(key, log);
  log.received += 1;
  const aborted = new AbortController();
  // The response socket closing before we answered means the browser aborted the fetch.
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) {
      log.aborted += 1;
      aborted.abort();
    }
  });
  const body = await readBody(ctx.req);
  log.bodies.push(body);
  log.credentials.push(ctx.get('cookie'));
  let widget;
  try {
    widget = JSON.parse(body).widget;
  } catch {
    widget = undefined;
  }
  const mode = url.searchParams.get('mode');
  const times = Number(url.searchParams.get('times') ?? Infinity);
  const failing = mode && log.received <= times;
  if (failing && mode === 'slow') await sleep(Number(url.searchParams.get('ms') ?? 5000), aborted.signal);
  if (aborted.signal.aborted) {
    ctx.status = 204; // nobody is listening any more
    return;
  }
  ctx.set('cache-control', 'no-store');
  if (failing && mode === '500') {
    ctx.status = 500;
    ctx.body = { error: { code: 'internal', message: 'simulated failure' } };
  } else if (failing && mode === '401') {
    ctx.status = 401;
    ctx.body = { error: { code: 'unauthenticated', message: 'sign in first' } };
  } else if (failing && mode === 'not-json') {
    ctx.status = 200;
    ctx.type = 'text/html';
    ctx.body = '<!doctype html><p>Sign in</p>';
  } else if (failing && mode === 'wrong-shape') {
    ctx.status = 200;
    ctx.body = { access_token: 42 };
  } else if (widget !== 'purchase' && widget !== 'multibrand') {
    ctx.status = 400;
    ctx.body = { error: { code: 'invalid-request', message: 'widget must be purchase or multibrand' } };
  } else {
    ctx.body = await mintToken(widget, url.searchParams.get('user') ?? 'test-user');
  }
  log.completed += 1;
}

/** The Content Security Policy of the strict-CSP page: nothing inline, nothing evaluated, frames only from the simulator. */
const strictCsp = () =>
  `default-src 'self'; script-src 'self'; style-src 'self'; frame-src ${state.simulator.url}; connect-src 'self'; object-src 'none'; base-uri 'none'`;

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
<cosmo-purchase-widget id="csp-widget" token-url="/api/cosmo/token?key=${key}" widget-url="${state.simulator.widgetUrls.purchase}"></cosmo-purchase-widget>
</body>
</html>`;
}

/** Starts the simulator, the third-origin poster and a closed port; builds the CDN bundle for the define tests. */
function environmentPlugin() {
  return {
    name: 'cosmo-test-environment',
    async serverStart() {
      const { startSimulator } = await import('@cosmopoints/simulator');
      state.simulator = await startSimulator();
      const poster = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(POSTER);
      });
      state.otherOrigin = `http://127.0.0.1:${await listen(poster)}`;
      state.servers.push(poster);
      const closed = createServer();
      state.closedPortUrl = `http://127.0.0.1:${await listen(closed)}/token`;
      await close(closed);
      await buildCdn();
    },
    async serverStop() {
      await Promise.all([state.simulator?.close(), ...state.servers.map(close)]);
    },
  };
}

/** Lets a test act inside a widget's cross-origin iframe through Playwright (`executeServerCommand('widget-frame', …)`). */
function frameCommandsPlugin() {
  const findFrame = async (page, channel, timeout = 5000) => {
    const deadline = Date.now() + timeout;
    for (;;) {
      const frame = page.frames().find((f) => f.url().includes(`channel=${channel}`));
      if (frame) return frame;
      if (Date.now() > deadline) throw new Error(`no frame with channel ${channel}`);
      await sleep(25);
    }
  };
  return {
    name: 'cosmo-frame-commands',
    async executeCommand({ command, payload, session }) {
      if (command === 'simulator-control') {
        const response = await fetch(`${state.simulator.url}/__control/${payload.path}`, {
          method: payload.method ?? 'POST',
          headers: { 'content-type': 'application/json' },
          body: payload.method === 'GET' ? undefined : JSON.stringify(payload.body ?? {}),
        });
        return { status: response.status, body: await response.json().catch(() => null) };
      }
      if (command !== 'widget-frame') return undefined;
      const page = session.browser.getPage(session.id);
      const frame = await findFrame(page, payload.channel);
      const { op, selector, value, message, expression, timeout = 5000 } = payload;
      switch (op) {
        case 'post':
          await frame.evaluate((data) => parent.postMessage(data, '*'), message);
          return true;
        case 'click':
          await frame.locator(selector).first().click({ timeout });
          return true;
        case 'tap':
          await frame.locator(selector).first().tap({ timeout });
          return true;
        case 'fill':
          await frame.locator(selector).first().fill(String(value), { timeout });
          return true;
        case 'select':
          await frame.locator(selector).first().selectOption(String(value), { timeout });
          return true;
        case 'wait':
          await frame.locator(selector).first().waitFor({ timeout });
          return true;
        case 'text':
          return frame.locator(selector).first().textContent({ timeout });
        case 'html':
          return frame.content();
        case 'eval':
          return frame.evaluate(expression);
        case 'reload':
          await frame.evaluate(() => location.reload());
          return true;
        default:
          throw new Error(`unknown widget-frame op ${op}`);
      }
    },
  };
}

export default {
  files: ['test/browser/**/*.test.ts', '!test/browser/webview/**'],
  groups: [{ name: 'webview', files: 'test/browser/webview/**/*.test.ts', browsers: [mobileLauncher] }],
  nodeResolve: true,
  browsers: [launcher],
  // One file at a time, and one browser (desktop, then the phone of the webview group) at a time:
  // the simulator and its control API (reset, expire-tokens…) are shared.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 20_000 } },
  // The root runner (scripts/test.mjs) reads the counts from this JUnit file.
  reporters: [defaultReporter(), junitReporter({ outputPath: process.env.WTR_JUNIT_PATH ?? '.tmp/wtr-junit.xml' })],
  middleware: [strictCspRoute, tokenRoute],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) }),
    environmentPlugin(),
    frameCommandsPlugin(),
  ],
};
