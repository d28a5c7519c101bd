/**
 * One HTTP call to Cosmo with a per-attempt timeout and bounded retries. Retried: network errors, timeouts, 429
 * (after `Retry-After` when it is within bounds) and 5xx. Never retried: any other 4xx. Backoff is exponential with
 * full jitter. Never retried, never followed: a redirect (`unexpected-redirect`). Error messages carry the status and
 * Cosmo's error code at most, never a body, secret or token.
 */
import { cosmoErrorSchema } from '@cosmopoints/protocol/cosmo-api';
import { CosmoServerError, CosmoServerErrorCode } from '../errors.js';
import { sleep } from '../internal/sleep.js';

/** Retry and timeout settings, resolved from the client config. */
export interface HttpSettings {
  fetch: typeof fetch;
  timeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
}

/** A request description; `body` is JSON-serialised. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Short label for messages, e.g. `POST /programs`. */
  label: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
}

/** A successful (2xx) or final non-retryable response, already read. */
export interface HttpResponse {
  status: number;
  json: unknown;
}

const SAFE_CODE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** `Retry-After` in milliseconds (delta-seconds or HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Cosmo's `error.code`, only when it looks like a code (so nothing else from the body leaks). */
export function upstreamCodeOf(json: unknown): string | undefined {
  const parsed = cosmoErrorSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const error = parsed.data.error;
  const code = typeof error === 'string' ? error : error.code;
  return SAFE_CODE.test(code) ? code : undefined;
}

/** A redirect answer as an error, naming at most the target's origin (a path or query could carry anything). */
function redirected(label: string, status: number, location: string | null, from: string): CosmoServerError {
  let target = '';
  try {
    if (location) target = ` to ${new URL(location, from).origin}`;
  } catch {
    // an unparsable Location: say nothing about it
  }
  return new CosmoServerError(
    CosmoServerErrorCode.UnexpectedRedirect,
    `${label}: Cosmo answered a redirect (${status || 'opaque'})${target}; redirects are not followed, check baseUrl`,
    status ? { status } : undefined,
  );
}

const aborted = (label: string, cause: unknown) => new CosmoServerError(CosmoServerErrorCode.Aborted, `${label} aborted`, { cause });

/**
 * Sends the request, retrying as described above. Resolves with any 2xx response and with non-retryable 4xx
 * responses (the caller maps those); throws a {@link CosmoServerError} once retries are exhausted.
 */
export async function send(settings: HttpSettings, request: HttpRequest): Promise<HttpResponse> {
  const { signal, label } = request;
  let lastError: CosmoServerError | undefined;
  for (let attempt = 0; attempt <= settings.retries; attempt++) {
    if (signal?.aborted) throw aborted(label, signal.reason);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, settings.timeoutMs);
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let retryAfterMs: number | undefined;
    try {
      const response = await settings.fetch(request.url, {
        method: request.method,
        headers: { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
        // Not 'error' (Cloudflare's workerd throws on that value) and never 'follow' (the credentials or the bearer
        // token would go wherever Location points): a redirect comes back as is and fails below.
        redirect: 'manual',
      });
      const { status } = response;
      if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
        await response.body?.cancel().catch(() => {});
        throw redirected(label, status, response.headers.get('location'), request.url);
      }
      const json = await readJson(response);
      if (status < 400 || (status < 500 && status !== 429)) return { status, json };
      const upstreamCode = upstreamCodeOf(json);
      if (status === 429) {
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        lastError = new CosmoServerError(CosmoServerErrorCode.RateLimited, `${label}: Cosmo answered 429 Too Many Requests`, { status, upstreamCode });
        if (retryAfterMs !== undefined && retryAfterMs > settings.maxRetryDelayMs) throw lastError;
      } else {
        lastError = new CosmoServerError(CosmoServerErrorCode.UpstreamError, `${label}: Cosmo answered ${status}`, { status, upstreamCode });
      }
    } catch (error) {
      if (error instanceof CosmoServerError) throw error;
      if (signal?.aborted) throw aborted(label, signal.reason);
      lastError = timedOut
        ? new CosmoServerError(CosmoServerErrorCode.Timeout, `${label}: no answer within ${settings.timeoutMs} ms`, { cause: error })
        : new CosmoServerError(CosmoServerErrorCode.NetworkError, `${label}: could not reach Cosmo`, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (attempt < settings.retries) {
      const backoff = Math.min(settings.maxRetryDelayMs, settings.retryBaseDelayMs * 2 ** attempt);
      const delay = retryAfterMs ?? Math.random() * backoff;
      try {
        await sleep(delay, signal);
      } catch (error) {
        throw aborted(label, error);
      }
    }
  }
  throw lastError!;
}
