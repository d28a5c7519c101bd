/**
 * The widget apps' calls to `/widget-api/...` with the widget token as Bearer. On 401 `token-expired` the
 * app asks its host for a fresh token (`token-request` → `token`) and retries once with it. When the host
 * answers `token-error` instead (it could not get one), the call fails at once with `token-refresh-failed`,
 * recoverable as the host said: the app shows it, and the user's next try asks the host again.
 */
import type { HostConnection } from '@cosmopoints/protocol/iframe';
import { SimulatorErrorCode } from '../../src/errors.js';

/** How long the app waits for the host to answer a `token-request`. */
export const TOKEN_REFRESH_TIMEOUT_MS = 15_000;

/** A failed widget-api call: the HTTP status (0 for a network error) and a code of `SimulatorErrorCode`, or the code the API answered. */
export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable?: boolean,
  ) {
    super(message);
  }

  /** Whether trying again may succeed (network errors, 5xx, 429, or as the host said for a token it could not renew). */
  get recoverable(): boolean {
    return this.retryable ?? (this.status === 0 || this.status === 429 || this.status >= 500);
  }
}

/** Any thrown value as a {@link WidgetApiError}. */
export function asApiError(error: unknown): WidgetApiError {
  return error instanceof WidgetApiError ? error : new WidgetApiError(0, SimulatorErrorCode.Unexpected, error instanceof Error ? error.message : 'unexpected error');
}

/** Options of one call. */
export interface CallOptions {
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** A widget-api client bound to a host connection (whose token it uses and refreshes). */
export interface WidgetApi {
  call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options?: CallOptions): Promise<T>;
}

/** The API base: the part of the page's path before `/widgets/` (empty on a plain simulator). */
const apiBase = () => location.pathname.slice(0, Math.max(0, location.pathname.indexOf('/widgets/')));

/** Creates the client. */
export function createWidgetApi(host: HostConnection): WidgetApi {
  const send = async (method: string, path: string, options: CallOptions): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${host.token}`, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    try {
      return await fetch(`${apiBase()}/widget-api${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        ...(options.signal ? { signal: options.signal } : {}),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new WidgetApiError(0, SimulatorErrorCode.NetworkError, 'Cosmo could not be reached.');
    }
  };
  return {
    async call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: CallOptions = {}): Promise<T> {
      let response = await send(method, path, options);
      let body = await readBody(response);
      if (response.status === 401 && errorCode(body) === SimulatorErrorCode.TokenExpired) {
        try {
          await host.requestToken({ reason: 'token-expired', signal: AbortSignal.any([AbortSignal.timeout(TOKEN_REFRESH_TIMEOUT_MS), ...(options.signal ? [options.signal] : [])]) });
        } catch (error) {
          // A `token-error` answer carries the host's {code, recoverable}; a timeout or an abort does not.
          const recoverable = (error as { cause?: { recoverable?: boolean } }).cause?.recoverable ?? true;
          throw new WidgetApiError(401, SimulatorErrorCode.TokenRefreshFailed, 'Your session expired and could not be renewed. Try again in a moment.', recoverable);
        }
        response = await send(method, path, options);
        body = await readBody(response);
      }
      if (response.ok) return body as T;
      const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      throw new WidgetApiError(
        response.status,
        typeof error?.code === 'string' ? error.code : SimulatorErrorCode.UnexpectedResponse,
        typeof error?.message === 'string' ? error.message : `Cosmo answered ${response.status}.`,
      );
    },
  };
}

async function readBody(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function errorCode(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}
