/**
 * `startSimulator()`: one HTTP server, one origin, playing Cosmo for tests, the demo and partners
 * developing offline: the partner API, the two widget apps, signed webhooks and a control API.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Environment, WidgetKind } from '@cosmopoints/protocol';
import { ENVIRONMENT_PREFIXES } from './context.js';
import type { SimulatorContext } from './context.js';
import { createControl } from './control.js';
import type { SimulatorControl } from './control.js';
import { SimulatorError, SimulatorErrorCode } from './errors.js';
import { FaultInjector, ROUTES } from './faults.js';
import type { RouteName } from './faults.js';
import { respondWithError } from './http.js';
import type { Route } from './http.js';
import { holdResponse, sendError, sendJson } from './internal/http.js';
import { match } from './internal/router.js';
import { RequestLog } from './request-log.js';
import { CONTROL_CORS_HEADERS, handleControl } from './routes/control.js';
import { cosmoApiRoutes } from './routes/cosmo-api.js';
import { programPageRoutes } from './routes/program-pages.js';
import { COSMO_API_OPERATIONS } from '@cosmopoints/protocol/cosmo-api';
import { widgetApiRoutes } from './routes/widget-api.js';
import { widgetPageRoutes } from './routes/widget-pages.js';
import { SignInStore } from './sign-ins.js';
import { SimulatorStore } from './store.js';
import type { ClientCredentials } from './store.js';
import { WebhookDispatcher, checkWebhookUrl, resolveRetry, webhookKey } from './webhooks.js';
import type { DeliveryLogEntry, WebhookRetryOptions } from './webhooks.js';
import type { RequestLogEntry } from './request-log.js';
import { DEFAULT_WIRE_VERSIONS, mergeWireVersions } from './wire.js';
import type { WireVersions } from './wire.js';

/** The demo credentials a simulator accepts when no `clients` are given. */
export const DEFAULT_CLIENTS: readonly Required<ClientCredentials>[] = Object.freeze([
  { clientId: 'demo-client', clientSecret: 'demo-secret-sandbox', environment: 'sandbox' },
]);

/** The fixed demo webhook secret (32 key bytes), used when no `webhookSecret` is given. Never use it outside development. */
export const DEFAULT_WEBHOOK_SECRET = 'whsec_Y29zbW8tc2ltdWxhdG9yLWRlbW8td2ViaG9vay1rZXk=';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port; default 0 (ephemeral). The CLI defaults to 4010. */
  port?: number;
  /** Accepted API credentials; default {@link DEFAULT_CLIENTS}. */
  clients?: ClientCredentials[];
  /** Lifetime of widget tokens; default 900 s. */
  widgetTokenTtlSeconds?: number;
  /** Lifetime of access tokens; default 600 s ("every token is valid for 10 minutes"). */
  accessTokenTtlSeconds?: number;
  /** Which documented version of each response shape the API writes; default the newest of each. */
  wireVersions?: Partial<WireVersions>;
  /** Where signed webhooks go; none when omitted (events are still recorded). */
  webhookUrl?: string;
  /** `whsec_<base64>`; default {@link DEFAULT_WEBHOOK_SECRET}. */
  webhookSecret?: string;
  /** Retry policy of webhook deliveries; see {@link DEFAULT_WEBHOOK_RETRY}. */
  webhookRetry?: WebhookRetryOptions;
  /** Host page origins allowed to embed the widgets; any when omitted. */
  allowedOrigins?: string[];
  /** Called after every answered API request (the CLI's `--verbose` prints them). */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Called with every webhook delivery log entry. */
  onDelivery?: (entry: DeliveryLogEntry) => void;
}

/** A running simulator. */
export interface Simulator {
  /** API base and widget apps' origin, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  /** `${url}/widgets/purchase` and `${url}/widgets/multibrand`. */
  readonly widgetUrls: Readonly<Record<WidgetKind, string>>;
  /** API bases that accept only one environment's credentials: `${url}/sandbox`, `${url}/production`. */
  readonly environmentUrls: Readonly<Record<Environment, string>>;
  /** Test hooks; the same operations as the HTTP control API. */
  readonly control: SimulatorControl;
  /** Stops webhook delivery, closes every connection and the server. Idempotent. */
  close(): Promise<void>;
}

