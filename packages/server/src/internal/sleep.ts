/**
 * The server's one `sleep`: the backoff between retries of a Cosmo call, which must stop at once when the caller's
 * signal aborts (the caller tells "waited" from "stopped", so an abort rejects), and the poll of a shared token cache
 * while another instance holds the refresh lock.
 */

/**
 * Resolves after `ms`. When `signal` aborts, before or during the wait, rejects with `signal.reason` at once; the
 * timer and the listener are removed either way, so a pending sleep never keeps the process alive after an abort.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
