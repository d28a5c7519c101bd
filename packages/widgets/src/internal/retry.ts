/**
 * When to ask the token endpoint again: at most {@link MAX_ATTEMPTS} attempts, the delay growing from about
 * 250 ms (exponential backoff with jitter, so many pages that failed together do not retry together), or
 * exactly the server's `Retry-After` when it sent one.
 */

/** Attempts of one token fetch, the first included. */
export const MAX_ATTEMPTS = 4;

/** Milliseconds before attempt `attempt + 1`: `min(2000, 250·3^(attempt−1))`, of which a random half. */
export const backoff = (attempt: number): number => Math.min(2000, 250 * 3 ** (attempt - 1)) * (0.5 + Math.random() / 2);

/** A `Retry-After` header (seconds, or an HTTP date) in milliseconds from now; `undefined` when absent or unreadable. */
export function retryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/**
 * Resolves after `ms`, or as soon as `window` fires `wakeOn` (`online`: the network is back), or rejects with the
 * signal's reason as soon as it aborts. Leaves no timer or listener behind.
 */
export const sleep = (ms: number, signal: AbortSignal, wakeOn?: 'online'): Promise<void> =>
  new Promise((resolve, reject) => {
    const end = (settle: () => void) => () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (wakeOn) removeEventListener(wakeOn, onWake);
      settle();
    };
    const onWake = end(resolve);
    const onAbort = end(() => reject(signal.reason));
    const timer = setTimeout(onWake, ms);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (wakeOn) addEventListener(wakeOn, onWake, { once: true });
  });
