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
