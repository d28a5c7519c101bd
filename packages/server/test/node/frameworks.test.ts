/**
 * The same scenarios through three real servers on loopback: Express 5, Hono (on @hono/node-server) and plain
 * node:http, each mounting the token route and the webhook route. Cosmo is the simulator; its own signed webhook
 * deliveries hit each app's webhook route too.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import express from 'express';
import { Hono } from 'hono';
import { createCosmoClient, createTokenHandler, createWebhookHandler, signWebhook } from '../../src/index.node.js';
import type { VerifiedWebhook } from '../../src/index.js';
import { toNodeHandler } from '../../src/node.js';
import { SECRET, transactionConfirmed } from './fixtures.js';

const CLIENT = { clientId: 'acme', clientSecret: 'acme-secret-sandbox' };
let sim: Simulator;

/** Builds both routes for one app, recording the events its webhook callbacks receive. */
function routes() {
  const received: VerifiedWebhook[] = [];
  const client = createCosmoClient({ ...CLIENT, baseUrl: sim.url, retryBaseDelayMs: 1 });
  const token = createTokenHandler({ client, authenticate: (request) => (request.headers.get('cookie') === 'session=alice' ? { userId: 'alice' } : null) });
  const webhook = createWebhookHandler({
    secrets: SECRET,
    on: {
      'transaction.confirmed': (event) => void received.push(event),
      'program_connection.added': (event) => void received.push(event),
    },
  });
  return { token, webhook, received };
}

async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const apps: { name: string; start: () => Promise<{ url: string; server: Server; received: VerifiedWebhook[] }> }[] = [
  {
    name: 'Express 5',
    start: async () => {
      const { token, webhook, received } = routes();
      const app = express();
      app.all('/webhooks/cosmo', toNodeHandler(webhook)); // before express.json(): the verifier needs the raw bytes
      app.use(express.json());
      app.all('/api/cosmo/token', toNodeHandler(token));
      const server = createServer(app);
      return { url: await listen(server), server, received };
    },
  },
  {
    name: 'Hono',
    start: async () => {
      const { token, webhook, received } = routes();
      const app = new Hono();
      app.all('/api/cosmo/token', (c) => token(c.req.raw));
      app.all('/webhooks/cosmo', (c) => webhook(c.req.raw));
      const server = await new Promise<Server>((resolve) => {
        const created = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(created as Server));
      });
      return { url: await listen(server), server, received };
    },
  },
  {
    name: 'node:http',
    start: async () => {
      const { token, webhook, received } = routes();
      const tokenRoute = toNodeHandler(token);
      const webhookRoute = toNodeHandler(webhook);
      const server = createServer((req, res) => {
        if (req.url === '/api/cosmo/token') return tokenRoute(req, res);
        if (req.url === '/webhooks/cosmo') return webhookRoute(req, res);
        res.writeHead(404).end();
      });
      return { url: await listen(server), server, received };
    },
  },
];

before(async () => {
  sim = await startSimulator({ clients: [{ ...CLIENT, environment: 'sandbox' }], webhookSecret: SECRET, webhookRetry: { baseDelayMs: 10, maxAttempts: 4 } });
});
after(() => sim.close());

