/**
 * Shared pieces of the @web/test-runner configs (packages/widgets, packages/react): the browsers of this run's engine
 * (launchers.mjs), the real simulator on a second origin, the partner token endpoint (the real `createTokenHandler`
 * of @cosmopoints/server over the simulator, wrapped with failure modes and a per-key log), server commands that act
 * inside the widget's cross-origin iframe in every engine (frame-drivers.mjs), and the JUnit report the root runner
 * (scripts/test.mjs) counts.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { createCosmoClient, createTokenHandler } from '@cosmopoints/server';
import { toNodeHandler } from '@cosmopoints/server/node';
import { defaultReporter } from '@web/test-runner';
import { junitReporter } from '@web/test-runner-junit-reporter';
import { runFrameOp } from './frame-drivers.mjs';
import { closeOtherPages, pressKeys, setViewport } from './page-commands.mjs';
import { ENGINE, PHONE, PHONE_EMULATION } from './launchers.mjs';
import { sleep } from './sleep.mjs';

export { ENGINE, desktopLauncher, phoneLauncher, reducedMotionLauncher } from './launchers.mjs';

/** The default reporter plus the JUnit file the root runner reads (`WTR_JUNIT_PATH`). */
export const reporters = (fallbackPath) => [defaultReporter(), junitReporter({ outputPath: process.env.WTR_JUNIT_PATH ?? fallbackPath })];

/**
 * Lets a test file import this folder (and anything else above the package) by a relative path: the dev server
 * serves only its root, so such an import becomes the dev server's own `/__wds-outside-root__/<levels up>/…` URL.
 */
