import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EndpointErrorCode, WebhookIdStore, WebhookVerificationReason } from '../../src/index.js';
import { sleep } from '../../src/internal/sleep.js';
import { connectionAdded, CRYPTO_PATHS, OTHER_SECRET, SECRET, transactionConfirmed } from './fixtures.js';

const URL_ = 'https://partner.example/webhooks/cosmo';

for (const { name, api } of CRYPTO_PATHS) {
  const { createWebhookHandler, signWebhook, CosmoServerError } = api;

  async function delivery(payload: object = transactionConfirmed(), options: { id?: string; secret?: string; timestamp?: number } = {}) {
    const { body, headers } = await signWebhook({ secret: options.secret ?? SECRET, payload, id: options.id ?? 'msg_1', timestamp: options.timestamp });
    return () => new Request(URL_, { method: 'POST', body, headers });
  }

  describe(`webhook handler (${name})`, () => {
    test('dispatches a verified event to its typed callback and answers 200', async () => {
      const seen: unknown[] = [];
      const handler = createWebhookHandler({
        secrets: SECRET,
        on: {
          'transaction.confirmed': (event, context) => {
            seen.push([event.data.transactionId, event.data.points, event.id, context.id]);
          },
        },
      });
      const response = await handler((await delivery())());
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { received: true });
      assert.deepEqual(seen, [['txn_1', 1500, 'msg_1', 'msg_1']]);
    });

    test('acknowledges a redelivered webhook-id with 2xx without running the callback again', async () => {
      let calls = 0;
      const handler = createWebhookHandler({ secrets: SECRET, on: { 'transaction.confirmed': () => void calls++ } });
      const make = await delivery();
      assert.equal((await handler(make())).status, 200);
      const again = await handler(make());
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), { received: true, duplicate: true });
      const other = await handler((await delivery(transactionConfirmed('txn_2'), { id: 'msg_2' }))());
      assert.equal(other.status, 200);
      assert.equal(calls, 2);
    });

    test('runs the callback once for concurrent deliveries of the same id', async () => {
      let calls = 0;
      const handler = createWebhookHandler({
        secrets: SECRET,
        on: { 'transaction.confirmed': async () => { calls++; await sleep(20); } },
      });
      const make = await delivery();
      const responses = await Promise.all([handler(make()), handler(make()), handler(make())]);
      assert.deepEqual(responses.map((r) => r.status), [200, 200, 200]);
      assert.equal(calls, 1);
    });

    test('answers 500 when the callback throws and processes the retry, so nothing is lost', async () => {
      let attempts = 0;
      const errors: unknown[] = [];
      const handler = createWebhookHandler({
        secrets: SECRET,
        on: { 'transaction.confirmed': () => { attempts++; if (attempts === 1) throw new Error('database down: secret details'); } },
        onError: (error) => errors.push(error),
      });
      const make = await delivery();
      const failed = await handler(make());
      assert.equal(failed.status, 500);
      const body = await failed.text();
      assert.match(body, /webhook-handler-failed/);
      assert.doesNotMatch(body, /secret details/);
      assert.equal(errors.length, 1);
      assert.equal((await handler(make())).status, 200);
      assert.equal(attempts, 2);
      assert.deepEqual(await (await handler(make())).json(), { received: true, duplicate: true });
      assert.equal(attempts, 2);
    });

    const refusals: { name: string; status: number; reason?: WebhookVerificationReason; code: EndpointErrorCode; request: () => Promise<Request> }[] = [
      { name: 'a forged signature', status: 401, reason: 'signature-mismatch', code: 'webhook-verification-failed', request: async () => (await delivery(undefined, { secret: OTHER_SECRET }))() },
      { name: 'a replay outside the window', status: 401, reason: 'timestamp-too-old', code: 'webhook-verification-failed', request: async () => (await delivery(undefined, { timestamp: Math.floor(Date.now() / 1000) - 3600 }))() },
      { name: 'missing headers', status: 400, reason: 'missing-headers', code: 'webhook-verification-failed', request: async () => new Request(URL_, { method: 'POST', body: JSON.stringify(transactionConfirmed()) }) },
      { name: 'a GET', status: 405, code: 'method-not-allowed', request: async () => new Request(URL_) },
      { name: 'a body declared over the limit', status: 413, code: 'payload-too-large', request: async () => new Request(URL_, { method: 'POST', body: 'x', headers: { ...(await signWebhook({ secret: SECRET, payload: 'x', id: 'msg_big' })).headers, 'content-length': String(2 * 1024 * 1024) } }) },
    ];
    for (const row of refusals) {
      test(`refuses ${row.name} with ${row.status} and never calls back`, async () => {
        let calls = 0;
        const handler = createWebhookHandler({ secrets: SECRET, on: { 'transaction.confirmed': () => void calls++ } });
        const response = await handler(await row.request());
        assert.equal(response.status, row.status);
        const body = (await response.json()) as { error: { code: string; reason?: string } };
        assert.equal(body.error.code, row.code);
        assert.equal(body.error.reason, row.reason);
        if (row.status === 405) assert.equal(response.headers.get('allow'), 'POST');
        assert.equal(calls, 0);
      });
    }

    test('routes each known type to its own callback, unknown types to onUnknown, and acknowledges types without one', async () => {
      const log: string[] = [];
      const handler = createWebhookHandler({
        secrets: SECRET,
        on: { 'program_connection.added': (event) => void log.push(`added ${event.data.connection.program.id}`) },
        onUnknown: (event) => void log.push(`unknown ${event.type}`),
      });
      assert.equal((await handler((await delivery(connectionAdded(), { id: 'a' }))())).status, 200);
      assert.equal((await handler((await delivery({ type: 'future.thing', data: {} }, { id: 'b' }))())).status, 200);
      assert.equal((await handler((await delivery(transactionConfirmed(), { id: 'c' }))())).status, 200);
      assert.deepEqual(log, ['added prog_air', 'unknown future.thing']);
    });

    test('keeps its answer when the onError logging hook itself throws', async () => {
      const handler = createWebhookHandler({ secrets: SECRET, onError: () => { throw new Error('logger down'); } });
      assert.equal((await handler((await delivery(undefined, { secret: OTHER_SECRET }))())).status, 401);
    });

    test('answers 503 store-unavailable when the id store fails, so Cosmo retries, and the callback never runs', async () => {
      let calls = 0;
      const errors: unknown[] = [];
      const store: WebhookIdStore = { claim: async () => { throw new Error('redis down at 10.0.0.7'); }, complete: () => {}, release: () => {} };
      const handler = createWebhookHandler({ secrets: SECRET, store, on: { 'transaction.confirmed': () => void calls++ }, onError: (error) => errors.push(error) });
      const response = await handler((await delivery())());
      assert.equal(response.status, 503);
      const text = await response.text();
      assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'store-unavailable');
      assert.doesNotMatch(text, /redis|10\.0\.0\.7/);
      assert.equal(calls, 0);
      assert.ok(errors[0] instanceof CosmoServerError && errors[0].code === 'store-unavailable');
    });

    test('acknowledges a processed delivery even when recording its completion fails (the effect happened)', async () => {
      let calls = 0;
      const store: WebhookIdStore = { claim: () => 'claimed', complete: () => { throw new Error('down'); }, release: () => {} };
      const handler = createWebhookHandler({ secrets: SECRET, store, on: { 'transaction.confirmed': () => void calls++ } });
      assert.equal((await handler((await delivery())())).status, 200);
      assert.equal(calls, 1);
    });

    test('claims with the lease, completes with the retention (3 days by default), releases after a failure', async () => {
      const log: string[] = [];
      const store: WebhookIdStore = {
        claim: (id, owner, lease) => (log.push(`claim ${id} ${lease} ${owner === '' ? 'no owner' : 'owner'}`), 'claimed'),
        complete: (id, _owner, retention) => void log.push(`complete ${id} ${retention}`),
        release: (id) => void log.push(`release ${id}`),
      };
      let fail = true;
      const handler = createWebhookHandler({ secrets: SECRET, store, on: { 'transaction.confirmed': () => { if (fail) throw new Error('x'); } } });
      await handler((await delivery())());
      fail = false;
      await handler((await delivery())());
      const custom = createWebhookHandler({ secrets: SECRET, toleranceSeconds: 120, retentionSeconds: 240, leaseSeconds: 5, store });
      await custom((await delivery(undefined, { id: 'msg_2' }))());
      assert.deepEqual(log, ['claim msg_1 60 owner', 'release msg_1', 'claim msg_1 60 owner', `complete msg_1 ${3 * 24 * 3600}`, 'claim msg_2 5 owner', 'complete msg_2 240']);
    });

    test("its default store keeps time on the handler's now: a completed id is forgotten once the retention has passed on that clock", async () => {
      let clock = 1_700_000_000_000;
      let calls = 0;
      const handler = createWebhookHandler({ secrets: SECRET, now: () => clock, retentionSeconds: 600, on: { 'transaction.confirmed': () => void calls++ } });
      // A redelivery keeps its webhook-id and is signed anew at the sender's current time.
      const deliver = async () => handler((await delivery(undefined, { id: 'msg_clock', timestamp: Math.floor(clock / 1000) }))()).then((response) => response.json());
      assert.deepEqual(await deliver(), { received: true });
      clock += 599_000;
      assert.deepEqual(await deliver(), { received: true, duplicate: true });
      clock += 2_000;
      assert.deepEqual(await deliver(), { received: true });
      assert.equal(calls, 2);
    });

    test('refuses a store without claim/complete/release (the racy has/add contract of 0.1) and a retention under twice the tolerance', () => {
      const isConfig = (pattern: RegExp) => (error: unknown) => error instanceof CosmoServerError && error.code === 'invalid-config' && pattern.test(error.message);
      assert.throws(() => createWebhookHandler({ secrets: SECRET, store: { has: () => false, add: () => {} } as never }), isConfig(/claim\(id, owner, leaseSeconds\)/));
      assert.throws(() => createWebhookHandler({ secrets: SECRET, store: { claim: () => 'claimed' } as never }), isConfig(/store\.complete/));
      assert.throws(() => createWebhookHandler({ secrets: SECRET, toleranceSeconds: 120, retentionSeconds: 200 }), isConfig(/twice the tolerance/));
      assert.throws(() => createWebhookHandler({ secrets: SECRET, leaseSeconds: 0 }), isConfig(/leaseSeconds/));
    });
  });
}