function invalid(message: string): SimulatorError {
  return new SimulatorError(SimulatorErrorCode.InvalidOption, message);
}

function checkTtl(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 31_536_000) throw invalid(`${name} must be a number of seconds from >0 to 31536000`);
  return value;
}

function checkClients(clients: ClientCredentials[] | undefined): readonly ClientCredentials[] {
  if (clients === undefined) return DEFAULT_CLIENTS;
  if (!Array.isArray(clients) || clients.length === 0) throw invalid('clients must be a non-empty array');
  for (const client of clients) {
    if (typeof client?.clientId !== 'string' || client.clientId === '' || typeof client.clientSecret !== 'string' || client.clientSecret === '') {
      throw invalid('each client needs a non-empty clientId and clientSecret');
    }
    if (client.environment !== undefined && client.environment !== 'sandbox' && client.environment !== 'production') throw invalid('client environment must be sandbox or production');
  }
  return clients;
}

function checkOrigins(origins: string[] | undefined): readonly string[] | undefined {
  if (origins === undefined) return undefined;
  if (!Array.isArray(origins)) throw invalid('allowedOrigins must be an array of origins');
  return origins.map((origin) => {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch (cause) {
      throw new SimulatorError(SimulatorErrorCode.InvalidOption, `allowedOrigins: "${origin}" is not an origin`, { cause });
    }
    if (parsed.origin === 'null' || parsed.origin !== origin.replace(/\/$/, '')) throw invalid(`allowedOrigins: "${origin}" must be a bare origin like https://shop.example`);
    return parsed.origin;
  });
}

/** Where the built widget app assets live: `dist/apps/` next to the compiled code, or from `src/` (tests through tsx). */
function findAssetsDir(): URL {
  const beside = new URL('./apps/', import.meta.url);
  if (existsSync(beside)) return beside;
  return new URL('../dist/apps/', import.meta.url);
}

const formatHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);

