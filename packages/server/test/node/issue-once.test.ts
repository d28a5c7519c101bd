/**
 * Exactly-once issuing as a unit (`src/client/issue-once.ts`), with no HTTP: `post` and `lookup` are plain functions
 * standing for Cosmo's answers, and each case pins what one call with one reference returns and how often it looks the
 * reference up. The loopback tests (`classic-flow.test.ts`) run the same rules against the simulator over HTTP.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { issueOnce } from '../../src/client/issue-once.js';
import type { IssueAnswer } from '../../src/client/issue-once.js';
import { CosmoServerError, CosmoServerErrorCode } from '../../src/index.js';

type Transaction = { id: string; referenceNumber: string };
const ISSUED: Transaction = { id: 'txn_1', referenceNumber: 'order-1' };
const FOUND: Transaction = { id: 'txn_found', referenceNumber: 'order-1' };
const failure = (code: CosmoServerErrorCode) => new CosmoServerError(code, `a ${code}`);
const DUPLICATE = failure(CosmoServerErrorCode.RequestRejected);

/** Runs issueOnce over scripted calls; returns the outcome and how many lookups it made. */
async function run(post: () => Promise<IssueAnswer<Transaction>>, lookup: () => Promise<Transaction | undefined>) {
  let lookups = 0;
  const outcome = await issueOnce({ post, lookup: () => (lookups++, lookup()) }).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { ...outcome, lookups };
}

const never = () => Promise.reject(new Error('lookup must not be called'));

describe('issueOnce', () => {
  test('returns the issued transaction without a lookup', async () => {
    assert.deepEqual(await run(async () => ({ issued: ISSUED }), never), { value: ISSUED, lookups: 0 });
  });

  test('Cosmo already holds the reference: returns the transaction found under it', async () => {
    assert.deepEqual(await run(async () => ({ duplicate: DUPLICATE }), async () => FOUND), { value: FOUND, lookups: 1 });
  });

  test('Cosmo says it holds the reference but nothing is found: the 409 stands', async () => {
    assert.deepEqual(await run(async () => ({ duplicate: DUPLICATE }), async () => undefined), { error: DUPLICATE, lookups: 1 });
  });

  test('a 409 whose reference names another program or value is the conflict', async () => {
    const conflict = failure(CosmoServerErrorCode.ReferenceConflict);
    assert.deepEqual(await run(async () => ({ duplicate: DUPLICATE }), () => Promise.reject(conflict)), { error: conflict, lookups: 1 });
  });

  for (const code of [CosmoServerErrorCode.NetworkError, CosmoServerErrorCode.Timeout, CosmoServerErrorCode.UpstreamError]) {
    describe(`after a ${code} (the issue may have committed, its answer lost)`, () => {
      const lost = failure(code);
      test('returns the transaction the reference names', async () => {
        assert.deepEqual(await run(() => Promise.reject(lost), async () => FOUND), { value: FOUND, lookups: 1 });
      });
      test('nothing under the reference: the original error stands', async () => {
        assert.deepEqual(await run(() => Promise.reject(lost), async () => undefined), { error: lost, lookups: 1 });
      });
      test('the lookup fails too: the original error stands, not the lookup’s', async () => {
        const down = failure(CosmoServerErrorCode.NetworkError);
        assert.deepEqual(await run(() => Promise.reject(lost), () => Promise.reject(down)), { error: lost, lookups: 1 });
      });
      test('the reference names another program or value: the conflict, not the original error', async () => {
        const conflict = failure(CosmoServerErrorCode.ReferenceConflict);
        assert.deepEqual(await run(() => Promise.reject(lost), () => Promise.reject(conflict)), { error: conflict, lookups: 1 });
      });
    });
  }

  const final = [
    CosmoServerErrorCode.RequestRejected,
    CosmoServerErrorCode.Unauthorized,
    CosmoServerErrorCode.RateLimited,
    CosmoServerErrorCode.Aborted,
    CosmoServerErrorCode.InvalidResponse,
    CosmoServerErrorCode.UnexpectedRedirect,
    CosmoServerErrorCode.StoreUnavailable,
  ];
  for (const code of final) {
    test(`a ${code} cannot have committed: thrown as is, no lookup`, async () => {
      const error = failure(code);
      assert.deepEqual(await run(() => Promise.reject(error), never), { error, lookups: 0 });
    });
  }

  test('an error that is not the package’s is thrown as is, no lookup', async () => {
    const error = new TypeError('a bug');
    assert.deepEqual(await run(() => Promise.reject(error), never), { error, lookups: 0 });
  });

  test('racing callers with one reference on a ledger that keeps references unique all get its one transaction', async () => {
    const ledger = new Map<string, Transaction>();
    let created = 0;
    const post = async (): Promise<IssueAnswer<Transaction>> => {
      await Promise.resolve(); // every caller reaches the ledger before any answer comes back
      if (ledger.has('order-1')) return { duplicate: DUPLICATE };
      const transaction = { id: `txn_${++created}`, referenceNumber: 'order-1' };
      ledger.set('order-1', transaction);
      return { issued: transaction };
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => issueOnce({ post, lookup: async () => ledger.get('order-1') })));
    assert.equal(created, 1);
    assert.deepEqual(new Set(results.map((result) => result.id)), new Set(['txn_1']));
  });
});
