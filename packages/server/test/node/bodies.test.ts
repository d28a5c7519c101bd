/**
 * Bounded bodies on every Node-side entry (issue 9): the Web handlers given a Request directly, and both routes behind
 * `toNodeHandler` over real HTTP. 100 MB chunked and 10 MB `Content-Length` uploads get 413 (400 when the webhook
 * headers are missing, before any byte is read) with RSS growth under 20 MB; the adapter's 413 reaches a Node HTTP
 * client every time; a slow body gets 408; the `//evil.example/x` request-target keeps the real host.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createCosmoClient, createTokenHandler, createWebhookHandler, signWebhook } from '../../src/index.node.js';
import { toNodeHandler } from '../../src/node.js';
import { SECRET } from './fixtures.js';
import { CHUNK, upload } from './support/upload.js';

const MB = 1024 * 1024;

/** A body stream of `total` bytes made on demand from one chunk; `pulled()` tells how much the reader took. */
function lazyBody(total: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      pulled += CHUNK.byteLength;
      controller.enqueue(CHUNK.slice());
    },
  });
  return { stream, pulled: () => pulled };
}

const rss = () => process.memoryUsage().rss;

async function webhookHeaders(): Promise<Record<string, string>> {
  return (await signWebhook({ secret: SECRET, payload: '{}', id: `msg_${Math.random()}` })).headers;
}

// Never called: every request here is refused before the route needs Cosmo.
const client = createCosmoClient({ clientId: 'acme', clientSecret: 'secret', baseUrl: 'http://127.0.0.1:9' });
const routes = {
  token: createTokenHandler({ client, authenticate: () => ({ userId: 'alice' }) }),
  webhook: createWebhookHandler({ secrets: SECRET, on: { 'transaction.confirmed': () => assert.fail('never dispatched') } }),
};

describe('Web entry: a Request straight to the handler', () => {
  const cases = [
    { route: 'token', headers: async () => ({ 'content-type': 'application/json' }), status: 413, limit: 4096 },
    { route: 'webhook', headers: webhookHeaders, status: 413, limit: MB },
    { route: 'webhook', headers: async () => ({ 'content-type': 'application/json' }), status: 400, limit: 0 },
  ] as const;
  for (const { route, headers, status, limit } of cases) {
    const label = `${route} route${limit === 0 ? ' without webhook headers' : ''}`;
    test(`${label}: a 100 MB chunked body → ${status}, reading stops at the limit, RSS grows < 20 MB`, async () => {
      const body = lazyBody(100 * MB);
      const before = rss();
      const response = await routes[route](new Request('https://shop.example/x', { method: 'POST', headers: await headers(), body: body.stream, duplex: 'half' } as RequestInit));
      assert.equal(response.status, status);
      assert.ok(body.pulled() <= limit + 2 * CHUNK.byteLength, `read ${body.pulled()} bytes`);
      assert.ok(rss() - before < 20 * MB, `RSS grew ${((rss() - before) / MB).toFixed(1)} MB`);
    });

    test(`${label}: a declared 10 MB Content-Length → ${status} before a byte is read`, async () => {
      const body = lazyBody(10 * MB);
      const response = await routes[route](
        new Request('https://shop.example/x', { method: 'POST', headers: { ...(await headers()), 'content-length': String(10 * MB) }, body: body.stream, duplex: 'half' } as RequestInit),
      );
      assert.equal(response.status, status);
      assert.ok(body.pulled() <= CHUNK.byteLength, `read ${body.pulled()} bytes`);
    });
  }
});

