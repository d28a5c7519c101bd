/**
 * `@cosmopoints/server/redis` against a real redis-server started on a free loopback port: the store contracts, the
 * fleet scenarios with one connection per instance, key prefixes, a Redis that goes down (503 `store-unavailable` on
 * both routes, never "upstream-failed", nothing leaked), and a Redis outage in the middle of a claim that must not
 * leave the id held once Redis is back (the sender's retry is processed, not refused with 409).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createCosmoClient, createTokenHandler, createWebhookHandler, CosmoServerError, signWebhook } from '../../src/index.node.js';
import { RedisTokenCache, RedisWebhookIdStore } from '../../src/redis.js';
import { SECRET, transactionConfirmed } from './fixtures.js';
import { startRedisServer } from './support/redis-server.js';
import type { RedisServer } from './support/redis-server.js';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import { fleetScenarios, tokenCacheContract, webhookIdStoreContract } from './support/store-contracts.js';

const CLIENT = { clientId: 'acme', clientSecret: 'acme-secret-sandbox' };
let redis: RedisServer;
let sim: Simulator;

before(async () => {
  [redis, sim] = await Promise.all([startRedisServer(), startSimulator({ clients: [{ ...CLIENT, environment: 'sandbox' }] })]);
});
after(async () => {
  await Promise.all([redis.stop(), sim.close()]);
});

/** One connection per instance, each test on its own key prefix (cold caches, no ids shared between tests). */
const separateConnections = <T>(make: (client: Awaited<ReturnType<RedisServer['connect']>>, prefix: string) => T) => async (count: number) => {
  const prefix = `test:${randomUUID()}:`;
  return Promise.all(Array.from({ length: count }, async () => make(await redis.connect(), prefix)));
};

webhookIdStoreContract('RedisWebhookIdStore', separateConnections((client, prefix) => new RedisWebhookIdStore(client, { prefix })));
tokenCacheContract('RedisTokenCache', separateConnections((client, prefix) => new RedisTokenCache(client, { prefix })));
fleetScenarios(
  'Redis',
  separateConnections((client, prefix) => new RedisWebhookIdStore(client, { prefix })),
  separateConnections((client, prefix) => new RedisTokenCache(client, { prefix })),
  () => sim,
);

describe('Redis adapters', () => {
  test('keep their keys under the prefix: two apps on one Redis do not see each other', async () => {
    const client = await redis.connect();
    const shop = new RedisWebhookIdStore(client, { prefix: 'shop:' });
    const travel = new RedisWebhookIdStore(client, { prefix: 'travel:' });
    const id = `msg_${randomUUID()}`;
    assert.equal(await shop.claim(id, 'a', 30), 'claimed');
    assert.equal(await travel.claim(id, 'b', 30), 'claimed');
    assert.equal(await client.get(`shop:${id}`), 'p:a');
    assert.ok((await client.pTTL(`shop:${id}`)) > 25_000, 'the lease is the key TTL');
    await shop.complete(id, 'a', 3 * 24 * 3600);
    assert.equal(await client.get(`shop:${id}`), 'c');
    assert.ok((await client.ttl(`shop:${id}`)) > 3 * 24 * 3600 - 10, 'the retention is the key TTL');
    const defaults = new RedisWebhookIdStore(client);
    await defaults.claim(id, 'c', 30);
    assert.equal(await client.get(`cosmo:webhook-id:${id}`), 'p:c');
  });

  test('the token cache keeps the token as JSON with the key TTL, and its lock beside it', async () => {
    const client = await redis.connect();
    const cache = new RedisTokenCache(client, { prefix: 'shop:' });
    await cache.set('cosmo:access-token:x', { accessToken: 'at', expiresAt: 42 }, 60);
    assert.deepEqual(JSON.parse((await client.get('shop:cosmo:access-token:x'))!), { accessToken: 'at', expiresAt: 42 });
    assert.ok((await client.pTTL('shop:cosmo:access-token:x')) > 55_000);
    assert.equal(await cache.lock('cosmo:access-token:x', 'me', 5000), true);
    assert.equal(await client.get('shop:cosmo:access-token:x:lock'), 'me');
    await client.set('shop:cosmo:access-token:y', 'not json');
    assert.equal(await cache.get('cosmo:access-token:y'), undefined, 'a foreign value is a miss');
  });

  test('refuse something that is not a Redis client', () => {
    for (const make of [() => new RedisWebhookIdStore({} as never), () => new RedisTokenCache(null as never)]) {
      assert.throws(make, (error: unknown) => error instanceof CosmoServerError && error.code === 'invalid-config' && /createClient/.test(error.message));
    }
  });
});

