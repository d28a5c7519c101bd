/**
 * Type tests (tsc only) of the framework typings: Vue's `GlobalComponents` for both tags
 * (`@cosmopoints/widgets/vue`) and the Angular event helpers (`@cosmopoints/widgets/angular`), with
 * `@ts-expect-error` on misuse; plus the helpers' run-time behaviour in Node (no DOM needed).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cosmoHandler, isCosmoEvent } from '@cosmopoints/widgets/angular';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

test('tsc -p test/types/frameworks --noEmit exits 0 (Vue GlobalComponents, Angular helpers)', () => {
  const result = spawnSync(process.execPath, [tsc, '-p', 'test/types/frameworks', '--noEmit'], { cwd: packageDir, encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
});

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
