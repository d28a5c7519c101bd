/**
 * The in-memory stores meet the same contracts as the Redis ones (support/store-contracts.ts): handlers and clients
 * in one process sharing a MemoryWebhookIdStore / MemoryTokenCache behave like instances sharing Redis.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CosmoServerError, MemoryTokenCache, MemoryWebhookIdStore } from '../../src/index.js';
import { fleetScenarios, tokenCacheContract, webhookIdStoreContract } from './support/store-contracts.js';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';

let sim: Simulator;
before(async () => {
  sim = await startSimulator({ clients: [{ clientId: 'acme', clientSecret: 'acme-secret-sandbox', environment: 'sandbox' }] });
});
after(() => sim.close());

const shared = <T>(make: () => T) => async (count: number) => {
  const one = make();
  return Array.from({ length: count }, () => one);
};

webhookIdStoreContract('MemoryWebhookIdStore', shared(() => new MemoryWebhookIdStore()));
tokenCacheContract('MemoryTokenCache', shared(() => new MemoryTokenCache()));
fleetScenarios('memory stores in one process', shared(() => new MemoryWebhookIdStore()), shared(() => new MemoryTokenCache()), () => sim);

test('the in-memory id store stays bounded, forgetting the oldest ids first', () => {
  let clock = 0;
  const store = new MemoryWebhookIdStore({ now: () => clock, maxEntries: 3 });
  for (const id of ['a', 'b', 'c', 'd']) {
    assert.equal(store.claim(id, 'owner', 60), 'claimed');
    store.complete(id, 'owner', 100);
  }
  assert.equal(store.size, 3);
  assert.equal(store.claim('a', 'owner', 60), 'claimed', 'the oldest was forgotten');
  assert.equal(store.claim('d', 'owner', 60), 'completed');
  clock = 101_000;
  assert.equal(store.claim('d', 'owner', 60), 'claimed', 'retention over');
  assert.throws(() => new MemoryWebhookIdStore({ maxEntries: 0 }), (error: unknown) => error instanceof CosmoServerError && error.code === 'invalid-config');
});
