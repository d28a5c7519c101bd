/**
 * The one error table. Its views hold members of it and nothing else; every failure of every route (token route,
 * webhook route, Node adapter) is driven once, over the public handlers and real HTTP, and each answers a code of
 * `EndpointErrorCode` (and a reason of `WebhookVerificationReason`): a route answering a code outside the table, or a
 * code of the table that no failure produces, fails here. The README's route table gives each code the statuses the
 * routes really answer it with.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CosmoServerErrorCode,
  createCosmoClient,
  createTokenHandler,
  createWebhookHandler,
  EndpointErrorCode,
  signWebhook,
  WebhookVerificationReason,
} from '../../src/index.node.js';
import type { CosmoClientConfig, TokenHandlerOptions, WebhookHandlerOptions, WebhookVerifier } from '../../src/index.node.js';
import { toNodeHandler } from '../../src/node.js';
import { OTHER_SECRET, SECRET, transactionConfirmed } from './fixtures.js';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import { upload } from './support/upload.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const TABLE = new Set<string>(Object.values(CosmoServerErrorCode));
const ANSWERED = new Set<string>(Object.values(EndpointErrorCode));
const REASONS = new Set<string>(Object.values(WebhookVerificationReason));

describe('the error table', () => {
  for (const [name, view] of [['WebhookVerificationReason', WebhookVerificationReason], ['EndpointErrorCode', EndpointErrorCode]] as const) {
    it(`${name} is a view: each member is the table's member of the same name`, () => {
      assert.ok(Object.keys(view).length > 0);
      for (const [key, code] of Object.entries(view)) assert.equal(code, CosmoServerErrorCode[key as keyof typeof CosmoServerErrorCode], key);
    });
  }

  it('codes are unique, lowercase words joined by dashes', () => {
    const codes = Object.values(CosmoServerErrorCode);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, /^[a-z]+(-[a-z]+)*$/);
  });
});

/** A route failure: how to provoke it, and what must be answered. */
interface Failure {
  name: string;
  status: number;
  code: EndpointErrorCode;
  reason?: WebhookVerificationReason;
  answer: () => Promise<{ status: number; body: string }>;
}

const TOKEN_URL = 'https://shop.example/api/cosmo/token';
const WEBHOOK_URL = 'https://shop.example/webhooks/cosmo';
const read = async (response: Response | Promise<Response>) => {
  const answered = await response;
  return { status: answered.status, body: await answered.text() };
};

/** A request body that breaks off after the headers (the client went away mid-upload). */
const brokenBody = () =>
  new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.error(new Error('connection reset'));
    },
  });