describe('a Redis that is down', () => {
  let down: RedisServer;
  before(async () => {
    down = await startRedisServer();
  });
  after(() => down.stop());

  test('both routes answer 503 store-unavailable, within the timeout, without details', async () => {
    const errors: unknown[] = [];
    const client = await down.connect();
    const webhook = createWebhookHandler({ secrets: SECRET, store: new RedisWebhookIdStore(client, { timeoutMs: 300 }), onError: (error) => errors.push(error) });
    const token = createTokenHandler({
      client: createCosmoClient({ ...CLIENT, baseUrl: sim.url, tokenCache: new RedisTokenCache(client, { timeoutMs: 300 }) }),
      authenticate: () => ({ userId: 'alice' }),
      onError: (error) => errors.push(error),
    });
    await down.stop();
    await sim.control.reset();

    const { body, headers } = await signWebhook({ secret: SECRET, payload: transactionConfirmed(), id: `msg_${randomUUID()}` });
    const started = Date.now();
    const webhookResponse = await webhook(new Request('https://partner.example/webhooks/cosmo', { method: 'POST', body, headers }));
    const tokenResponse = await token(new Request('https://shop.example/api/cosmo/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"widget":"purchase"}' }));
    assert.ok(Date.now() - started < 3000, 'bounded by the timeout, not hanging on the reconnecting client');
    for (const response of [webhookResponse, tokenResponse]) {
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '5');
      const text = await response.text();
      assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'store-unavailable');
      assert.doesNotMatch(text, /redis|127\.0\.0\.1|ECONNREFUSED|acme-secret/i);
    }
    assert.equal(sim.control.requests({ route: 'access-token' }).length, 0, 'Cosmo was not asked: the cache failed first');
    assert.equal(errors.length, 2, 'one for each route');
    for (const error of errors) assert.ok(error instanceof CosmoServerError && error.code === 'store-unavailable' && error.cause !== undefined);
  });
});

describe('a Redis outage in the middle of a claim', () => {
  let outage: RedisServer;
  before(async () => {
    outage = await startRedisServer();
  });
  after(() => outage.stop());

  /** A webhook route on its own connection to the outage server, with a short store timeout. */
  async function route() {
    const client = await outage.connect();
    let calls = 0;
    const webhook = createWebhookHandler({ secrets: SECRET, store: new RedisWebhookIdStore(client, { timeoutMs: 300 }), on: { 'transaction.confirmed': () => void calls++ } });
    const { body, headers } = await signWebhook({ secret: SECRET, payload: transactionConfirmed(), id: `msg_${randomUUID()}` });
    const deliver = async () => {
      const response = await webhook(new Request('https://partner.example/webhooks/cosmo', { method: 'POST', body, headers }));
      return `${response.status} ${JSON.stringify(await response.json())}`;
    };
    return { client, deliver, calls: () => calls };
  }

  test('a claim and a lock that timed out while Redis was down are withdrawn: they never run once it is back', async () => {
    const client = await outage.connect();
    const prefix = `test:${randomUUID()}:`;
    const store = new RedisWebhookIdStore(client, { prefix, timeoutMs: 200 });
    const cache = new RedisTokenCache(client, { prefix, timeoutMs: 200 });
    const disconnected = new Promise((resolve) => client.once('reconnecting', resolve));
    await outage.crash();
    await disconnected;
    await assert.rejects(store.claim('msg_down', 'first', 60), { code: 'store-unavailable' });
    await assert.rejects(cache.lock('cosmo:access-token:x', 'first', 10_000), { code: 'store-unavailable' });
    const ready = new Promise((resolve) => client.once('ready', resolve));
    await outage.restart();
    await ready;
    // Had they stayed in node-redis's offline queue, they would run now, before these.
    assert.equal(await store.claim('msg_down', 'second', 60), 'claimed');
    assert.equal(await cache.lock('cosmo:access-token:x', 'second', 10_000), true);
    assert.equal(await client.get(`${prefix}msg_down`), 'p:second');
  });

  test('Redis stalls with the claim on the wire and goes on within a second: the retry is processed, not 409', async () => {
    const { deliver, calls } = await route();
    outage.pause(); // the claim reaches the socket of a server that runs nothing until resumed
    assert.match(await deliver(), /^503 .*store-unavailable/);
    outage.resume(); // it now runs the late claim, then the route's release of it
    assert.equal(await deliver(), '200 {"received":true}');
    assert.equal(await deliver(), '200 {"received":true,"duplicate":true}');
    assert.equal(calls(), 1);
  });

  test('Redis is down when the claim is sent and back within a second: the retry is processed, not 409', async () => {
    const { client, deliver, calls } = await route();
    // Events, not `once()`, which would reject on the connection errors the client emits meanwhile.
    const disconnected = new Promise((resolve) => client.once('reconnecting', resolve));
    await outage.crash();
    await disconnected; // node-redis now queues commands until it reconnects
    const started = Date.now();
    assert.match(await deliver(), /^503 .*store-unavailable/);
    const ready = new Promise((resolve) => client.once('ready', resolve));
    await outage.restart();
    await ready;
    assert.ok(Date.now() - started < 1000, `Redis was back ${Date.now() - started} ms after the claim`);
    assert.equal(await deliver(), '200 {"received":true}');
    assert.equal(await deliver(), '200 {"received":true,"duplicate":true}');
    assert.equal(calls(), 1);
  });
});
