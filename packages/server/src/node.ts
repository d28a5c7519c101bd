/**
 * `@cosmopoints/server/node`: mounts a Web-standard handler (`createTokenHandler`, `createWebhookHandler`) on Node's
 * `http` server or Express. Kept out of the core entry so the core imports no `node:*` module.
 *
 * The body is handed to the handler as a stream, unread, so the handler checks the headers it needs before reading
 * and reads through its own limit. The adapter adds what only it can do on Node:
 * - a cap on the bytes it will pull off the socket (the handler's own limit by default) and on the time the body may
 *   take to arrive (408);
 * - a reliable early answer: when the handler answered before the body was fully received (413, 400), the response
 *   carries `Connection: close`, then the rest of the upload is drained up to a cap before the socket closes (RFC 9112
 *   §9.6). Closing a socket with unread data makes the kernel send a reset, which can destroy the answer before the
 *   client reads it (clients saw EPIPE instead of the 413);
 * - the request URL from the `Host` header and the request-target's path only: `new URL('//evil.example/x', base)`
 *   would make `evil.example` the request's host.
 *
 * When a body parser ran first it either uses the raw bytes it left (`express.raw()`/`express.text()` → Buffer/string in
 * `req.body`) or, if the body was parsed into an object, fails fast with a fix-it message instead of a baffling
 * signature mismatch.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorReply, payloadTooLarge } from './endpoint-errors.js';
import { CosmoServerError, CosmoServerErrorCode, EndpointErrorCode } from './errors.js';
import { ACCEPTS_REPARSED_JSON, BODY_LIMIT } from './internal/markers.js';
import { REPLY_HANDLER } from './internal/respond.js';
import type { Reply, ReplyHandler } from './internal/respond.js';

/** A Web-standard route handler. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Node/Express middleware signature returned by {@link toNodeHandler}. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /** The most body bytes the adapter reads; beyond them it answers 413. Default: the route's own limit (token route 4 KiB, webhook route its `maxBodyBytes`), else 1 MiB. */
  maxBodyBytes?: number;
  /** How long the body may take to arrive, in milliseconds, before the adapter answers 408. Default 10 000. */
  bodyTimeoutMs?: number;
  /** Trust `X-Forwarded-Proto` / `X-Forwarded-Host` for the request URL (only behind your own proxy). Default false. */
  trustProxy?: boolean;
}

type MaybeExpressRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_BODY_TIMEOUT_MS = 10_000;
/** After an early answer, at most this much of the rest of the upload is read and dropped before the socket closes… */
const DRAIN_MAX_BYTES = 8 * 1024 * 1024;
/** …for at most this long. */
const DRAIN_MAX_MS = 2_000;

const PARSED_BODY_HINT =
  'a body parser already parsed this request (req.body is an object), so the raw bytes are gone. Mount the Cosmo ' +
  'route before app.use(express.json()), or give it express.raw({ type: "*/*" }) instead: ' +
  'app.post("/webhooks/cosmo", express.raw({ type: "*/*" }), toNodeHandler(webhookHandler))';

// A Host is a DNS name, an IPv4 address or a bracketed IPv6 address, with an optional port; nothing else (no "@",
// "/", "\" that would move the host when the URL is parsed).
const HOST = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

function firstHeader(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;
}

/** The path and query of a request-target, whatever its form (origin-form `/a?b`, absolute-form, `*`). */
function pathOf(target: string): string | undefined {
  if (target.startsWith('/')) return target;
  if (target === '*') return '/';
  try {
    const url = new URL(target);
    return url.pathname + url.search;
  } catch {
    return undefined;
  }
}

/** The request URL: scheme and host from the connection and `Host` (or trusted forwarded headers), then the path. */
function requestUrl(req: MaybeExpressRequest, trustProxy: boolean): URL | undefined {
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
  const proto = (trustProxy && firstHeader(req.headers['x-forwarded-proto'])) || (encrypted ? 'https' : 'http');
  const host = (trustProxy && firstHeader(req.headers['x-forwarded-host'])) || req.headers.host || 'localhost';
  const path = pathOf(req.originalUrl ?? req.url ?? '/');
  if ((proto !== 'http' && proto !== 'https') || !HOST.test(host) || path === undefined) return undefined;
  try {
    // The path is appended to an origin, never resolved against one: "//evil.example/x" stays a path.
    return new URL(`${proto}://${host}${path}`);
  } catch {
    return undefined;
  }
}

