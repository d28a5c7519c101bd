/**
 * The Angular event helpers (`@cosmopoints/widgets/angular`) at run time, in Node (no DOM needed). Their types are
 * pinned by test/types/frameworks/angular.test-d.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cosmoHandler, isCosmoEvent } from '@cosmopoints/widgets/angular';

test('cosmoHandler calls the handler for its own event only, and isCosmoEvent needs the name and a detail', () => {
  const seen: unknown[] = [];
  const handler = cosmoHandler('cosmo-transaction-complete', (event) => seen.push(event.detail.transactionId));
  const complete = Object.assign(new Event('cosmo-transaction-complete'), { detail: { transactionId: 'txn_1' } });
  handler(complete);
  handler(Object.assign(new Event('cosmo-transaction-fail'), { detail: { code: 'declined' } }));
  handler(new Event('cosmo-transaction-complete')); // no detail: not one of ours
  assert.deepEqual(seen, ['txn_1']);
  assert.equal(isCosmoEvent(complete, 'cosmo-transaction-complete'), true);
  assert.equal(isCosmoEvent(complete, 'cosmo-ready'), false);
});