export function outsideRootPlugin() {
  let rootDir;
  return {
    name: 'cosmo-outside-root-imports',
    serverStart({ config }) {
      rootDir = resolve(config.rootDir);
    },
    resolveImport({ source, context }) {
      if (!source.startsWith('../')) return undefined;
      const importer = new URL(context.url, 'http://localhost/').pathname;
      const match = importer.match(/^\/__wds-outside-root__\/(\d+)(\/.*)$/);
      const importerFile = match ? resolve(rootDir, ...Array(Number(match[1])).fill('..'), `.${match[2]}`) : resolve(rootDir, `.${importer}`);
      let file = resolve(dirname(importerFile), source);
      // TypeScript sources are imported by their `.js` name.
      if (!existsSync(file) && existsSync(file.replace(/\.js$/, '.ts'))) file = file.replace(/\.js$/, '.ts');
      const target = relative(rootDir, file);
      if (!target.startsWith(`..${sep}`) || isAbsolute(target)) return undefined;
      const parts = target.split(sep);
      const depth = parts.findIndex((part) => part !== '..');
      return `/__wds-outside-root__/${depth}/${parts.slice(depth).join('/')}`;
    },
  };
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

const emptyLog = () => ({ received: 0, completed: 0, aborted: 0, bodies: [], credentials: [], at: [] });

/** What a gateway or proxy in front of the partner's handler answers (`mode=status`): `status`, and `Retry-After` when given. */
function proxyAnswer(status, retryAfter) {
  const headers = { 'cache-control': 'no-store' };
  if (retryAfter !== null) headers['retry-after'] = retryAfter;
  return Response.json({ error: { code: 'simulated', message: `simulated ${status}` } }, { status, headers });
}

/**
 * One test run's environment: the simulator (started by {@link TestEnvironment.plugin}), the Cosmo client of the
 * token endpoint, and the endpoint's per-key log. `extraConfig()` adds fields to `GET /__test/config`.
 */
export class TestEnvironment {
  simulator = undefined;
  /** Per test key: token requests received (and when), answered, aborted by the browser; bodies and cookies seen. */
  tokenLog = new Map();
  #client;
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
        // The simulator's sandbox credentials, as a partner backend holds them.
        this.#client = createCosmoClient({ clientId: 'demo-client', clientSecret: 'demo-secret-sandbox', baseUrl: this.simulator.url });
      },
      serverStop: async () => {
        await this.simulator?.close();
      },
    };
  }

  /**
   * Middleware: `GET /__test/config`, `GET /__test/token-log?key=`, and the partner token endpoint
   * `POST /api/cosmo/token`: `createTokenHandler` minting real simulator tokens for user `user` (default
   * `test-user`). Query parameters inject failures: `mode=500` (authenticate throws: the handler's 500),
   * `mode=401` (nobody signed in: the handler's 401), `mode=not-json` / `mode=wrong-shape` (a broken partner backend
   * in front of the handler: an HTML page, JSON without a token), `mode=status` (a proxy in front of the handler
   * answering `status`, default 503, with `retry-after` when given), `mode=drop` (the connection closed without an
   * answer: a network error), `mode=slow` (`ms` of delay before the handler, ended early when the browser aborts);
   * `skip=n` answers the first n requests of this `key` normally, then `times=n` fails the next n (default every one).
   */
  middleware() {
    return async (ctx, next) => {
      const url = new URL(ctx.url, 'http://test.invalid');
      if (url.pathname === '/__test/config') {
        ctx.body = { engine: ENGINE, phone: { ...PHONE, ...PHONE_EMULATION }, simulatorUrl: this.simulator.url, widgetUrls: this.simulator.widgetUrls, ...this.#extraConfig() };
        return;
      }
      if (url.pathname === '/__test/token-log') {
        ctx.body = this.tokenLog.get(url.searchParams.get('key')) ?? emptyLog();
        return;
      }
      if (url.pathname !== '/api/cosmo/token') return next();
      await this.#tokenRequest(ctx, url.searchParams);
    };
  }

  async #tokenRequest(ctx, params) {
    const key = params.get('key') ?? '';
    const log = this.tokenLog.get(key) ?? emptyLog();
    this.tokenLog.set(key, log);
    log.received += 1;
    log.at.push(Date.now());
    ctx.res.once('close', () => {
      if (!ctx.res.writableFinished) log.aborted += 1; // the browser aborted the fetch
    });
    const body = await readBody(ctx.req);
    log.bodies.push(body.toString('utf8'));
    log.credentials.push(ctx.get('cookie'));
    const mode = params.get('mode');
    const skip = Number(params.get('skip') ?? 0);
    const failing = mode !== null && log.received > skip && log.received <= skip + Number(params.get('times') ?? Infinity);
    if (failing && mode === 'drop') {
      // No answer at all: the browser's fetch rejects with a network error.
      ctx.respond = false;
      ctx.req.socket.destroy();
      return;
    }
    const handler = createTokenHandler({
      client: this.#client,
      authenticate: () => {
        if (failing && mode === '500') throw new Error('simulated session store failure');
        return failing && mode === '401' ? null : { userId: params.get('user') ?? 'test-user' };
      },
    });
    const route = async (request) => {
      if (failing && mode === 'slow') await sleep(Number(params.get('ms') ?? 5000), request.signal);
      let response;
      if (request.signal.aborted) response = new Response(null, { status: 204 }); // nobody is listening any more
      else if (failing && mode === 'not-json') response = new Response('<!doctype html><p>Sign in</p>', { headers: { 'content-type': 'text/html' } });
      else if (failing && mode === 'wrong-shape') response = Response.json({ access_token: 42 }, { headers: { 'cache-control': 'no-store' } });
      else if (failing && mode === 'status') response = proxyAnswer(Number(params.get('status') ?? 503), params.get('retry-after'));
      else response = await handler(request);
      if (!request.signal.aborted) log.completed += 1;
      return response;
    };
    // The body was read for the log: hand it on the way express.raw() would.
    ctx.req.body = body;
    ctx.respond = false;
    await new Promise((resolve) => {
      ctx.res.once('close', resolve);
      toNodeHandler(route)(ctx.req, ctx.res);
    });
  }

  /**
   * Server commands: `simulator-control` (the simulator's control API), `widget-frame` (an operation inside a
   * widget's cross-origin iframe, found by its channel; frame-drivers.mjs), and in every engine (page-commands.mjs)
   * `viewport` (the page's size), `phone-viewport` (the page back to the phone's size after wtr's per-test reset),
   * `press-keys` (a key chord such as Shift+Tab) and `close-other-pages` (the tabs a test opened, closed).
   */
  commandsPlugin() {
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
        if (command === 'widget-frame') return runFrameOp(session, payload);
        if (command === 'viewport') return setViewport(session, payload);
        if (command === 'phone-viewport') return setViewport(session, PHONE);
        if (command === 'press-keys') return pressKeys(session, payload?.keys).then(() => true);
        if (command === 'close-other-pages') return closeOtherPages(session);
        return undefined;
      },
    };
  }
}