describe('every route failure answers a code of the table', () => {
  let sim: Simulator;
  let server: Server;
  let base: string;

  const client = (config: Partial<CosmoClientConfig> = {}) =>
    createCosmoClient({ clientId: 'acme', clientSecret: 'acme-secret-sandbox', baseUrl: sim.url, retries: 0, ...config });
  const tokenRoute = (options: Partial<TokenHandlerOptions> = {}) =>
    createTokenHandler({ client: client(), authenticate: (request) => (request.headers.get('cookie') === 'session=alice' ? { userId: 'alice' } : null), ...options });
  const tokenRequest = (headers: Record<string, string> = {}, body: BodyInit = '{"widget":"purchase"}') =>
    new Request(TOKEN_URL, { method: 'POST', headers: { 'content-type': 'application/json', cookie: 'session=alice', ...headers }, body, duplex: 'half' } as RequestInit);
  const webhookRoute = (options: Partial<WebhookHandlerOptions> = {}) => createWebhookHandler({ secrets: SECRET, ...options });
  const delivery = async (options: { secret?: string; headers?: Record<string, string>; body?: BodyInit } = {}) => {
    const signed = await signWebhook({ secret: options.secret ?? SECRET, payload: transactionConfirmed(), id: `msg_${Math.random().toString(36).slice(2)}` });
    return new Request(WEBHOOK_URL, { method: 'POST', headers: { ...signed.headers, ...options.headers }, body: options.body ?? signed.body, duplex: 'half' } as RequestInit);
  };
  /** A POST to the adapter over real HTTP, with the `Host` header given. */
  const post = (path: string, host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: Number(new URL(base).port), method: 'POST', path, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });

  before(async () => {
    sim = await startSimulator({ clients: [{ clientId: 'acme', clientSecret: 'acme-secret-sandbox', environment: 'sandbox' }] });
    const slow = toNodeHandler(webhookRoute(), { bodyTimeoutMs: 200 });
    const small = toNodeHandler(webhookRoute(), { maxBodyBytes: 16 });
    const broken = toNodeHandler(() => {
      throw new Error('a handler of the partner’s that throws');
    });
    server = createServer((req, res) => {
      if (req.url === '/slow') return slow(req, res);
      if (req.url === '/small') return small(req, res);
      return broken(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await sim.close();
  });

  const failures: Failure[] = [
    // ─── the token route ───
    { name: 'token route: a GET', status: 405, code: 'method-not-allowed', answer: () => read(tokenRoute()(new Request(TOKEN_URL))) },
    { name: 'token route: a text/plain body', status: 415, code: 'invalid-request', answer: () => read(tokenRoute()(tokenRequest({ 'content-type': 'text/plain' }))) },
    { name: 'token route: a body that is not JSON', status: 400, code: 'invalid-request', answer: () => read(tokenRoute()(tokenRequest({}, '{widget:'))) },
    { name: 'token route: a body that breaks off', status: 400, code: 'invalid-request', answer: () => read(tokenRoute()(tokenRequest({}, brokenBody()))) },
    { name: 'token route: a body over 4 KiB', status: 413, code: 'payload-too-large', answer: () => read(tokenRoute()(tokenRequest({}, JSON.stringify({ widget: 'purchase', pad: 'x'.repeat(5000) })))) },
    { name: 'token route: no signed-in user', status: 401, code: 'unauthenticated', answer: () => read(tokenRoute()(tokenRequest({ cookie: 'session=nobody' }))) },
    { name: 'token route: an origin not allowed', status: 403, code: 'origin-not-allowed', answer: () => read(tokenRoute()(tokenRequest({ origin: 'https://evil.example' }))) },
    {
      name: 'token route: authenticate throws',
      status: 500,
      code: 'internal-error',
      answer: () => read(tokenRoute({ authenticate: () => { throw new Error('session store down'); } })(tokenRequest())),
    },
    {
      name: 'token route: Cosmo answers 500',
      status: 502,
      code: 'upstream-failed',
      answer: () => (sim.control.fail({ route: 'widget-token', status: 500 }), read(tokenRoute()(tokenRequest()))),
    },
    {
      name: 'token route: Cosmo rate-limits beyond the retry budget',
      status: 503,
      code: 'upstream-failed',
      answer: () => (sim.control.fail({ route: 'widget-token', status: 429 }), read(tokenRoute({ client: client({ retries: 1, maxRetryDelayMs: 100 }) })(tokenRequest()))),
    },
    {
      name: 'token route: Cosmo does not answer in time',
      status: 504,
      code: 'upstream-failed',
      answer: () => (sim.control.fail({ route: 'widget-token', delayMs: 1000 }), read(tokenRoute({ client: client({ timeoutMs: 100 }) })(tokenRequest()))),
    },
    {
      name: 'token route: the token cache fails',
      status: 503,
      code: 'store-unavailable',
      answer: () => {
        const down = () => Promise.reject(new Error('redis down'));
        return read(tokenRoute({ client: client({ tokenCache: { get: down, set: down, delete: down } }) })(tokenRequest()));
      },
    },

    // ─── the webhook route ───
    { name: 'webhook route: a GET', status: 405, code: 'method-not-allowed', answer: () => read(webhookRoute()(new Request(WEBHOOK_URL))) },
    {
      name: 'webhook route: missing headers',
      status: 400,
      code: 'webhook-verification-failed',
      reason: 'missing-headers',
      answer: () => read(webhookRoute()(new Request(WEBHOOK_URL, { method: 'POST', body: '{}' }))),
    },
    {
      name: 'webhook route: a forged signature',
      status: 401,
      code: 'webhook-verification-failed',
      reason: 'signature-mismatch',
      answer: async () => read(webhookRoute()(await delivery({ secret: OTHER_SECRET }))),
    },
    { name: 'webhook route: a body over maxBodyBytes', status: 413, code: 'payload-too-large', answer: async () => read(webhookRoute({ maxBodyBytes: 16 })(await delivery())) },
    { name: 'webhook route: a body that breaks off', status: 400, code: 'invalid-request', answer: async () => read(webhookRoute()(await delivery({ body: brokenBody() }))) },
    {
      name: 'webhook route: another instance holds the lease',
      status: 409,
      code: 'webhook-in-progress',
      answer: async () => read(webhookRoute({ store: { claim: () => 'in-progress', complete: () => {}, release: () => {} } })(await delivery())),
    },
    {
      name: 'webhook route: the callback throws',
      status: 500,
      code: 'webhook-handler-failed',
      answer: async () => read(webhookRoute({ on: { 'transaction.confirmed': () => { throw new Error('database down'); } } })(await delivery())),
    },
    {
      name: 'webhook route: the id store fails',
      status: 503,
      code: 'store-unavailable',
      answer: async () => read(webhookRoute({ store: { claim: () => { throw new Error('redis down'); }, complete: () => {}, release: () => {} } })(await delivery())),
    },
    {
      name: 'webhook route: a partner verifier throws something else',
      status: 500,
      code: 'internal-error',
      answer: async () => {
        const fails = () => Promise.reject(new Error('a bug in the verifier'));
        const verifier: WebhookVerifier = { toleranceSeconds: 300, verify: fails, verifyRaw: fails };
        return read(createWebhookHandler({ verifier })(await delivery()));
      },
    },

    // ─── the Node adapter ───
    { name: 'Node adapter: a malformed Host', status: 400, code: 'invalid-request', answer: () => post('/small', 'evil.example@shop.example') },
    {
      name: 'Node adapter: a declared body over its maxBodyBytes',
      status: 413,
      code: 'payload-too-large',
      answer: async () => {
        const result = await upload(`${base}/small`, { total: 1024, chunked: false });
        return { status: Number(result.status), body: result.body ?? '' };
      },
    },
    {
      name: 'Node adapter: a body that stops arriving',
      status: 408,
      code: 'request-timeout',
      answer: async () => {
        const { headers } = await signWebhook({ secret: SECRET, payload: '{}' });
        const result = await upload(`${base}/slow`, { total: 4000, chunked: false, stallAfter: 1000, headers });
        return { status: Number(result.status), body: result.body ?? '' };
      },
    },
    { name: 'Node adapter: the handler throws', status: 500, code: 'internal-error', answer: () => post('/broken', 'shop.example') },
  ];

  /** `code → statuses` the failures above were answered with. */
  const answered = new Map<string, Set<number>>();

  for (const failure of failures) {
    it(`${failure.name} → ${failure.status} ${failure.code}${failure.reason ? ` (${failure.reason})` : ''}`, async () => {
      sim.control.reset();
      const { status, body } = await failure.answer();
      const { error } = JSON.parse(body) as { error: { code: string; message: string; reason?: string } };
      assert.ok(ANSWERED.has(error.code), `answered "${error.code}", which is not in EndpointErrorCode`);
      assert.ok(TABLE.has(error.code));
      if (error.reason !== undefined) assert.ok(REASONS.has(error.reason), `answered reason "${error.reason}", which is not in WebhookVerificationReason`);
      assert.deepEqual({ status, code: error.code, reason: error.reason }, { status: failure.status, code: failure.code, reason: failure.reason });
      assert.deepEqual(Object.keys(error).sort(), failure.reason ? ['code', 'message', 'reason'] : ['code', 'message']);
      assert.equal(typeof error.message, 'string');
      answered.set(error.code, (answered.get(error.code) ?? new Set()).add(status));
    });
  }

  it('every code of EndpointErrorCode is answered by some failure above', () => {
    assert.deepEqual([...ANSWERED].filter((code) => !answered.has(code)), []);
  });

  it("the README's route table gives each code the statuses it is answered with", () => {
    const section = readme.slice(readme.indexOf('Route responses are'), readme.indexOf('## Security notes'));
    const documented = new Map<string, number[]>();
    for (const [, code, cell] of section.matchAll(/^\| `([a-z-]+)` \| ([^|]+) \|/gm)) documented.set(code!, [...cell!.matchAll(/\b[1-5]\d\d\b/g)].map(Number).sort());
    assert.deepEqual([...documented.keys()].sort(), [...ANSWERED].sort(), 'one row per code of EndpointErrorCode');
    assert.deepEqual(
      Object.fromEntries([...documented].sort()),
      Object.fromEntries([...answered].map(([code, statuses]) => [code, [...statuses].sort()] as const).sort()),
    );
  });
});