for (const { name, start } of apps) {
  describe(name, () => {
    let app: Awaited<ReturnType<typeof start>>;
    before(async () => {
      app = await start();
    });
    after(async () => {
      await sim.control.webhooks({ url: null });
      app.server.closeAllConnections();
      await new Promise((resolve) => app.server.close(resolve));
    });

    const mint = (body: unknown, headers: Record<string, string> = { cookie: 'session=alice' }) =>
      fetch(`${app.url}/api/cosmo/token`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    test('token route: 200 {token, expiresAt} with no-store for a signed-in user', async () => {
      const response = await mint({ widget: 'multibrand' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const body = (await response.json()) as Record<string, string>;
      assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'token']);
    });

    test('token route: 401 without a session, 400 for a bad body, 405 for GET', async () => {
      assert.equal((await mint({ widget: 'purchase' }, {})).status, 401);
      assert.equal((await mint({ widget: 'nope' })).status, 400);
      const get = await fetch(`${app.url}/api/cosmo/token`);
      assert.equal(get.status, 405);
      assert.equal(get.headers.get('allow'), 'POST');
    });

    test('token route: 403 for a cross-origin caller not on the allowlist', async () => {
      assert.equal((await mint({ widget: 'purchase' }, { cookie: 'session=alice', origin: 'https://evil.example' })).status, 403);
    });

    test('webhook route: verifies, dispatches once, acknowledges the duplicate, refuses forgeries', async () => {
      const { body, headers } = await signWebhook({ secret: SECRET, payload: transactionConfirmed('txn_fw'), id: `msg_${name.replace(/\W/g, '_')}` });
      const send = (h: Record<string, string>, b = body) => fetch(`${app.url}/webhooks/cosmo`, { method: 'POST', headers: h, body: b });
      assert.equal((await send(headers)).status, 200);
      assert.deepEqual(await (await send(headers)).json(), { received: true, duplicate: true });
      assert.equal(app.received.filter((event) => event.id === `msg_${name.replace(/\W/g, '_')}`).length, 1);
      const forged = await send(headers, body.replace('1500', '9999'));
      assert.equal(forged.status, 401);
      assert.equal(((await forged.json()) as { error: { reason: string } }).error.reason, 'signature-mismatch');
      const { 'webhook-signature': _, ...unsigned } = headers;
      assert.equal((await send(unsigned)).status, 400);
    });

    test("webhook route: accepts the simulator's own signed deliveries, once per event despite duplicates", async () => {
      await sim.control.reset();
      await sim.control.webhooks({ url: `${app.url}/webhooks/cosmo`, duplicate: 1 });
      const before = app.received.length;
      const cosmo = createCosmoClient({ ...CLIENT, baseUrl: sim.url });
      const [program] = await cosmo.listPrograms();
      const transaction = await cosmo.issuePoints({ programId: program!.id, value: 100, userId: 'alice', referenceNumber: `fw-${name.replace(/\W/g, '_')}` });
      await sim.control.waitForDeliveries();
      const deliveries = sim.control.deliveries();
      assert.equal(deliveries.length, 2, 'the one event, and its duplicate');
      assert.equal(deliveries[0]!.id, deliveries[1]!.id, 'the duplicate has the same webhook-id');
      assert.ok(deliveries.every((delivery) => delivery.status === 200), JSON.stringify(deliveries));
      const fresh = app.received.slice(before);
      assert.equal(fresh.length, sim.control.events().length, 'one callback per event, none for the duplicate');
      const confirmed = fresh.find((event) => event.known && event.type === 'transaction.confirmed');
      assert.ok(confirmed && confirmed.known && confirmed.type === 'transaction.confirmed');
      assert.equal(confirmed.data.transactionId, transaction.id);
    });
  });
}

describe('Express body-parser pitfall', () => {
  test('fails fast with a fix-it message when express.json() already parsed the webhook body', async () => {
    const { webhook } = routes();
    const errors: Error[] = [];
    const app = express();
    app.use(express.json());
    app.post('/webhooks/cosmo', toNodeHandler(webhook));
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(error);
      res.status(500).json({ error: { code: 'internal-error', message: 'internal error' } });
    });
    const server = createServer(app);
    const url = await listen(server);
    try {
      const { body, headers } = await signWebhook({ secret: SECRET, payload: transactionConfirmed() });
      const response = await fetch(`${url}/webhooks/cosmo`, { method: 'POST', headers, body });
      assert.equal(response.status, 500);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!.message, /body parser already parsed.*express\.raw/s);
      assert.equal((errors[0] as Error & { code?: string }).code, 'invalid-config');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('uses the raw bytes that express.raw() leaves in req.body', async () => {
    const { webhook, received } = routes();
    const app = express();
    app.post('/webhooks/cosmo', express.raw({ type: '*/*' }), toNodeHandler(webhook));
    const server = createServer(app);
    const url = await listen(server);
    try {
      const { body, headers } = await signWebhook({ secret: SECRET, payload: transactionConfirmed() });
      assert.equal((await fetch(`${url}/webhooks/cosmo`, { method: 'POST', headers, body })).status, 200);
      assert.equal(received.length, 1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  /** Posts `body` with `contentType` to `handler` mounted after express.json() and express.urlencoded(); returns the status and the errors passed to next(). */
  async function afterParsers(handler: ReturnType<typeof toNodeHandler>, contentType: string, body: string) {
    const errors: Error[] = [];
    const app = express();
    app.use(express.json(), express.urlencoded({ extended: false }));
    app.post('/x', handler);
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(error);
      res.status(500).end();
    });
    const server = createServer(app);
    const url = await listen(server);
    try {
      const response = await fetch(`${url}/x`, { method: 'POST', headers: { 'content-type': contentType }, body });
      return { status: response.status, text: await response.text(), errors };
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
  const echo = toNodeHandler(async (request) => new Response(await request.text()));

  test('hands an unsigned JSON body that express.json() parsed on re-serialised (the token route needs only the value)', async () => {
    assert.deepEqual(await afterParsers(echo, 'application/json', '{ "widget" : "purchase" }'), { status: 200, text: '{"widget":"purchase"}', errors: [] });
  });

  test('refuses a parsed body that is not JSON (a form), or any parsed body with reserializeParsedJson: false', async () => {
    const strict = toNodeHandler(async (request) => new Response(await request.text()), { reserializeParsedJson: false });
    for (const [handler, contentType, body] of [[echo, 'application/x-www-form-urlencoded', 'widget=purchase'], [strict, 'application/json', '{"widget":"purchase"}']] as const) {
      const { status, errors } = await afterParsers(handler, contentType, body);
      assert.equal(status, 500);
      assert.equal((errors[0] as Error & { code?: string }).code, 'invalid-config');
      assert.match(errors[0]!.message, /body parser already parsed/);
    }
  });

  test('refuses bodies over the adapter limit with 413 before the handler runs', async () => {
    let calls = 0;
    const server = createServer(toNodeHandler(async () => (calls++, new Response('ok')), { maxBodyBytes: 1000 }));
    const url = await listen(server);
    try {
      const response = await fetch(url, { method: 'POST', body: 'x'.repeat(5000) });
      assert.equal(response.status, 413);
      assert.equal(calls, 0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
