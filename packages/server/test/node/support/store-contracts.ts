/**
 * The store contracts of the README's "Several instances" section, as test suites any implementation must pass (the
 * in-memory stores and the Redis ones), and the fleet scenarios: two and four handler instances sharing one store.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCosmoClient, createTokenHandler, createWebhookHandler, signWebhook } from '../../../src/index.node.js';
import type { TokenCache, WebhookIdStore } from '../../../src/index.js';
import { SECRET, transactionConfirmed } from '../fixtures.js';
import type { Simulator } from '@cosmopoints/simulator';

/** Makes `count` handles on one shared store (separate connections where the store has them). */
export type StoreFactory<T> = (count: number) => Promise<T[]>;

/** The claim → complete → release contract of a webhook id store. */
export function webhookIdStoreContract(name: string, makeStores: StoreFactory<WebhookIdStore>): void {
  describe(`${name}: webhook id store contract`, () => {
    test('claims an unknown id once; another owner sees it in progress until it completes, then completed', async () => {
      const [a, b] = await makeStores(2);
      const id = `msg_${randomUUID()}`;
      assert.equal(await a!.claim(id, 'owner-a', 30), 'claimed');
      assert.equal(await b!.claim(id, 'owner-b', 30), 'in-progress');
      assert.equal(await a!.claim(id, 'owner-a2', 30), 'in-progress');
      await a!.complete(id, 'owner-a', 60);
      assert.equal(await b!.claim(id, 'owner-b', 30), 'completed');
    });

    test("release drops only the owner's own claim, and never a completed id", async () => {
      const [a, b] = await makeStores(2);
      const id = `msg_${randomUUID()}`;
      assert.equal(await a!.claim(id, 'owner-a', 30), 'claimed');
      await b!.release(id, 'owner-b');
      assert.equal(await b!.claim(id, 'owner-b', 30), 'in-progress', "another owner's release left the claim");
      await a!.release(id, 'owner-a');
      assert.equal(await b!.claim(id, 'owner-b', 30), 'claimed', 'the released id is claimable');
      await b!.complete(id, 'owner-b', 60);
      await b!.release(id, 'owner-b');
      assert.equal(await a!.claim(id, 'owner-c', 30), 'completed');
    });

    test('an expired lease lets the next claim take the id; an expired retention forgets it', async () => {
      const [a, b] = await makeStores(2);
      const id = `msg_${randomUUID()}`;
      assert.equal(await a!.claim(id, 'dead-owner', 0.2), 'claimed');
      await sleep(350);
      assert.equal(await b!.claim(id, 'owner-b', 30), 'claimed');
      await b!.complete(id, 'owner-b', 0.2);
      assert.equal(await a!.claim(id, 'owner-a', 30), 'completed');
      await sleep(350);
      assert.equal(await a!.claim(id, 'owner-a', 30), 'claimed');
    });

    test('100 concurrent claims of one id from four handles: exactly one wins', async () => {
      const stores = await makeStores(4);
      const id = `msg_${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 100 }, (_, index) => stores[index % 4]!.claim(id, `owner-${index}`, 30)));
      assert.equal(results.filter((result) => result === 'claimed').length, 1);
      assert.equal(results.filter((result) => result === 'in-progress').length, 99);
    });
  });
}

/** The get/set/delete and lock/unlock contract of a shared token cache. */
export function tokenCacheContract(name: string, makeCaches: StoreFactory<TokenCache>): void {
  describe(`${name}: token cache contract`, () => {
    test('stores a token for its ttl, shares it between handles, forgets it on delete', async () => {
      const [a, b] = await makeCaches(2);
      const key = `cosmo:access-token:test:${randomUUID()}`;
      assert.equal(await a!.get(key), undefined);
      const token = { accessToken: 'at_1', expiresAt: Date.now() + 60_000 };
      await a!.set(key, token, 60);
      assert.deepEqual(await b!.get(key), token);
      await b!.delete(key);
      assert.equal(await a!.get(key), undefined);
      await a!.set(key, token, 0.2);
      await sleep(350);
      assert.equal(await b!.get(key), undefined, 'expired with its ttl');
    });

    test('the refresh lock has one holder at a time, is released only by its holder, and expires', async () => {
      const [a, b] = await makeCaches(2);
      const key = `cosmo:access-token:test:${randomUUID()}`;
      assert.equal(await a!.lock!(key, 'owner-a', 30_000), true);
      assert.equal(await b!.lock!(key, 'owner-b', 30_000), false);
      await b!.unlock!(key, 'owner-b');
      assert.equal(await b!.lock!(key, 'owner-b', 30_000), false, "another owner's unlock left the lock");
      await a!.unlock!(key, 'owner-a');
      assert.equal(await b!.lock!(key, 'owner-b', 200), true);
      await sleep(350);
      assert.equal(await a!.lock!(key, 'owner-a', 30_000), true, 'the lock expired');
    });
  });
}

const URL_ = 'https://partner.example/webhooks/cosmo';
const CLIENT = { clientId: 'acme', clientSecret: 'acme-secret-sandbox' };

async function delivery(id: string) {
  const { body, headers } = await signWebhook({ secret: SECRET, payload: transactionConfirmed(`txn_${id}`), id });
  return () => new Request(URL_, { method: 'POST', body, headers });
}

const outcome = async (response: Response) => `${response.status} ${JSON.stringify(await response.json())}`;
const PROCESSED = '200 {"received":true}';
const DUPLICATE = '200 {"received":true,"duplicate":true}';

/** Issue 9's "done when" for a fleet: N webhook handlers and N Cosmo clients sharing one store. */
export function fleetScenarios(name: string, stores: StoreFactory<WebhookIdStore>, caches: StoreFactory<TokenCache>, sim: () => Simulator): void {
  for (const instances of [2, 4]) {
    describe(`${name}: ${instances} instances sharing the stores`, () => {
      test('100 concurrent copies of a delivery run the callback exactly once', async () => {
        let calls = 0;
        const handlers = (await stores(instances)).map((store) =>
          createWebhookHandler({ secrets: SECRET, store, on: { 'transaction.confirmed': async () => { calls++; await sleep(50); } } }),
        );
        const make = await delivery(`msg_${randomUUID()}`);
        const outcomes = await Promise.all(Array.from({ length: 100 }, (_, index) => handlers[index % instances]!(make()).then(outcome)));
        assert.equal(calls, 1);
        assert.equal(outcomes.filter((result) => result === PROCESSED).length, 1, 'one copy processed it');
        const others = new Set(outcomes.filter((result) => result !== PROCESSED).map((result) => result.slice(0, 3)));
        assert.ok([...others].every((status) => status === '200' || status === '409'), `only duplicates and retryable 409s: ${[...others]}`);
        // The sender retries the 409s: every instance now answers a duplicate, and the callback does not run again.
        for (const handler of handlers) assert.equal(await outcome(await handler(make())), DUPLICATE);
        assert.equal(calls, 1);
      });

      test("a callback that throws: the sender's retry, on another instance, is processed", async () => {
        let attempts = 0;
        const handlers = (await stores(instances)).map((store) =>
          createWebhookHandler({ secrets: SECRET, store, on: { 'transaction.confirmed': () => { attempts++; if (attempts === 1) throw new Error('database down'); } } }),
        );
        const make = await delivery(`msg_${randomUUID()}`);
        assert.equal((await handlers[0]!(make())).status, 500);
        assert.equal(await outcome(await handlers[1]!(make())), PROCESSED);
        assert.equal(await outcome(await handlers[instances - 1]!(make())), DUPLICATE);
        assert.equal(attempts, 2);
      });

      test('an instance that dies mid-callback: once its lease expires, the next delivery is processed once', async () => {
        let wake!: () => void;
        const dead = new Promise<void>((resolve) => (wake = resolve));
        let started = 0;
        let calls = 0;
        const handlers = (await stores(instances)).map((store, index) =>
          createWebhookHandler({
            secrets: SECRET,
            store,
            leaseSeconds: 0.5,
            on: { 'transaction.confirmed': index === 0 ? async () => { started++; await dead; } : () => void calls++ },
          }),
        );
        const make = await delivery(`msg_${randomUUID()}`);
        const abandoned = handlers[0]!(make()); // never answers: the instance "died" holding the claim
        while (started === 0) await sleep(5);
        const during = await handlers[1]!(make());
        assert.equal(during.status, 409);
        assert.equal(((await during.json()) as { error: { code: string } }).error.code, 'webhook-in-progress');
        assert.equal(during.headers.get('retry-after'), '1', 'the 0.5 s lease, rounded up to whole seconds');
        await sleep(650);
        assert.equal(await outcome(await handlers[1]!(make())), PROCESSED);
        assert.equal(await outcome(await handlers[instances - 1]!(make())), DUPLICATE);
        assert.equal(calls, 1);
        wake();
        await abandoned;
      });

      test('cold instances minting tokens at once make one access-token request', async () => {
        await sim().control.reset();
        const routes = (await caches(instances)).map((tokenCache) =>
          createTokenHandler({ client: createCosmoClient({ ...CLIENT, baseUrl: sim().url, tokenCache }), authenticate: () => ({ userId: 'alice' }) }),
        );
        const mint = (route: (request: Request) => Promise<Response>) =>
          route(new Request('https://shop.example/api/cosmo/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"widget":"purchase"}' }));
        const responses = await Promise.all(Array.from({ length: 10 * instances }, (_, index) => mint(routes[index % instances]!)));
        assert.deepEqual([...new Set(responses.map((response) => response.status))], [200]);
        assert.equal(sim().control.requests({ route: 'access-token' }).length, 1);
        assert.equal(sim().control.requests({ route: 'widget-token' }).length, 10 * instances);
      });
    });
  }
}
