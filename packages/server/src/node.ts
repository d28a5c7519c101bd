/**
 * `@cosmopoints/server/node`: mounts a Web-standard handler on Node's `http` server or Express. Every handler, the
 * package's routes and yours alike, takes the same path: a standard `Request` in, its `Response` written back. Kept
 * out of the core entry so the core imports no `node:*` module. What only the adapter can do on Node:
 * - `request.signal` aborts when the client goes away, so a route stops its work (the token route's call to Cosmo);
 * - the body is bounded: a declared `Content-Length` over `maxBodyBytes` gets 413 before the handler runs, a longer
 *   body is cut there (413), one not arrived within `bodyTimeoutMs` gets 408. It reaches the handler as a stream,
 *   pulled as it reads, so a route checks its headers first and stops at its own limit;
 * - an early answer (413, 400 while the upload goes on) carries `Connection: close`, and the rest of the upload is
 *   drained up to a cap before the socket closes (RFC 9112 §9.6): closing with unread data makes the kernel send a
 *   reset that can destroy the answer before the client reads it;
 * - the URL is the connection's scheme, the validated `Host` and the request-target's path, never the target
 *   resolved against a base (`//evil.example/x` would make `evil.example` the host).
 * Why not `@hono/node-server`'s request listener: see the README ("Mounting the routes").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorResponse, payloadTooLarge } from './endpoint-errors.js';
import { CosmoServerError, CosmoServerErrorCode, EndpointErrorCode } from './errors.js';

/** A Web-standard route handler. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Node/Express middleware signature returned by {@link toNodeHandler}. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /** The most body bytes the adapter reads; a declared or actual body over it gets 413. Default 1 MiB. */
  maxBodyBytes?: number;
  /** How long the body may take to arrive, in milliseconds, before the adapter answers 408. Default 10 000. */
  bodyTimeoutMs?: number;
  /** Trust `X-Forwarded-Proto` / `X-Forwarded-Host` for the request URL (only behind your own proxy). Default false. */
  trustProxy?: boolean;
  /**
   * Whether a body that `express.json()` already parsed may reach the handler re-serialised (`JSON.stringify(req.body)`)
   * rather than fail fast with `invalid-config`. Default: yes for a JSON request without a `webhook-signature` header
   * (the token route reads the JSON value), no for a signed delivery, whose signature covers the exact bytes.
   */
  reserializeParsedJson?: boolean;
}

type MaybeExpressRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_BODY_TIMEOUT_MS = 10_000;
// After an early answer, at most this much of the rest of the upload is read and dropped, for at most this long.
const DRAIN_MAX_BYTES = 8 * 1024 * 1024;
const DRAIN_MAX_MS = 2_000;

const PARSED_BODY_HINT =
  'a body parser already parsed this request (req.body is an object), so the raw bytes are gone. Mount the Cosmo ' +
  'route before app.use(express.json()), or give it express.raw({ type: "*/*" }) instead: ' +
  'app.post("/webhooks/cosmo", express.raw({ type: "*/*" }), toNodeHandler(webhookHandler))';
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

// A Host is a DNS name, an IPv4 address or a bracketed IPv6 address, with an optional port; nothing else (no "@",
// "/", "\" that would move the host when the URL is parsed).
const HOST = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

const firstHeader = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;

/** The request URL: scheme and host from the connection and `Host` (or trusted forwarded headers), then the path. */
function requestUrl(req: MaybeExpressRequest, trustProxy: boolean): URL | undefined {
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
  const proto = (trustProxy && firstHeader(req.headers['x-forwarded-proto'])) || (encrypted ? 'https' : 'http');
  const host = (trustProxy && firstHeader(req.headers['x-forwarded-host'])) || req.headers.host || 'localhost';
  if ((proto !== 'http' && proto !== 'https') || !HOST.test(host)) return undefined;
  const target = req.originalUrl ?? req.url ?? '/';
  try {
    // Origin-form `/a?b` as is, `*` as `/`, absolute-form reduced to its path and query; then appended to the origin,
    // never resolved against it: "//evil.example/x" stays a path.
    const path = target.startsWith('/') ? target : target === '*' ? '/' : ((url) => url.pathname + url.search)(new URL(target));
    return new URL(`${proto}://${host}${path}`);
  } catch {
    return undefined;
  }
}

/** The bytes a body parser left in `req.body`, or undefined when none ran; throws when the raw bytes are gone. */
function parsedBody(req: MaybeExpressRequest, reserialize: boolean | undefined): Uint8Array | undefined {
  const body = req.body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (typeof body === 'object' && body !== null) {
    // express.json() on a request without a body leaves {}: nothing was parsed.
    const empty = Object.keys(body).length === 0 && !req.headers['content-length'];
    if (!empty) {
      const jsonValue = JSON_TYPE.test(req.headers['content-type'] ?? '') && req.headers['webhook-signature'] === undefined;
      if (reserialize ?? jsonValue) return new TextEncoder().encode(JSON.stringify(body));
      throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, PARSED_BODY_HINT);
    }
  }
  if (req.readableEnded && Number(req.headers['content-length'] ?? 0) > 0) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `the request body was already read by an earlier middleware. ${PARSED_BODY_HINT}`);
  }
  return undefined;
}

/** Why the adapter stopped a body: over its cap or too slow. */
type BodyStop = 'too-large' | 'too-slow';

