/**
 * `@cosmopoints/server/node`: mounts a Web-standard handler (`createTokenHandler`, `createWebhookHandler`) on Node's
 * `http` server or Express. Kept out of the core entry so the core imports no `node:*` module.
 *
 * The webhook route needs the raw bytes, so the adapter reads the body itself. When a body parser ran first it either
 * uses the raw bytes it left (`express.raw()`/`express.text()` → Buffer/string in `req.body`) or, if the body was
 * parsed into an object, fails fast with a fix-it message instead of a baffling signature mismatch.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CosmoServerError, CosmoServerErrorCode } from './errors.js';
import { ACCEPTS_REPARSED_JSON } from './internal/markers.js';

/** A Web-standard route handler. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Node/Express middleware signature returned by {@link toNodeHandler}. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** Options of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
  /** Larger bodies are refused with 413 before the handler runs. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Trust `X-Forwarded-Proto` / `X-Forwarded-Host` for the request URL (only behind your own proxy). Default false. */
  trustProxy?: boolean;
}

type MaybeExpressRequest = IncomingMessage & { body?: unknown; originalUrl?: string };

const PARSED_BODY_HINT =
  'a body parser already parsed this request (req.body is an object), so the raw bytes are gone. Mount the Cosmo ' +
  'route before app.use(express.json()), or give it express.raw({ type: "*/*" }) instead: ' +
  'app.post("/webhooks/cosmo", express.raw({ type: "*/*" }), toNodeHandler(webhookHandler))';

function firstHeader(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;
}

async function readRawBody(req: MaybeExpressRequest, maxBytes: number, reparse: boolean): Promise<Uint8Array | 'too-large'> {
  if (req.body !== undefined) {
    if (req.body instanceof Uint8Array) return req.body;
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
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return 'too-large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.end(body);
}

/**
 * Adapts a Web-standard handler to Node's `(req, res)` and Express's `(req, res, next)`.
 * @example
 * app.post('/api/cosmo/token', toNodeHandler(tokenHandler));
 * app.post('/webhooks/cosmo', toNodeHandler(webhookHandler)); // before app.use(express.json())
 */
export function toNodeHandler(handler: FetchHandler, options: NodeHandlerOptions = {}): NodeHandler {
  if (typeof handler !== 'function') throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'toNodeHandler: pass a (request: Request) => Response handler');
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const reparse = (handler as { [ACCEPTS_REPARSED_JSON]?: boolean })[ACCEPTS_REPARSED_JSON] === true;
  return function nodeHandler(req: MaybeExpressRequest, res: ServerResponse, next?: (error?: unknown) => void): void {
    const fail = (error: unknown) => {
      if (next) return next(error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        res.end(JSON.stringify({ error: { code: 'internal-error', message: 'internal error' } }));
      } else res.destroy();
    };
    const run = async () => {
      const controller = new AbortController();
      res.once('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
      const proto = (options.trustProxy && firstHeader(req.headers['x-forwarded-proto'])) || (encrypted ? 'https' : 'http');
      const host = (options.trustProxy && firstHeader(req.headers['x-forwarded-host'])) || req.headers.host || 'localhost';
      const url = new URL(req.originalUrl ?? req.url ?? '/', `${proto}://${host}`);
      const headers = new Headers();
      for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) headers.append(req.rawHeaders[index]!, req.rawHeaders[index + 1]!);
      const method = req.method ?? 'GET';
      let body: Uint8Array | undefined;
      if (method !== 'GET' && method !== 'HEAD') {
        const raw = await readRawBody(req, maxBodyBytes, reparse);
        if (raw === 'too-large') {
          res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
          res.end(JSON.stringify({ error: { code: 'payload-too-large', message: `body exceeds ${maxBodyBytes} bytes` } }));
          return;
        }
        body = raw;
      }
      const request = new Request(url, { method, headers, body: body as BodyInit | undefined, signal: controller.signal });
      await writeResponse(res, await handler(request));
    };
    run().catch(fail);
  };
}
