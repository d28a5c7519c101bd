/** Small helpers over `node:http` that know nothing of the simulator: JSON answers, held answers, headers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Writes the API's error shape, `{error: {code, message, ...details}}`. */
export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}, details: Readonly<Record<string, unknown>> = {}): void {
  sendJson(res, status, { error: { ...details, code, message } }, headers);
}

/**
 * Holds back whatever a handler writes with `writeHead` and `end` (every route here answers that way), so a fault
 * injected "after" the operation can drop, replace or delay a response whose effects are already committed.
 * `release()` restores the methods and returns the held response.
 */
export function holdResponse(res: ServerResponse): { release(): { send(): void } } {
  const { writeHead, end } = res;
  let head: unknown[] | undefined;
  let body: unknown[] = [];
  res.writeHead = ((...args: unknown[]) => ((head = args), res)) as ServerResponse['writeHead'];
  res.end = ((...args: unknown[]) => ((body = args), res)) as ServerResponse['end'];
  return {
    release() {
      res.writeHead = writeHead;
      res.end = end;
      return {
        send() {
          if (head) (writeHead as (...args: unknown[]) => void).apply(res, head);
          (end as (...args: unknown[]) => void).apply(res, body);
        },
      };
    },
  };
}

/** The bearer token of a request, or `undefined`. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** A single header value (the first, when repeated). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// A Host header that is only a host name or IP literal and a port: nothing that could turn a link into another URL.
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin a client reached this server at (`http://` and its `Host`), for absolute links in answers: a widget app
 * served from `http://localhost:4010` gets links on `localhost`, one on `127.0.0.1` gets `127.0.0.1`. Without a usable
 * `Host`, the socket's own address.
 */
export function requestOrigin(req: IncomingMessage): string {
  const host = req.headers.host;
  if (host && HOST_HEADER.test(host)) return `http://${host.toLowerCase()}`;
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort ?? 80}`;
}
