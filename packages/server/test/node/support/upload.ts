/** Uploads from a real Node HTTP client, the way a partner's load balancer or a test would send them. */
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

/** The 64 KiB chunk every test upload is made of. */
export const CHUNK = new Uint8Array(64 * 1024).fill(120);

/** What the client received: the status and body, or the socket error when no response arrived. */
export interface UploadResult {
  status: number | string;
  headers?: IncomingHttpHeaders;
  body?: string;
}

/** One upload from a Node HTTP client; resolves with the status it received (or the socket error when it got none). */
export function upload(url: string, options: { total: number; chunked: boolean; headers?: Record<string, string>; stallAfter?: number }): Promise<UploadResult> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (!options.chunked) headers['content-length'] = String(options.total);
    const req = httpRequest(url, { method: 'POST', headers, agent: false });
    let settled = false;
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        settled = true;
        resolve({ status: res.statusCode!, headers: res.headers, body: text });
      });
      res.on('error', () => {});
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!settled) setTimeout(() => !settled && resolve({ status: error.code ?? 'error' }), 200);
    });
    let sent = 0;
    const chunk = Buffer.from(CHUNK);
    const write = () => {
      while (sent < options.total) {
        const stop = options.stallAfter ?? options.total;
        if (sent >= stop) return; // the client goes quiet
        const size = Math.min(chunk.length, options.total - sent, stop - sent);
        sent += size;
        if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

