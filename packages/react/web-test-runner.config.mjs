/**
 * Browser tests of the React components in Chromium, against the real simulator on a second origin.
 *
 * The test page is served by wtr on http://localhost:<port>; the simulator (Cosmo's API and widget apps)
 * listens on http://127.0.0.1:<port2>, a different origin. Each test file is bundled by esbuild with
 * React's development build (StrictMode double-invokes only there): React ships CommonJS, which the dev
 * server's ES module resolution cannot serve as is.
 *
 * Same launcher and environment style as packages/widgets/web-test-runner.config.mjs, which exposes
 * no shared helpers; this config only carries what the React tests need: the simulator, a counting
 * token endpoint and commands that act inside the cross-origin widget frame.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { defaultReporter } from '@web/test-runner';
import { junitReporter } from '@web/test-runner-junit-reporter';
import { playwrightLauncher } from '@web/test-runner-playwright';

const launcher = playwrightLauncher({
  launchOptions: {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
});

const root = fileURLToPath(new URL('.', import.meta.url));
const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** State shared by the plugins during one run. */
const state = {
  simulator: undefined,
  /** Per test key: token requests received, answered, and aborted by the browser before the answer. */
  tokenLog: new Map(),
};

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

const readBody = (req) =>
  new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', () => resolve(body));
  });

/**
 * `GET /__test/config`, `GET /__test/token-log?key=` and the partner token endpoint
 * `POST /api/cosmo/token?key=&user=&mode=500|slow&ms=`, which mints real simulator tokens.
 */
async function testRoutes(ctx, next) {
  const url = new URL(ctx.url, 'http://test.invalid');
  if (url.pathname === '/__test/config') {
    ctx.body = { simulatorUrl: state.simulator.url, widgetUrls: state.simulator.widgetUrls };
    return;
  }
  if (url.pathname === '/__test/token-log') {
    ctx.body = state.tokenLog.get(url.searchParams.get('key')) ?? { received: 0, completed: 0, aborted: 0 };
    return;
  }
  if (url.pathname !== '/api/cosmo/token' || ctx.method !== 'POST') return next();
  const key = url.searchParams.get('key') ?? '';
  const log = state.tokenLog.get(key) ?? { received: 0, completed: 0, aborted: 0 };
  state.tokenLog.set(key, log);
  log.received += 1;
  const aborted = new AbortController();
  // The socket closing before we answered means the browser aborted the fetch.
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) {
      log.aborted += 1;
      aborted.abort();
    }
  });
  const body = await readBody(ctx.req);
  const mode = url.searchParams.get('mode');
  if (mode === 'slow') await sleep(Number(url.searchParams.get('ms') ?? 5000), aborted.signal);
  if (aborted.signal.aborted) {
    ctx.status = 499; // nobody reads it: the browser is gone
    return;
  }
  ctx.set('cache-control', 'no-store');
  if (mode === '500') {
    ctx.status = 500;
    ctx.body = { error: { code: 'internal', message: 'simulated failure' } };
  } else {
    let widget;
    try {
      widget = JSON.parse(body).widget;
    } catch {
      widget = undefined;
    }
    ctx.body = await mintToken(widget === 'multibrand' ? 'multibrand' : 'purchase', url.searchParams.get('user') ?? 'react-test-user');
  }
  log.completed += 1;
}

/** Starts and stops the simulator. */
function simulatorPlugin() {
  return {
    name: 'cosmo-simulator',
    async serverStart() {
      const { startSimulator } = await import('@cosmopoints/simulator');
      state.simulator = await startSimulator();
    },
    async serverStop() {
      await state.simulator?.close();
    },
  };
}

/** Serves each `*.test.tsx` bundled by esbuild (React development build, automatic JSX runtime). */
function bundleTestsPlugin() {
  return {
    name: 'cosmo-bundle-tests',
    async serve(context) {
      if (!/\.test\.tsx$/.test(context.path)) return undefined;
      const result = await build({
        entryPoints: [fileURLToPath(new URL(`.${context.path}`, `file://${root}`))],
        bundle: true,
        format: 'esm',
        write: false,
        sourcemap: 'inline',
        jsx: 'automatic',
        target: 'es2022',
        conditions: ['development', 'browser'],
        define: { 'process.env.NODE_ENV': '"development"' },
        // The runner's own socket module: resolved by the dev server at run time, not bundled.
        external: ['/__web-dev-server__web-socket.js'],
        tsconfig: fileURLToPath(new URL('./test/browser/tsconfig.json', import.meta.url)),
        logLevel: 'silent',
      });
      return { body: result.outputFiles[0].text, type: 'js' };
    },
  };
}

/** `widget-frame` (act inside a widget's cross-origin iframe, found by channel) and `simulator-control`. */
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
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload.body ?? {}),
        });
        return { status: response.status, body: await response.json().catch(() => null) };
      }
      if (command !== 'widget-frame') return undefined;
      const frame = await findFrame(launcher.getPage(session.id), payload.channel);
      const { op, selector, value, timeout = 10_000 } = payload;
      const target = frame.locator(selector).first();
      if (op === 'click') await target.click({ timeout });
      else if (op === 'fill') await target.fill(String(value), { timeout });
      else if (op === 'wait') await target.waitFor({ timeout });
      else throw new Error(`unknown widget-frame op ${op}`);
      return true;
    },
  };
}

export default {
  files: ['test/browser/**/*.test.tsx'],
  nodeResolve: true,
  browsers: [launcher],
  // One file at a time: the simulator and its control API (expire-tokens) are shared.
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 30_000 } },
  middleware: [testRoutes],
  plugins: [simulatorPlugin(), bundleTestsPlugin(), frameCommandsPlugin()],
  reporters: [defaultReporter(), junitReporter({ outputPath: process.env.WTR_JUNIT_PATH ?? '../../.tmp/test-reports/browser-react.xml' })],
};