/** `req` as a Web stream, pulled only as the handler reads (backpressure), stopped past `maxBytes` or `timeoutMs`. */
function bodyStream(req: IncomingMessage, maxBytes: number, timeoutMs: number): { stream: ReadableStream<Uint8Array>; stopped: () => BodyStop | undefined; done: () => void } {
  let size = 0;
  let stopped: BodyStop | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) return stop('too-large');
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const onEnd = (error?: Error) => {
    done();
    if (stopped) return;
    if (error) controller.error(error);
    else controller.close();
  };
  const timer = setTimeout(() => stop('too-slow'), timeoutMs);
  function done() {
    clearTimeout(timer);
    req.off('data', onData).off('end', onEnd).off('error', onEnd);
  }
  function stop(why: BodyStop) {
    if (stopped || req.complete) return;
    stopped = why;
    done();
    req.pause();
    controller.error(new Error(why === 'too-slow' ? 'the request body did not arrive in time' : 'the request body exceeds the adapter limit'));
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      start(created) {
        controller = created;
        req.on('data', onData).on('end', onEnd).on('error', onEnd).pause();
      },
      pull() {
        if (!stopped) req.resume();
      },
      cancel() {
        done();
        req.pause();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return { stream, stopped: () => stopped, done };
}

/** Answers early (the upload is still coming): `Connection: close`, then drain up to a cap, then close. */
function closeAfterDrain(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  let drained = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const close = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  res.once('finish', () => {
    // Node ends the socket and destroys it once the answer is flushed; keep reading instead, so the close is a FIN
    // after the client's data, not a reset that can overtake the answer.
    socket.removeListener('finish', socket.destroy);
    timer = setTimeout(close, DRAIN_MAX_MS);
    timer.unref?.();
  });
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_MAX_BYTES) close();
  });
  req.once('end', () => (res.writableFinished ? close() : res.once('finish', close)));
  req.once('error', close);
  req.resume();
}

/** Writes `response`; an early one (the upload is still coming) closes the connection after draining. */
async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = Object.fromEntries(response.headers);
  const cookies = response.headers.getSetCookie(); // each its own header line, not the last one of them
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = response.body === null ? undefined : new Uint8Array(await response.arrayBuffer());
  if (res.destroyed) return; // the client went away meanwhile
  if (!req.complete && !req.destroyed) {
    headers.connection = 'close';
    closeAfterDrain(req, res);
  }
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Adapts a Web-standard handler to Node's `(req, res)` and Express's `(req, res, next)`.
 * @example
 * app.post('/api/cosmo/token', toNodeHandler(tokenHandler));
 * app.post('/webhooks/cosmo', toNodeHandler(webhookHandler)); // before app.use(express.json())
 */
export function toNodeHandler(handler: FetchHandler, options: NodeHandlerOptions = {}): NodeHandler {
  const invalid = (message: string) => new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `toNodeHandler: ${message}`);
  if (typeof handler !== 'function') throw invalid('pass a (request: Request) => Response handler');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  for (const [name, value] of [['maxBodyBytes', maxBodyBytes], ['bodyTimeoutMs', bodyTimeoutMs]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw invalid(`${name} must be a positive integer`);
  }
  const trustProxy = options.trustProxy === true;

  async function serve(req: MaybeExpressRequest, res: ServerResponse): Promise<void> {
    const url = requestUrl(req, trustProxy);
    if (url === undefined) return writeResponse(req, res, errorResponse(400, EndpointErrorCode.InvalidRequest, 'malformed Host header or request target'));
    const method = req.method ?? 'GET';
    const parsed = parsedBody(req, options.reserializeParsedJson);
    if ((parsed?.byteLength ?? Number(req.headers['content-length'] ?? 0)) > maxBodyBytes) return writeResponse(req, res, payloadTooLarge(maxBodyBytes));
    const headers = new Headers();
    for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) headers.append(req.rawHeaders[index]!, req.rawHeaders[index + 1]!);
    const hasBody = method !== 'GET' && method !== 'HEAD' && (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined);
    const streamed = parsed === undefined && hasBody ? bodyStream(req, maxBodyBytes, bodyTimeoutMs) : undefined;
    // The client going away (its socket closed before the answer was written) aborts the request's signal.
    const gone = new AbortController();
    res.once('close', () => res.writableFinished || gone.abort(new DOMException('the client closed the connection', 'AbortError')));
    let response: Response;
    try {
      const body = hasBody ? (parsed ?? streamed?.stream) : undefined; // a GET or HEAD has none, whatever a parser left
      response = await handler(new Request(url, { method, headers, body, signal: gone.signal, duplex: 'half' } as RequestInit));
    } finally {
      streamed?.done();
    }
    // The adapter's own stops win over whatever the handler made of a body that broke off.
    const stop = streamed?.stopped();
    if (stop === 'too-large') response = payloadTooLarge(maxBodyBytes);
    else if (stop === 'too-slow') response = errorResponse(408, EndpointErrorCode.RequestTimeout, `the body did not arrive within ${bodyTimeoutMs} ms`);
    await writeResponse(req, res, response);
  }

  return function nodeHandler(req: MaybeExpressRequest, res: ServerResponse, next?: (error?: unknown) => void): void {
    serve(req, res).catch((error: unknown) => {
      if (next) return next(error);
      if (res.headersSent || res.destroyed) return void res.destroy();
      void writeResponse(req, res, errorResponse(500, EndpointErrorCode.InternalError, 'internal error'));
    });
  };
}