/** The bytes a body parser left in `req.body`, or undefined when none ran. */
function parsedBody(req: MaybeExpressRequest, reparse: boolean): Uint8Array | undefined {
  if (req.body !== undefined) {
    if (ArrayBuffer.isView(req.body)) return new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.byteLength);
    if (typeof req.body === 'string') return new TextEncoder().encode(req.body);
    // express.json() output, for a route that only needs the JSON value (the token route), not the signed bytes.
    if (reparse && typeof req.body === 'object' && req.body !== null) return new TextEncoder().encode(JSON.stringify(req.body));
    // express.json() on a request without a body leaves {}; anything parsed is unusable.
    if (!(typeof req.body === 'object' && req.body !== null && Object.keys(req.body).length === 0 && !req.headers['content-length'])) {
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

/**
 * `req` as a Web stream, pulled only as the handler reads (backpressure), stopped by `stop` when the adapter's cap
 * or timer trips.
 */
function bodyStream(req: IncomingMessage, maxBytes: number): { stream: ReadableStream<Uint8Array>; stop: (why: BodyStop) => void; stopped: () => BodyStop | undefined } {
  let size = 0;
  let attached = false;
  let stopped: BodyStop | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) return stop('too-large');
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const onEnd = () => {
    detach();
    if (!stopped) controller.close();
  };
  const onError = (error: Error) => {
    detach();
    if (!stopped) controller.error(error);
  };
  const detach = () => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
  };
  function stop(why: BodyStop) {
    if (stopped || req.complete) return;
    stopped = why;
    detach();
    req.pause();
    controller.error(new Error(why === 'too-slow' ? 'the request body did not arrive in time' : 'the request body exceeds the adapter limit'));
  }
  const stream = new ReadableStream<Uint8Array>(
    {
      start(created) {
        controller = created;
      },
      pull() {
        if (stopped) return;
        if (!attached) {
          attached = true;
          req.on('data', onData);
          req.on('end', onEnd);
          req.on('error', onError);
        }
        req.resume();
      },
      cancel() {
        detach();
        req.pause();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return { stream, stop, stopped: () => stopped };
}

/** Declared bodies up to this size are read whole before the route runs; larger or chunked ones are streamed to it. */
const SMALL_BODY_BYTES = 64 * 1024;

/** Reads a small declared body whole, within the timeout. */
function readSmallBody(req: IncomingMessage, timeoutMs: number): Promise<Uint8Array | 'too-slow'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      cleanup();
      req.pause();
      resolve('too-slow');
    }, timeoutMs);
    const onData = (chunk: Buffer) => chunks.push(chunk);
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
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
  req.once('end', () => {
    if (res.writableFinished) close();
    else res.once('finish', close);
  });
  req.once('error', close);
  req.resume();
}

/** Writes a reply; an early one (the upload is still coming) closes the connection after draining. */
function writeReply(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: string | Uint8Array | null): void {
  if (!req.complete && !req.destroyed) {
    headers.connection = 'close';
    closeAfterDrain(req, res);
  }
  res.writeHead(status, headers);
  res.end(body ?? undefined);
}

async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  writeReply(req, res, response.status, headers, response.body ? new Uint8Array(await response.arrayBuffer()) : null);
}

/**
 * Adapts a Web-standard handler to Node's `(req, res)` and Express's `(req, res, next)`.
 * @example
 * app.post('/api/cosmo/token', toNodeHandler(tokenHandler));
 * app.post('/webhooks/cosmo', toNodeHandler(webhookHandler)); // before app.use(express.json())
 */
