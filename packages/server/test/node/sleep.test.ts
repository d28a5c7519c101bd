/** The server's one `sleep`: the client's retry backoff relies on its abort behaviour (see also cosmo-client.test.ts). */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { sleep } from '../../src/internal/sleep.js';

describe('sleep', () => {
  it('resolves after the delay and removes its abort listener', async () => {
    const controller = new AbortController();
    const started = performance.now();
    await sleep(40, controller.signal);
    assert.ok(performance.now() - started >= 39, 'waited the delay');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('rejects with the signal’s reason when aborted during the wait, at once, and clears its timer', async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    const started = performance.now();
    const waiting = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(reason), 20);
    await assert.rejects(waiting, (error) => error === reason);
    assert.ok(performance.now() - started < 1000, 'did not wait for the timer');
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    assert.equal(timers(), before, 'its 10 s timer is gone');
  });

  it('rejects with the reason without waiting when the signal is already aborted', async () => {
    const reason = new Error('already');
    const started = performance.now();
    await assert.rejects(sleep(10_000, AbortSignal.abort(reason)), (error) => error === reason);
    assert.ok(performance.now() - started < 1000);
  });

  it('resolves without a signal', async () => {
    const started = performance.now();
    assert.equal(await sleep(20), undefined);
    assert.ok(performance.now() - started >= 19);
  });
});
