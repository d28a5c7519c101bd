/** Small helpers over `node:http`: JSON bodies in and out, and the API's error shape. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiErrorCode } from '../api-errors.js';
import { camelizeKeys } from '@cosmopoints/protocol/cosmo-api';

/** Request bodies larger than this are refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/** An error that becomes an HTTP response `{error: {code, message, ...details}}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Extra fields of the error object, e.g. the existing `transactionId` of a duplicate reference. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Reads the request body as UTF-8 text, refusing more than {@link MAX_BODY_BYTES}. */
export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, ApiErrorCode.PayloadTooLarge, `request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON body; an empty body reads as `{}`. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  if (text.trim() === '') return {};
  try {
    // Cosmo's real casing is unknown (DESIGN.md §3): read snake_case as well as camelCase, as the SDK does.
    return camelizeKeys(JSON.parse(text));
  } catch {
    throw new HttpError(400, ApiErrorCode.InvalidJson, 'request body is not valid JSON');
  }
}

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

/** Writes `{error: {code, message, ...details}}`. */
export function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}, details: Record<string, unknown> = {}): void {
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

/** Resolves after `ms`, or rejects when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
