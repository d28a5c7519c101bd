/**
 * Acme Rewards' backend, and `startDemo()`, which runs it next to a Cosmo simulator.
 *
 * The backend is a plain `node:http` server. Its Cosmo part (token route, webhook route) is in
 * `cosmo.ts`, mounted here through `toNodeHandler` from `@cosmopoints/server/node`. The rest is the
 * partner's own site: the demo sign-in, the member API, the live feed of verified webhooks (SSE), the
 * pages, and the script-tag bundle under `/cdn/`.
 *
 * The page is served as `http://localhost:PORT`, the simulator (Cosmo's API and widget apps) as
 * `http://127.0.0.1:PORT2`: two origins, as in production.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toNodeHandler } from '@cosmopoints/server/node';
import { DEFAULT_WEBHOOK_SECRET, startSimulator } from '@cosmopoints/simulator';
import type { Simulator, SimulatorOptions } from '@cosmopoints/simulator';
import { createCosmoRoutes } from './cosmo.js';
import { Ledger } from './ledger.js';
import { LiveFeed } from './live.js';
import { SessionStore } from './session.js';
import { safeJoin, sendFile, sendJson, sendText } from './static.js';

/** The demo's Cosmo client credentials, the simulator's default sandbox client. */
export const DEMO_CLIENT = { clientId: 'demo-client', clientSecret: 'demo-secret-sandbox' } as const;

/** State of the webhook route's test switch: `down` answers 503 without reading the delivery. */
export type WebhookEndpointState = 'up' | 'down';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Interface both servers listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port of the partner site (page and backend). Default 0 (ephemeral). */
  port?: number;
  /** Port of the simulator. Default 0 (ephemeral). */
  simulatorPort?: number;
  /** Host name in the page URL; must differ from the simulator's so the two are different origins. Default `localhost`. */
  pageHostname?: string;
  /** Cosmo client credentials the backend uses and the simulator accepts. Default {@link DEMO_CLIENT}. */
  clientId?: string;
  clientSecret?: string;
  /** The `whsec_…` secret the simulator signs with and the backend verifies with. Default the simulator's demo secret. */
  webhookSecret?: string;
  /** Initial state of the webhook route's test switch. Default `up`. */
  webhookEndpoint?: WebhookEndpointState;
  /** Let the page flip the webhook switch through `POST /api/demo/webhook-endpoint`. Default `true`. */
  outageToggle?: boolean;
  /** Any other simulator option (for example `webhookRetry` for fast retries in tests). */
  simulator?: Partial<SimulatorOptions> & Record<string, unknown>;
  /** Aborting it closes the demo. */
  signal?: AbortSignal;
}

/** The partner backend's own state and test switches. */
export interface DemoBackend {
  /** Balances, connections and the processed-webhook log. */
  ledger: Ledger;
  /** The live feed the page reads. */
  live: LiveFeed;
  /** Current state of the webhook route. */
  readonly webhookEndpoint: WebhookEndpointState;
  /** Takes the webhook route down (503) or brings it back. */
  setWebhookEndpoint(state: WebhookEndpointState): void;
  /** Every status the webhook route answered, in order (the outage test reads it). */
  readonly webhookResponses: readonly { status: number; at: string }[];
}

/** A running demo. */
export interface Demo {
  /** The one URL to open: the partner site. */
  url: string;
  /** The simulator playing Cosmo. */
  simulator: Simulator;
  backend: DemoBackend;
  /** Stops the backend and the simulator. */
  close(): Promise<void>;
}

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
/** The framework pages (React, Vue, Angular) built by demo/apps/build.ts, served under `/apps/`. */
const APPS_DIST_DIR = fileURLToPath(new URL('../apps/dist/', import.meta.url));
const MAX_FORM_BYTES = 4096;

/** The script-tag bundle's folder: `@cosmopoints/widgets`' `cdn/`, built by its `build:cdn` script. */
export function widgetsCdnDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@cosmopoints/widgets/package.json')), 'cdn');
}