export function toNodeHandler(handler: FetchHandler, options: NodeHandlerOptions = {}): NodeHandler {
  if (typeof handler !== 'function') throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'toNodeHandler: pass a (request: Request) => Response handler');
  const marked = handler as { [ACCEPTS_REPARSED_JSON]?: boolean; [BODY_LIMIT]?: number };
  const ownLimit = marked[BODY_LIMIT];
  const maxBodyBytes = options.maxBodyBytes ?? ownLimit ?? DEFAULT_MAX_BODY_BYTES;
  // A route of this package stops reading at its own limit (and answers 413 itself); the adapter's cap on the stream
  // is for other handlers, or a stricter maxBodyBytes given here.
  const streamCap = options.maxBodyBytes ?? (ownLimit === undefined ? DEFAULT_MAX_BODY_BYTES : Number.MAX_SAFE_INTEGER);
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  for (const [name, value] of [['maxBodyBytes', maxBodyBytes], ['bodyTimeoutMs', bodyTimeoutMs]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `toNodeHandler: ${name} must be a positive integer`);
  }
  const reparse = marked[ACCEPTS_REPARSED_JSON] === true;
  // This package's routes: their core gets the body the adapter read and answers a Reply, written without building a
  // Response (on Node 20 a Request body and a Response cost more than the token route's own work).
  const core = (handler as { [REPLY_HANDLER]?: ReplyHandler })[REPLY_HANDLER];
  const trustProxy = options.trustProxy === true;
  const tooSlow = () => errorReply(408, EndpointErrorCode.RequestTimeout, `the body did not arrive within ${bodyTimeoutMs} ms`);

  return function nodeHandler(req: MaybeExpressRequest, res: ServerResponse, next?: (error?: unknown) => void): void {
    const fail = (error: unknown) => {
      if (next) return next(error);
      if (!res.headersSent) {
        const reply = errorReply(500, EndpointErrorCode.InternalError, 'internal error');
        res.writeHead(reply.status, reply.headers);
        res.end(reply.text);
      } else res.destroy();
    };
    const run = async () => {
      const url = requestUrl(req, trustProxy);
      const refuse = (reply: Reply) => writeReply(req, res, reply.status, reply.headers, reply.text);
      if (url === undefined) return refuse(errorReply(400, EndpointErrorCode.InvalidRequest, 'malformed Host header or request target'));
      const method = req.method ?? 'GET';
      const parsed = parsedBody(req, reparse);
      const declared = Number(req.headers['content-length'] ?? 0);
      if ((parsed === undefined && declared > maxBodyBytes) || (parsed !== undefined && parsed.byteLength > maxBodyBytes)) {
        return refuse(payloadTooLarge(maxBodyBytes));
      }
      const headers = new Headers();
      for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) headers.append(req.rawHeaders[index]!, req.rawHeaders[index + 1]!);
      let body: Uint8Array | ReadableStream<Uint8Array> | undefined = parsed;
      let stopped: () => BodyStop | undefined = () => undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (body === undefined && method !== 'GET' && method !== 'HEAD' && !req.complete && declared > 0 && declared <= SMALL_BODY_BYTES) {
        // A small declared body is usually in memory already: read it whole (Node's parser stops at Content-Length).
        const read = await readSmallBody(req, bodyTimeoutMs);
        if (read === 'too-slow') return refuse(tooSlow());
        body = read;
      } else if (body === undefined && method !== 'GET' && method !== 'HEAD' && !req.complete) {
        const stream = bodyStream(req, streamCap);
        body = stream.stream;
        stopped = stream.stopped;
        timer = setTimeout(() => stream.stop('too-slow'), bodyTimeoutMs);
        timer.unref?.();
        req.once('end', () => clearTimeout(timer));
      }
      // No signal tied to the client's disconnect: an AbortController per request costs about 35 µs on Node 20, a
      // tenth of the route's own work; a route whose client left finishes its (short) work instead.
      let reply: Reply | undefined;
      let response: Response | undefined;
      try {
        if (core !== undefined) {
          const read = body instanceof Uint8Array ? body : undefined;
          reply = await core(new Request(url, { method, headers, body: read ? undefined : body, duplex: 'half' } as RequestInit), read);
        } else {
          response = await handler(new Request(url, { method, headers, body, duplex: 'half' } as RequestInit));
        }
      } finally {
        clearTimeout(timer);
      }
      // The adapter's own stops win over whatever the handler made of a body that broke off.
      const stop = stopped();
      if (stop === 'too-large') return refuse(payloadTooLarge(maxBodyBytes));
      if (stop === 'too-slow') return refuse(tooSlow());
      if (reply !== undefined) refuse(reply);
      else await writeResponse(req, res, response!);
    };
    run().catch(fail);
  };
}
