/**
 * Settles with `promise`, or rejects with `signal.reason` as soon as the signal aborts: a token
 * source that ignores its signal can then never keep a torn-down widget waiting.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * A signal that aborts with `parent`, or with `reason()` after `ms` milliseconds.
 * Call `done()` once the guarded work settled, to release the timer and the parent listener.
 */
export function withTimeout(parent: AbortSignal, ms: number, reason: () => unknown): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  const timer = setTimeout(() => controller.abort(reason()), ms);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    done() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}
