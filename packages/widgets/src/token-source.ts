/**
 * Where widget tokens come from: the partner's endpoint (`token-url`) or their own `fetchToken`, and the
 * bounded retry around them. Every failure becomes a typed {@link CosmoWidgetError}; an abort rejects
 * with the signal's reason, which the caller recognises and drops.
 *
 * Retried automatically, within the overall `timeout`: the endpoint unreachable, an attempt that took
 * more than half the `timeout`, 5xx, 408 and 429 (after its `Retry-After` when it sent one, unless that
 * ends after the `timeout`). Never retried: other 4xx (401, 403… retrying cannot help), a body that is not
 * a token, and anything `fetchToken` throws (a custom source owns its transport and its retries).
 *
 * Offline (`navigator.onLine` false when an attempt fails), a failure costs no attempt: the next one waits for the
 * network to come back (the `online` event) instead of a backoff, within the same `timeout`. The first attempt is
 * made whatever `navigator.onLine` says (a browser can believe it is offline when it is not).
 */
import { parseWidgetTokenResponse } from '@cosmopoints/protocol';
import type { WidgetKind, WidgetToken } from '@cosmopoints/protocol';
import { CosmoWidgetError, CosmoWidgetErrorCode } from './errors.js';
import { abortable, withTimeout } from './internal/abortable.js';
import { MAX_ATTEMPTS, backoff, retryAfter, sleep } from './internal/retry.js';

/** What a token source receives. */
export interface FetchTokenContext {
  /** The widget asking, so one function can serve both elements. */
  readonly widget: WidgetKind;
  /** Aborted when the element disconnects, its inputs change or the attempt times out. */
  readonly signal: AbortSignal;
}

/** A custom token source: returns the widget token, or `{token, expiresAt?}`. */
export type FetchToken = (context: FetchTokenContext) => Promise<string | WidgetToken> | string | WidgetToken;

// Failures worth another attempt, and the server's Retry-After (ms) when it sent one.
const transient = new WeakMap<CosmoWidgetError, number | undefined>();

const fail = (code: CosmoWidgetErrorCode, message: string, options?: ConstructorParameters<typeof CosmoWidgetError>[2], retryIn?: number | null) => {
  const error = new CosmoWidgetError(code, message, options);
  if (retryIn !== null) transient.set(error, retryIn);
  return error;
};

/** A token source that POSTs `{widget}` as JSON to the partner's endpoint with same-origin credentials. */
export const tokenEndpoint =
  (url: string): FetchToken =>
  async ({ widget, signal }) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ widget }),
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      });
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      throw fail(CosmoWidgetErrorCode.TokenNetworkError, `token endpoint ${url} unreachable`, { cause });
    }
    const { status } = response;
    if (!response.ok) {
      const again = status >= 500 || status === 408 || status === 429;
      throw fail(CosmoWidgetErrorCode.TokenHttpError, `token endpoint answered ${status}`, { status, recoverable: again }, again ? retryAfter(response.headers.get('retry-after')) : null);
    }
    try {
      return (await response.json()) as WidgetToken; // checked by getWidgetToken
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      throw fail(CosmoWidgetErrorCode.TokenInvalidJson, 'token endpoint did not answer JSON', { cause }, null);
    }
  };

/**
 * Asks `source` for a token, retrying transient failures (see the module comment) until `timeout` ms have
 * passed; `onRetry` hears each failure that will be retried.
 * @throws {CosmoWidgetError} a `token-*` code with `attempts`, or `signal.reason` once aborted
 */
export async function getWidgetToken(
  source: FetchToken,
  widget: WidgetKind,
  signal: AbortSignal,
  timeout: number,
  onRetry: (error: CosmoWidgetError, delay: number) => void,
): Promise<WidgetToken> {
  const deadline = performance.now() + timeout;
  for (let attempt = 1, counted = 0; ; attempt++) {
    const remaining = deadline - performance.now();
    const guard = withTimeout(signal, Math.min(remaining, timeout / 2), () => fail(CosmoWidgetErrorCode.TokenTimeout, `no token in time (timeout ${timeout} ms, attempt ${attempt})`));
    let error: CosmoWidgetError;
    try {
      // Called now, not in a later microtask: the request starts before the element renders (a throw becomes a rejection).
      const value = await abortable(new Promise<unknown>((resolve) => resolve(source({ widget, signal: guard.signal }))), guard.signal);
      const result = parseWidgetTokenResponse(typeof value === 'string' ? { token: value } : value);
      if (result.ok) return result.message;
      error = new CosmoWidgetError(CosmoWidgetErrorCode.TokenInvalidResponse, 'the token source returned no {token, expiresAt?}', { cause: result.error });
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      // A timed-out attempt rejects with the guard's reason, a CosmoWidgetError like the endpoint's own failures.
      error =
        cause instanceof CosmoWidgetError ? cause : new CosmoWidgetError(CosmoWidgetErrorCode.TokenFetchFailed, `fetchToken failed: ${String(cause)}`, { cause });
    } finally {
      guard.done();
    }
    const offline = transient.has(error) && navigator.onLine === false;
    if (!offline) counted++;
    const left = deadline - performance.now();
    const delay = offline ? left : transient.has(error) && counted < MAX_ATTEMPTS ? (transient.get(error) ?? backoff(counted)) : Infinity;
    if (delay > left || left <= 0) {
      error.attempts = attempt;
      throw error;
    }
    onRetry(error, delay);
    await sleep(delay, signal, offline ? 'online' : undefined);
    if (offline && navigator.onLine === false) {
      // The timeout passed offline.
      error.attempts = attempt;
      throw error;
    }
  }
}