describe('Node adapter over HTTP', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  before(async () => {
    const token = toNodeHandler(routes.token);
    const webhook = toNodeHandler(routes.webhook);
    const echo = toNodeHandler(async (request) => (seen.push(request.url), new Response(request.url)));
    const slow = toNodeHandler(routes.webhook, { bodyTimeoutMs: 300 });
    server = createServer((req, res) => {
      if (req.url === '/token') return token(req, res);
      if (req.url === '/webhook') return webhook(req, res);
      if (req.url === '/slow') return slow(req, res);
      return echo(req, res); // a catch-all mount
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const { path, chunked, total } of [
    { path: '/token', chunked: true, total: 100 * MB },
    { path: '/token', chunked: false, total: 10 * MB },
    { path: '/webhook', chunked: true, total: 100 * MB },
    { path: '/webhook', chunked: false, total: 10 * MB },
  ]) {
    const what = `${total / MB} MB ${chunked ? 'chunked' : 'Content-Length'}`;
    test(`${path}: a ${what} upload → 413 with Connection: close, RSS grows < 20 MB`, async () => {
      const headers = path === '/webhook' ? await webhookHeaders() : {};
      const before = rss();
      const result = await upload(base + path, { total, chunked, headers });
      assert.equal(result.status, 413);
      assert.equal(result.headers?.connection, 'close');
      assert.equal((JSON.parse(result.body!) as { error: { code: string } }).error.code, 'payload-too-large');
      assert.ok(rss() - before < 20 * MB, `RSS grew ${((rss() - before) / MB).toFixed(1)} MB`);
    });
  }

  test('/webhook: a 100 MB chunked upload without webhook headers → 400 before reading, RSS grows < 20 MB', async () => {
    const before = rss();
    const result = await upload(`${base}/webhook`, { total: 100 * MB, chunked: true });
    assert.equal(result.status, 400);
    assert.match(result.body!, /missing-headers/);
    assert.ok(rss() - before < 20 * MB);
  });

  test("the adapter's 413 reaches a Node HTTP client in 10 out of 10 uploads of 10 MB", async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 10; attempt++) statuses.push((await upload(`${base}/token`, { total: 10 * MB, chunked: true })).status);
    assert.deepEqual(statuses, Array(10).fill(413));
  });

  for (const [label, total, stallAfter] of [['a small declared body (read whole)', 4000, 1000], ['a large declared body (streamed)', 512 * 1024, 128 * 1024]] as const) {
    test(`${label} that stops arriving → 408 request-timeout after bodyTimeoutMs`, async () => {
      const started = Date.now();
      const result = await upload(`${base}/slow`, { total, chunked: false, stallAfter, headers: await webhookHeaders() });
      assert.equal(result.status, 408);
      assert.match(result.body!, /request-timeout/);
      assert.ok(Date.now() - started < 3000);
    });
  }

  test('a 200 KB signed webhook, streamed to the route, is verified and processed', async () => {
    const payload = JSON.stringify({ type: 'transaction.confirmed', timestamp: '2025-01-02T03:04:05.000Z', data: { transactionId: 't', userId: 'u', program: { id: 'p', name: 'x'.repeat(200 * 1024) }, points: 1, confirmedAt: '2025-01-02T03:04:05.000Z' } });
    const { body, headers } = await signWebhook({ secret: SECRET, payload, id: `msg_${Math.random()}` });
    const server = createServer(toNodeHandler(createWebhookHandler({ secrets: SECRET, on: { 'transaction.confirmed': () => {} } })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'POST', headers, body });
      assert.deepEqual(await response.json(), { received: true });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('the request-target //evil.example/x keeps the real host (a catch-all mount)', async () => {
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: Number(new URL(base).port), path: '//evil.example/x?y=1', headers: { host: 'shop.example' } }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(response.status, 200);
    assert.equal(response.body, 'http://shop.example//evil.example/x?y=1');
    assert.equal(new URL(response.body).host, 'shop.example');
  });

  test('an Origin: http://evil.example POST to //evil.example/x is not same-origin for the token route', async () => {
    const port = Number(new URL(base).port);
    const catchAll = createServer(toNodeHandler(routes.token));
    await new Promise<void>((resolve) => catchAll.listen(0, '127.0.0.1', resolve));
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port: (catchAll.address() as AddressInfo).port, method: 'POST', path: '//evil.example/x', headers: { host: `127.0.0.1:${port}`, origin: 'http://evil.example', 'content-type': 'application/json' } },
          (res) => (res.resume(), resolve(res.statusCode!)),
        );
        req.on('error', reject);
        req.end('{"widget":"purchase"}');
      });
      assert.equal(status, 403);
    } finally {
      catchAll.closeAllConnections();
      await new Promise((resolve) => catchAll.close(resolve));
    }
  });

  for (const host of ['evil.example/x', 'user@evil.example', 'a b', 'shop.example\\evil']) {
    test(`refuses a malformed Host ${JSON.stringify(host)} with 400`, async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const socket = connect(Number(new URL(base).port), '127.0.0.1', () => socket.write(`GET /x HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1])));
        socket.on('error', reject);
      });
      assert.equal(status, 400);
    });
  }
});
