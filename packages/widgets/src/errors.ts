/**
 * The one error table of `@cosmopoints/widgets`: every code the package reports (on `cosmo-error`, and
 * from the WebView bridge) is a member of {@link CosmoWidgetErrorCode}. Codes are public API, listed in the
 * README; messages are not, and no code reads them.
 */
export const CosmoWidgetErrorCode = {
  /** An attribute or property is invalid (`environment="prod"`, an http widget URL, a `fetchToken` that is not a function…). */
  InvalidConfig: 'invalid-config',
  /** The token endpoint could not be reached (offline, DNS, CORS, connection refused). Retried automatically. */
  TokenNetworkError: 'token-network-error',
  /** The token endpoint answered with a non-2xx status; see `status`. 5xx, 408 and 429 are retried automatically. */
  TokenHttpError: 'token-http-error',
  /** The token endpoint's body is not JSON. */
  TokenInvalidJson: 'token-invalid-json',
  /** The token endpoint or `fetchToken` returned something other than a token or `{token, expiresAt?}`. */
  TokenInvalidResponse: 'token-invalid-response',
  /** The `fetchToken` function threw or rejected; see `cause`. */
  TokenFetchFailed: 'token-fetch-failed',
  /** No token arrived within `timeout` milliseconds, retries included. */
  TokenTimeout: 'token-timeout',
  /** The widget app did not complete its handshake within `timeout` milliseconds. */
  HandshakeTimeout: 'handshake-timeout',
  /**
   * The widget's frame answered from another origin than the widget URL's, before its handshake: the widget URL
   * redirected elsewhere (a wrong environment or `widget-url`, a sign-in hop). The message names both origins;
   * nothing of that answer is used. Not recoverable by retrying: the configuration must change.
   */
  WidgetRedirected: 'widget-redirected',
  /** The widget app reported an error it shows to the user; see `widgetCode`. */
  WidgetError: 'widget-error',
  /** WebView bridge: a native command that is not `{command: 'reload' | 'close', target?}`. */
  InvalidCommand: 'invalid-command',
  /** WebView bridge: no widget on the page has the command's `target` id (or there is no widget). */
  UnknownTarget: 'unknown-target',
} as const;

/** Union of {@link CosmoWidgetErrorCode} values. */
export type CosmoWidgetErrorCode = (typeof CosmoWidgetErrorCode)[keyof typeof CosmoWidgetErrorCode];

/** Extra facts about a {@link CosmoWidgetError}. */
export interface CosmoWidgetErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
  /** HTTP status of the token endpoint, for `token-http-error`. */
  status?: number;
  /** Whether retrying (the built-in retry button or `reload()`) may succeed. */
  recoverable?: boolean;
}

/** The one error type of `@cosmopoints/widgets`, carried by every `cosmo-error` event. */
export class CosmoWidgetError extends Error {
  override readonly name = 'CosmoWidgetError';
  /** HTTP status of the token endpoint, when there was one. */
  readonly status?: number;
  /** Whether retrying may succeed. */
  readonly recoverable: boolean;
  /** How many times the element asked for a token before giving up, for token errors. */
  attempts?: number;
  constructor(
    /** Why it failed; stable across releases. */
    readonly code: CosmoWidgetErrorCode,
    message: string,
    options: CosmoWidgetErrorOptions = {},
  ) {
    super(`@cosmopoints/widgets: ${message}`, { cause: options.cause });
    this.status = options.status;
    this.recoverable = options.recoverable ?? (code !== CosmoWidgetErrorCode.InvalidConfig && code !== CosmoWidgetErrorCode.WidgetRedirected);
  }
}

/**
 * What the error screen tells the user, by error: `network` (offline, a timeout), `signed-out` (the token
 * endpoint answered 401 or 403), `config` (the integration is wrong: invalid input, a redirected widget URL, another 4xx) or `server`
 * (everything else: 5xx, 429, a bad token response, a failing `fetchToken`).
 */
export function errorFamily({ code, status = 0 }: CosmoWidgetError): 'network' | 'signed-out' | 'config' | 'server' {
  if (code === CosmoWidgetErrorCode.TokenNetworkError || code === CosmoWidgetErrorCode.TokenTimeout || code === CosmoWidgetErrorCode.HandshakeTimeout) return 'network';
  if (status === 401 || status === 403) return 'signed-out';
  if (code === CosmoWidgetErrorCode.InvalidConfig || code === CosmoWidgetErrorCode.WidgetRedirected || (status >= 400 && status < 500 && status !== 408 && status !== 429)) return 'config';
  return 'server';
}