/**
 * Starts the simulator and Acme's backend on loopback.
 * @example
 * const demo = await startDemo({ port: 3000, simulatorPort: 4010 });
 * console.log(`Open ${demo.url}`);
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const host = options.host ?? '127.0.0.1';
  const pageHostname = options.pageHostname ?? 'localhost';
  const clientId = options.clientId ?? DEMO_CLIENT.clientId;
  const clientSecret = options.clientSecret ?? DEMO_CLIENT.clientSecret;
  const webhookSecret = options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET;
  const sessions = new SessionStore();
  const ledger = new Ledger();
  const live = new LiveFeed();
  const stop = new AbortController();
  const cdnDir = widgetsCdnDir();
  if (!existsSync(join(cdnDir, 'cosmo-widgets.js'))) {
    throw new Error(`cosmo-demo: the script-tag bundle is missing (${join(cdnDir, 'cosmo-widgets.js')}); run: pnpm --filter @cosmopoints/widgets build:cdn`);
  }
  let webhookEndpoint: WebhookEndpointState = options.webhookEndpoint ?? 'up';
  const webhookResponses: { status: number; at: string }[] = [];

  // The backend listens first: the simulator needs its port for the webhook URL and the embedding allowlist.
  let app: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  const server = createServer((request, response) => {
    if (app) app(request, response);
    else sendText(response, 503, 'Starting');
  });
  await listen(server, host, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const pageOrigin = `http://${pageHostname}:${port}`;
  const allowedOrigins = [...new Set([pageOrigin, `http://${host}:${port}`, `http://localhost:${port}`])];

  let simulator: Simulator;
  try {
    simulator = await startSimulator({
      ...options.simulator,
      host,
      port: options.simulatorPort ?? 0,
      clients: [{ clientId, clientSecret, environment: 'sandbox' }],
      webhookUrl: `http://${host}:${port}/webhooks/cosmo`,
      webhookSecret,
      allowedOrigins,
    });
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  const simulatorOrigin = new URL(simulator.url).origin;
  if (simulatorOrigin === pageOrigin) {
    await Promise.all([closeServer(server), simulator.close()]);
    throw new Error('cosmo-demo: the page and the simulator must be on different origins');
  }

  const routes = createCosmoRoutes({
    baseUrl: simulator.url,
    clientId,
    clientSecret,
    webhookSecrets: webhookSecret,
    sessions,
    ledger,
    live,
  });
  const tokenRoute = toNodeHandler(routes.token);
  const webhookRoute = toNodeHandler(routes.webhook);

  const setWebhookEndpoint = (state: WebhookEndpointState): void => {
    if (state !== 'up' && state !== 'down') throw new TypeError(`cosmo-demo: webhook endpoint state must be "up" or "down", got ${String(state)}`);
    if (state === webhookEndpoint) return;
    webhookEndpoint = state;
    live.publish({ event: 'endpoint', data: { state, at: new Date().toISOString() } });
  };

  const securityHeaders = {
    // Strict CSP: no inline script or style anywhere; the only frame is Cosmo's widget origin.
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      `frame-src ${simulatorOrigin}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
  // The framework pages are development builds (React StrictMode's double mount, Angular's JIT compiler, which
  // evaluates templates and injects component styles), so they get eval and inline styles; the script-tag page
  // above does not.
  const appsSecurityHeaders = {
    ...securityHeaders,
    'content-security-policy': securityHeaders['content-security-policy']
      .replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
  const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const templateIndex = (html: string): string =>
    html
      .replaceAll('%PURCHASE_WIDGET_URL%', escapeAttribute(simulator.widgetUrls.purchase))
      .replaceAll('%MULTIBRAND_WIDGET_URL%', escapeAttribute(simulator.widgetUrls.multibrand))
      .replaceAll('%SIMULATOR_URL%', escapeAttribute(simulator.url));

  app = (request, response) => {
    const url = new URL(request.url ?? '/', pageOrigin);
    const method = request.method ?? 'GET';
    const route = `${method} ${url.pathname}`;
    const fail = (error: unknown): void => {
      if (!response.headersSent) sendJson(response, 500, { error: { code: 'internal-error', message: 'cosmo-demo: request failed' } });
      else response.destroy();
      console.error('cosmo-demo:', error);
    };
    // The demo's own forms and switches refuse cross-site posts (the Cosmo routes do their own checks).
    const origin = request.headers.origin;
    const ownPost = method === 'POST' && !url.pathname.startsWith('/api/cosmo/') && !url.pathname.startsWith('/webhooks/');
    if (ownPost && origin !== undefined && !allowedOrigins.includes(origin)) return sendText(response, 403, 'Cross-site request refused');
    try {
      // The two Cosmo routes take every method: the handlers answer 405 (and CORS preflights) themselves.
      if (url.pathname === '/api/cosmo/token') return tokenRoute(request, response);
      if (url.pathname === '/webhooks/cosmo') {
        response.on('finish', () => webhookResponses.push({ status: response.statusCode, at: new Date().toISOString() }));
        if (webhookEndpoint === 'down') {
          request.resume();
          return sendJson(response, 503, { error: { code: 'unavailable', message: 'cosmo-demo: webhook endpoint switched off (outage drill)' } });
        }
        return webhookRoute(request, response);
      }
      switch (route) {
        case 'GET /api/live':
          return live.attach(response, stop.signal);
        case 'GET /api/me': {
          const user = sessions.userFor(request.headers.cookie);
          return sendJson(response, 200, user ? { signedIn: true, user, member: ledger.member(user.userId), webhookEndpoint } : { signedIn: false, webhookEndpoint });
        }
        case 'GET /api/webhooks':
          return sendJson(response, 200, { processed: ledger.processed });
        case 'POST /session':
          return void readForm(request)
            .then((form) => {
              const { setCookie } = sessions.signIn(form.get('name') ?? '');
              response.writeHead(303, { location: '/', 'set-cookie': setCookie, 'cache-control': 'no-store' }).end();
            })
            .catch((error: unknown) => (error instanceof FormError ? sendText(response, error.status, error.message) : fail(error)));
        case 'POST /session/end':
          request.resume();
          response.writeHead(303, { location: '/', 'set-cookie': sessions.signOut(request.headers.cookie), 'cache-control': 'no-store' }).end();
          return;
        case 'POST /api/demo/webhook-endpoint':
          if (options.outageToggle === false) return sendJson(response, 404, { error: { code: 'not-found', message: 'cosmo-demo: outage toggle disabled' } });
          return void readForm(request)
            .then((form) => {
              setWebhookEndpoint(form.get('state') === 'down' ? 'down' : 'up');
              sendJson(response, 200, { webhookEndpoint });
            })
            .catch((error: unknown) => (error instanceof FormError ? sendText(response, error.status, error.message) : fail(error)));
      }
      if (method !== 'GET' && method !== 'HEAD') return sendText(response, 405, 'Method not allowed', { allow: 'GET, HEAD' });
      if (url.pathname === '/' || url.pathname === '/index.html') {
        return void sendFile(response, join(PUBLIC_DIR, 'index.html'), { method, transform: templateIndex, headers: securityHeaders }).catch(fail);
      }
      if (url.pathname === '/strict-csp.html') {
        // The script-tag page pinned by Subresource Integrity: the versioned bundle and its hash from cdn/manifest.json.
        return void readFile(join(cdnDir, 'manifest.json'), 'utf8')
          .then((text) => {
            const { version, files } = JSON.parse(text) as { version: string; files: Record<string, { integrity: string }> };
            const file = `cosmo-widgets-${version}.js`;
            const integrity = files[file]?.integrity ?? '';
            const transform = (html: string) =>
              templateIndex(html).replaceAll('%WIDGETS_FILE%', escapeAttribute(file)).replaceAll('%WIDGETS_INTEGRITY%', escapeAttribute(integrity));
            return sendFile(response, join(PUBLIC_DIR, 'strict-csp.html'), { method, transform, headers: securityHeaders });
          })
          .catch(fail);
      }
      if (url.pathname.startsWith('/apps/')) {
        let relative = url.pathname.slice('/apps/'.length);
        if (relative === '' || relative.endsWith('/')) relative += 'index.html';
        else if (!relative.includes('.')) return sendText(response, 308, 'Moved', { location: `${url.pathname}/` });
        return void sendFile(response, safeJoin(APPS_DIST_DIR, relative), { method, transform: relative.endsWith('.html') ? templateIndex : undefined, headers: appsSecurityHeaders }).catch(fail);
      }
      if (url.pathname.startsWith('/cdn/')) {
        return void sendFile(response, safeJoin(cdnDir, url.pathname.slice('/cdn/'.length)), { method }).catch(fail);
      }
      return void sendFile(response, safeJoin(PUBLIC_DIR, url.pathname.slice(1)), { method, headers: securityHeaders }).catch(fail);
    } catch (error) {
      fail(error);
    }
  };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stop.abort();
      live.closeAll();
      await Promise.allSettled([closeServer(server), simulator.close()]);
    })();
    return closing;
  };
  options.signal?.addEventListener('abort', () => void close(), { once: true });

  return {
    url: `${pageOrigin}/`,
    simulator,
    backend: {
      ledger,
      live,
      get webhookEndpoint() {
        return webhookEndpoint;
      },
      setWebhookEndpoint,
      webhookResponses,
    },
    close,
  };
}

class FormError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a small `application/x-www-form-urlencoded` (or JSON object) body. */
async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new FormError(413, 'Form too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if ((request.headers['content-type'] ?? '').startsWith('application/json')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new FormError(400, 'Malformed JSON');
    }
    if (typeof value !== 'object' || value === null) throw new FormError(400, 'Expected a JSON object');
    return new URLSearchParams(Object.entries(value).map(([key, entry]): [string, string] => [key, String(entry)]));
  }
  return new URLSearchParams(text);
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
