/**
 * The token retry's timing (src/internal/retry.ts), exactly, with the randomness and the clock in hand: the backoff
 * formula at both ends of its jitter, `Retry-After` in seconds and as a date, and `sleep` waking on `online`. The
 * browser tests drive the same code against a real endpoint, where only lower bounds of the delays hold.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { MAX_ATTEMPTS, backoff, retryAfter, sleep } from '../../src/internal/retry.js';

afterEach(() => mock.restoreAll());

describe('backoff', () => {
  it('waits min(2000, 250·3^(n−1)) ms, of which a random half: 125–250, 375–750, 1000–2000 ms', () => {
    const at = (random: number) => {
      mock.method(Math, 'random', () => random);
      const delays = [1, 2, 3, 4].map(backoff);
      mock.restoreAll();
      return delays;
    };
    assert.deepEqual(at(0), [125, 375, 1000, 1000]);
    assert.deepEqual(at(1), [250, 750, 2000, 2000]);
    assert.equal(MAX_ATTEMPTS, 4);
  });
});

describe('retryAfter', () => {
  it('reads seconds and HTTP dates as milliseconds from now, never negative; nothing for an absent or unreadable header', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    assert.equal(retryAfter('3', now), 3000);
    assert.equal(retryAfter(' 0 ', now), 0);
    assert.equal(retryAfter('Sun, 06 Dec 2026 12:00:02 GMT', now), 2000);
    assert.equal(retryAfter('Sun, 06 Dec 2026 11:59:00 GMT', now), 0);
    assert.equal(retryAfter(null, now), undefined);
    assert.equal(retryAfter('soon', now), undefined);
  });
});

describe('sleep', () => {
  it('resolves after its time, rejects with the reason on abort, and wakes early on `online` when asked', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const target = new EventTarget();
    // Node has no window: the module's bare addEventListener is the global scope's, as in a page.
    Object.assign(globalThis, { addEventListener: target.addEventListener.bind(target), removeEventListener: target.removeEventListener.bind(target) });
    try {
      let done = false;
      const timed = sleep(1000, new AbortController().signal).then(() => (done = true));
      mock.timers.tick(999);
      await Promise.resolve();
      assert.equal(done, false);
      mock.timers.tick(1);
      await timed;

      const controller = new AbortController();
      const aborted = sleep(1000, controller.signal);
      controller.abort(new Error('gone'));
      await assert.rejects(aborted, /gone/);

      const online = sleep(60_000, new AbortController().signal, 'online');
      target.dispatchEvent(new Event('online'));
      await online; // woken long before its time, which the mocked clock never reaches
    } finally {
      mock.timers.reset();
      Reflect.deleteProperty(globalThis, 'addEventListener');
      Reflect.deleteProperty(globalThis, 'removeEventListener');
    }
  });
});
