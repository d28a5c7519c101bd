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

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(timer), reject(signal.reason));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
