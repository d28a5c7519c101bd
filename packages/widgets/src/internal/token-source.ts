/**
 * Where widget tokens come from: the partner's endpoint (`token-url`) or their own `fetchToken`.
 * Every failure becomes a typed {@link CosmoWidgetError}; an abort rejects with the signal's reason,
 * which the caller recognises and drops.
 */
import { parseWidgetTokenResponse } from '@cosmopoints/protocol';
import type { WidgetKind, WidgetToken } from '@cosmopoints/protocol';
import { CosmoWidgetError, CosmoWidgetErrorCode } from '../errors.js';
import { abortable } from './abortable.js';

/** What a token source receives. */
export interface FetchTokenContext {
  /** The widget asking, so one function can serve both elements. */
  readonly widget: WidgetKind;
  /** Aborted when the element disconnects, its inputs change or the fetch times out. */
  readonly signal: AbortSignal;
}

/** A custom token source: returns the widget token, or `{token, expiresAt?}`. */
export type FetchToken = (context: FetchTokenContext) => Promise<string | WidgetToken> | string | WidgetToken;

function readToken(value: unknown): WidgetToken {
  const result = parseWidgetTokenResponse(typeof value === 'string' ? { token: value } : value);
  if (result.ok) return result.message;
  throw new CosmoWidgetError(CosmoWidgetErrorCode.TokenInvalidResponse, result.error.message.replace(/^@cosmopoints\/protocol: /, ''), {
    cause: result.error,
  });
}

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
      throw new CosmoWidgetError(CosmoWidgetErrorCode.TokenNetworkError, `token endpoint ${url} unreachable`, { cause });
    }
    if (!response.ok) {
      const { status } = response;
      throw new CosmoWidgetError(CosmoWidgetErrorCode.TokenHttpError, `token endpoint answered ${status}`, {
        status,
        recoverable: status >= 500 || status === 408 || status === 429,
      });
    }
    try {
      return (await response.json()) as unknown as WidgetToken; // checked by readToken
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      throw new CosmoWidgetError(CosmoWidgetErrorCode.TokenInvalidJson, 'token endpoint did not answer JSON', { cause });
    }
  };

/**
 * Asks `source` for a token and checks its shape.
 * @throws {CosmoWidgetError} a `token-*` code, or `signal.reason` once aborted
 */
export async function getWidgetToken(source: FetchToken, widget: WidgetKind, signal: AbortSignal): Promise<WidgetToken> {
  let value: unknown;
  try {
    value = await abortable(Promise.resolve().then(() => source({ widget, signal })), signal);
  } catch (cause) {
    if (signal.aborted) throw signal.reason;
    if (cause instanceof CosmoWidgetError) throw cause;
    throw new CosmoWidgetError(CosmoWidgetErrorCode.TokenFetchFailed, `fetchToken failed: ${String(cause)}`, { cause });
  }
  return readToken(value);
}
