/**
 * Shared pieces of the @web/test-runner configs (packages/widgets, packages/react): Chromium
 * launchers, the real simulator on a second origin, a partner token endpoint that mints real
 * simulator tokens (with failure modes), Playwright commands that act inside the widget's
 * cross-origin iframe, and the JUnit report the root runner (scripts/test.mjs) counts.
 */
import { defaultReporter } from '@web/test-runner';
import { junitReporter } from '@web/test-runner-junit-reporter';
import { playwrightLauncher } from '@web/test-runner-playwright';

const launchOptions = {
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/** Desktop Chromium. */
export const desktopLauncher = () => playwrightLauncher({ launchOptions });

/** A phone: a 390×844 touch viewport, as in an iPhone 14 (WebView tests). */
export const mobileLauncher = () =>
  playwrightLauncher({
    launchOptions,
    createBrowserContext: ({ browser }) =>
      browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }),
  });

/** The default reporter plus the JUnit file the root runner reads (`WTR_JUNIT_PATH`). */
export const reporters = (fallbackPath) => [defaultReporter(), junitReporter({ outputPath: process.env.WTR_JUNIT_PATH ?? fallbackPath })];

/** Resolves after `ms`, or early when `signal` aborts. */
export const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

function readBody(req) {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', () => resolve(body));
  });
}

/**
 * One test run's environment: the simulator (started by {@link TestEnvironment.plugin}) and the
 * token endpoint's per-key log. `extraConfig()` adds fields to `GET /__test/config`.
 */
export class TestEnvironment {
  simulator = undefined;
  /** Per test key: token requests received, answered, aborted by the browser; bodies and cookies seen. */
  tokenLog = new Map();
  #extraConfig;

  constructor({ extraConfig = () => ({}) } = {}) {
    this.#extraConfig = extraConfig;
  }

  /** Starts the simulator before the tests, closes it after. */
  plugin() {
    return {
      name: 'cosmo-simulator',
      serverStart: async () => {
        const { startSimulator } = await import('@cosmopoints/simulator');
        this.simulator = await startSimulator();
      },
      serverStop: async () => {
        await this.simulator?.close();
      },
    };
  }

  /** Mints a real widget token from the simulator, as a partner backend would. */
  async mintToken(widget, userId) {
    const path = widget === 'multibrand' ? '/auth/widget/multibrand' : '/auth/widget/point-exchange';
    const response = await fetch(`${this.simulator.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'demo-client', clientSecret: 'demo-secret-sandbox', userId }),
    });
    if (!response.ok) throw new Error(`simulator widget-token endpoint answered ${response.status}`);
    const { token, expiresAt } = await response.json();
    return { token, expiresAt };
  }

  /**
   * Middleware: `GET /__test/config`, `GET /__test/token-log?key=`, and the partner token endpoint
   * `POST /api/cosmo/token`, which mints a real token. Query parameters inject failures:
   * `mode=500|401|not-json|wrong-shape|slow|status|drop`, `times=n` (fail only the first n requests of this
   * `key`; default every request), `skip=n` (answer the first n normally, then fail), `ms` (delay of `slow`), `status` and `retry-after` (the answer of
   * `status`), `user` (user id). `drop` closes the connection without an answer (a network error).
   */
  middleware() {
    return async (ctx, next) => {
      const url = new URL(ctx.url, 'http://test.invalid');
      if (url.pathname === '/__test/config') {
        ctx.body = { simulatorUrl: this.simulator.url, widgetUrls: this.simulator.widgetUrls, ...this.#extraConfig() };
        return;
      }
      if (url.pathname === '/__test/token-log') {
        ctx.body = this.tokenLog.get(url.searchParams.get('key')) ?? { received: 0, completed: 0, aborted: 0, bodies: [], credentials: [], at: [] };
        return;
      }
      if (url.pathname !== '/api/cosmo/token') return next();
      if (ctx.method !== 'POST') {
        ctx.status = 405;
        return;
      }
      await this.#tokenRequest(ctx, url);
    };
  }

  async #tokenRequest(ctx, url) {
    const key = url.searchParams.get('key') ?? '';
    const log = this.tokenLog.get(key) ?? { received: 0, completed: 0, aborted: 0, bodies: [], credentials: [], at: [] };
    this.tokenLog.set(key, log);
    log.received += 1;
    log.at.push(Date.now());
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
    const skip = Number(url.searchParams.get('skip') ?? 0);
    const failing = mode && log.received > skip && log.received <= skip + times;
    if (failing && mode === 'slow') await sleep(Number(url.searchParams.get('ms') ?? 5000), aborted.signal);
    if (failing && mode === 'drop') {
      ctx.req.socket.destroy();
      ctx.respond = false;
      return;
    }
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
    } else if (failing && mode === 'status') {
      ctx.status = Number(url.searchParams.get('status') ?? 503);
      if (url.searchParams.has('retry-after')) ctx.set('retry-after', url.searchParams.get('retry-after'));
      ctx.body = { error: { code: 'simulated', message: `simulated ${ctx.status}` } };
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
      ctx.body = await this.mintToken(widget, url.searchParams.get('user') ?? 'test-user');
    }
    log.completed += 1;
  }

  /**
   * Server commands: `simulator-control` (the simulator's control API) and `widget-frame` (an
   * operation inside a widget's cross-origin iframe, found by its channel, run by Playwright).
   */
  commandsPlugin() {
    // A click is aimed at coordinates: if the iframe is still moving in the page (it just resized, or content
    // above it did), the click can land on another element. Wait until its box has been still for a moment.
    const frameAtRest = async (frame, stillForMs = 150, timeout = 5000) => {
      const element = await frame.frameElement();
      const deadline = Date.now() + timeout;
      let previous = '';
      let since = Date.now();
      while (Date.now() < deadline) {
        const box = JSON.stringify(await element.boundingBox());
        if (box !== previous) {
          previous = box;
          since = Date.now();
        } else if (Date.now() - since >= stillForMs) return;
        await sleep(25);
      }
    };
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
      executeCommand: async ({ command, payload, session }) => {
        if (command === 'simulator-control') {
          const response = await fetch(`${this.simulator.url}/__control/${payload.path}`, {
            method: payload.method ?? 'POST',
            headers: { 'content-type': 'application/json' },
            body: payload.method === 'GET' ? undefined : JSON.stringify(payload.body ?? {}),
          });
          return { status: response.status, body: await response.json().catch(() => null) };
        }
        if (command !== 'widget-frame') return undefined;
        const frame = await findFrame(session.browser.getPage(session.id), payload.channel);
        const { op, selector, value, message, expression, timeout = 5000 } = payload;
        const target = () => frame.locator(selector).first();
        switch (op) {
          case 'post':
            await frame.evaluate((data) => parent.postMessage(data, '*'), message);
            return true;
          case 'click':
            await target().waitFor({ timeout });
            await frameAtRest(frame);
            await target().click({ timeout });
            return true;
          case 'tap':
            await target().waitFor({ timeout });
            await frameAtRest(frame);
            await target().tap({ timeout });
            return true;
          case 'fill':
            await target().fill(String(value), { timeout });
            return true;
          case 'select':
            await target().selectOption(String(value), { timeout });
            return true;
          case 'wait':
            await target().waitFor({ timeout });
            return true;
          case 'text':
            return target().textContent({ timeout });
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
}