/**
 * Starts a simulator and resolves once it listens.
 * @throws {SimulatorError} `invalid-option` for a malformed option, `listen-failed` when the port is taken
 * @example
 * const sim = await startSimulator({ webhookUrl: 'http://127.0.0.1:3000/webhooks/cosmo' });
 * console.log(sim.widgetUrls.purchase);
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  if (typeof options !== 'object' || options === null) throw invalid('options must be an object');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw invalid('port must be an integer from 0 to 65535');
  const webhookSecret = options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET;
  webhookKey(webhookSecret);
  if (options.webhookUrl !== undefined) checkWebhookUrl(options.webhookUrl);

  const wire = mergeWireVersions(DEFAULT_WIRE_VERSIONS, options.wireVersions ?? {});
  const stop = new AbortController();
  const ctx: SimulatorContext = {
    store: new SimulatorStore(checkClients(options.clients)),
    signIns: new SignInStore(),
    webhooks: new WebhookDispatcher({ ...(options.webhookUrl === undefined ? {} : { url: options.webhookUrl }), secret: webhookSecret, retry: resolveRetry(options.webhookRetry), ...(options.onDelivery ? { onDelivery: options.onDelivery } : {}) }),
    faults: new FaultInjector(),
    log: new RequestLog(options.onRequest),
    widgetTokenTtlSeconds: checkTtl('widgetTokenTtlSeconds', options.widgetTokenTtlSeconds, 900),
    accessTokenTtlSeconds: checkTtl('accessTokenTtlSeconds', options.accessTokenTtlSeconds, 600),
    wire: { current: wire, initial: wire },
    allowedOrigins: checkOrigins(options.allowedOrigins),
    assetsDir: findAssetsDir(),
  };
  const control = createControl(ctx);
  const routes: Route[] = [...cosmoApiRoutes(ctx), ...widgetApiRoutes(ctx), ...widgetPageRoutes(ctx), ...programPageRoutes(ctx)];
  let baseUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    if (url.pathname === '/__control' || url.pathname.startsWith('/__control/')) {
      try {
        await handleControl(control, req, res, url, stop.signal);
      } catch (error) {
        respondWithError(res, error, CONTROL_CORS_HEADERS);
      }
      return;
    }

    let path = url.pathname;
    let environment: Environment | undefined;
    for (const prefix of ENVIRONMENT_PREFIXES) {
      if (path.startsWith(`/${prefix}/`)) {
        environment = prefix;
        path = path.slice(prefix.length + 1);
      }
    }
    const method = req.method ?? 'GET';
    let found: ReturnType<typeof match<Route>>;
    try {
      found = match(routes, method, path);
    } catch {
      found = undefined;
    }
    const names: readonly RouteName[] = found && 'route' in found ? found.route.names : [ROUTES.Other];
    const at = new Date().toISOString();
    res.once('close', () => {
      ctx.log.add({ route: names[0] ?? ROUTES.Other, method, path: url.pathname, status: res.headersSent ? res.statusCode : 0, at });
    });

    const run = async (): Promise<void> => {
      try {
        if (!found) {
          if (method === 'GET' && path === '/') return sendJson(res, 200, describe(baseUrl));
          throw new SimulatorError(SimulatorErrorCode.NotFound, `no route ${method} ${path}`);
        }
        if ('allowed' in found) {
          return respondWithError(res, new SimulatorError(SimulatorErrorCode.MethodNotAllowed, `${method} is not allowed on ${path}`), { allow: found.allowed.join(', ') });
        }
        await found.route.handle({ req, res, url, params: found.params, ...(environment ? { environment } : {}), signal: stop.signal });
      } catch (error) {
        respondWithError(res, error);
      }
    };

    const fault = ctx.faults.take(names);
    if (!fault) return run();
    // `after`: the operation runs to completion (and commits) with its answer held back; the fault then hits the answer.
    let answer: { send(): void } | undefined;
    if (fault.when === 'after') {
      const hold = holdResponse(res);
      await run();
      answer = hold.release();
    }
    try {
      if (fault.delayMs > 0) await ctx.faults.hold(fault.delayMs, stop.signal);
    } catch (error) {
      return respondWithError(res, error);
    }
    if (fault.status === 0) {
      req.socket.destroy();
      return;
    }
    if (fault.status !== undefined) {
      // The rule's code, when it names one, is the caller's (e.g. a code Cosmo might send): answered as given.
      const failure = new SimulatorError(fault.status === 429 ? SimulatorErrorCode.RateLimited : SimulatorErrorCode.SimulatedFailure, `simulated ${fault.status} (control API)`);
      sendError(res, fault.status, fault.code ?? failure.code, failure.message, failure.code === SimulatorErrorCode.RateLimited ? { 'retry-after': '1' } : {});
      req.resume();
      return;
    }
    return answer ? answer.send() : run();
  };

  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => respondWithError(res, error));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(new SimulatorError(SimulatorErrorCode.ListenFailed, `cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${formatHost(host)}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    widgetUrls: Object.freeze({ purchase: `${baseUrl}/widgets/purchase`, multibrand: `${baseUrl}/widgets/multibrand` }),
    environmentUrls: Object.freeze({ sandbox: `${baseUrl}/sandbox`, production: `${baseUrl}/production` }),
    control,
    close() {
      closing ??= (async () => {
        stop.abort(new SimulatorError(SimulatorErrorCode.Closed, 'simulator closed'));
        await ctx.webhooks.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        await closed;
      })();
      return closing;
    },
  };
}

function describe(url: string): Record<string, unknown> {
  return {
    name: 'cosmo-sim',
    description: 'A local stand-in for Cosmo (@cosmopoints/simulator).',
    api: url,
    environments: { sandbox: `${url}/sandbox`, production: `${url}/production` },
    widgets: { purchase: `${url}/widgets/purchase`, multibrand: `${url}/widgets/multibrand` },
    // Every operation, `METHOD path`, from the one table of paths the SDK uses.
    endpoints: { ...Object.fromEntries(Object.entries(COSMO_API_OPERATIONS).map(([name, { method, path }]) => [name, `${method} ${path}`])), control: '/__control/...' },
  };
}
