/**
 * A small static file server for the demo pages and the script-tag bundle. Only files directly inside the
 * configured folders are served (no `..`, no dotfiles), with explicit content types.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Resolves `relative` inside `root`; `null` when it would escape it or names a hidden file. */
export function safeJoin(root: string, relative: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const path = normalize(join(root, decoded));
  if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  if (path.split(sep).some((segment) => segment.startsWith('.'))) return null;
  return path;
}

/**
 * Sends the file at `path` (or 404). `transform` may rewrite text files (the demo templates
 * `index.html`); `headers` are added to the response.
 */
export async function sendFile(
  response: ServerResponse,
  path: string | null,
  options: { headers?: Record<string, string>; transform?: (text: string) => string; method?: string } = {},
): Promise<void> {
  const type = path ? CONTENT_TYPES[extname(path)] : undefined;
  if (!path || !type) return sendText(response, 404, 'Not found');
  let body: Buffer | string;
  try {
    body = await readFile(path);
  } catch {
    return sendText(response, 404, 'Not found');
  }
  if (options.transform) body = options.transform(body.toString('utf8'));
  response.writeHead(200, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...options.headers,
  });
  response.end(options.method === 'HEAD' ? undefined : body);
}

/** Sends a short plain-text response. */
export function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  response.end(text);
}

/** Sends a JSON response that is never cached. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
