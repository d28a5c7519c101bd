/** The simulator's one `sleep`: its abort behaviour is what fault delays and webhook retries rely on. */
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

  it('rejects with the signal’s reason when aborted during the wait, at once', async () => {
    const controller = new AbortController();
    const reason = new Error('closed');
    const started = performance.now();
    const waiting = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(reason), 20);
    await assert.rejects(waiting, (error) => error === reason);
    assert.ok(performance.now() - started < 1000, 'did not wait for the timer');
  });

  it('rejects with the reason without waiting when the signal is already aborted', async () => {
    const reason = new Error('already');
    await assert.rejects(sleep(10_000, AbortSignal.abort(reason)), (error) => error === reason);
  });

  it('resolves without a signal', async () => {
    assert.equal(await sleep(1), undefined);
  });
});
