/** Machine-readable reasons a widget failed. Codes are public API (listed in the README); messages are not. */
export const CosmoWidgetErrorCode = {
  /** An attribute or property is missing or invalid (no token source, `environment="prod"`, an http widget URL…). */
  InvalidConfig: 'invalid-config',
  /** The token endpoint could not be reached (offline, DNS, CORS, connection refused). */
  TokenNetworkError: 'token-network-error',
  /** The token endpoint answered with a non-2xx status; see `status`. */
  TokenHttpError: 'token-http-error',
  /** The token endpoint's body is not JSON. */
  TokenInvalidJson: 'token-invalid-json',
  /** The token endpoint or `fetchToken` returned something other than a token or `{token, expiresAt?}`. */
  TokenInvalidResponse: 'token-invalid-response',
  /** The `fetchToken` function threw or rejected; see `cause`. */
  TokenFetchFailed: 'token-fetch-failed',
  /** No token arrived within `timeout` milliseconds. */
  TokenTimeout: 'token-timeout',
  /** The widget app did not complete its handshake within `timeout` milliseconds. */
  HandshakeTimeout: 'handshake-timeout',
  /** The widget app reported an error it shows to the user; see `widgetCode`. */
  WidgetError: 'widget-error',
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
  constructor(
    /** Why it failed; stable across releases. */
    readonly code: CosmoWidgetErrorCode,
    message: string,
    options: CosmoWidgetErrorOptions = {},
  ) {
    super(`@cosmopoints/widgets: ${message}`, { cause: options.cause });
    if (options.status !== undefined) this.status = options.status;
    this.recoverable = options.recoverable ?? code !== CosmoWidgetErrorCode.InvalidConfig;
  }
}
