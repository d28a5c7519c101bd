// @ts-check
/**
 * The one `sleep` of the test support (wtr configs, browser helpers, end-to-end helpers): resolves after `ms`, or
 * early (resolves, never rejects) when `signal` aborts, so a waiting loop ends with the test that started it.
 * @param {number} ms
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>}
 */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
