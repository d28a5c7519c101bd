/**
 * The simulator's one `sleep`: the delay of an injected fault and the wait between webhook retries. Both must stop
 * when the simulator closes or resets, and their callers tell "waited" from "stopped", so an abort rejects.
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
