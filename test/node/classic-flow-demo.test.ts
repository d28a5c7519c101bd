/**
 * The demo's classic flow (demo/src/classic-flow.ts and its CLI) against the simulator: validate → preview → issue →
 * fetch back by reference, nothing issued for a member the program does not know, and the CLI's second issue with the
 * same reference returning the first transaction.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createCosmoClient } from '@cosmopoints/server';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import { DEMO_CLIENT } from 'cosmo-demo';
import { runClassicFlow } from 'cosmo-demo/classic-flow';

describe('the demo’s classic flow', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ clients: [{ ...DEMO_CLIENT }] });
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());
  const cosmo = () => createCosmoClient({ ...DEMO_CLIENT, baseUrl: sim.url });

  it('validates, previews, issues and fetches the transaction back by reference', async () => {
    const lines: string[] = [];
    const result = await runClassicFlow(cosmo(), {
      programId: 'prog_staywell',
      member: { destinationUserEmail: 'grace@example.com' },
      value: 40,
      referenceNumber: 'acme-order-1',
      log: (line) => lines.push(line),
    });
    assert.equal(result.isValid, true);
    assert.equal(result.totalPoints, 5000);
    assert.deepEqual([result.issued?.totalPoints, result.issued?.referenceNumber], [5000, 'acme-order-1']);
    assert.deepEqual([result.fetched?.id, result.fetched?.referenceNumber], [result.issued?.id, 'acme-order-1']);
    assert.equal(lines.length, 5);
    assert.deepEqual(
      sim.control.requests().map((entry) => entry.route).filter((route) => route !== 'access-token'),
      ['program-fields', 'validate-member', 'preview-transaction', 'transactions', 'get-transaction'],
    );
  });

  it('issues nothing for a member the program does not know', async () => {
    const result = await runClassicFlow(cosmo(), { programId: 'prog_skyair', member: { destinationUserId: 'SKY-404' }, value: 40, referenceNumber: 'acme-order-2' });
    assert.deepEqual([result.isValid, result.issued], [false, undefined]);
    assert.equal(sim.control.transactions().length, 0);
  });

  it('runs as a script and shows the second issue with the same reference returning the first transaction', async () => {
    const demo = fileURLToPath(new URL('../../demo/', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/classic-flow-cli.ts', '--reference', 'acme-order-cli'], { cwd: demo, timeout: 60_000 });
    assert.match(stdout, /4\. issued 1000 points: transaction (txn_\S+), reference acme-order-cli/);
    assert.match(stdout, /5\. fetched back by reference acme-order-cli/);
    assert.match(stdout, /6\. issued again with the same reference: transaction txn_\S+ \(the same one: exactly once\)/);
  });
});
