/** Machine-readable reasons a protocol operation failed. Codes are public API; messages are not. */
export const ProtocolErrorCode = {
  /** The value is not a Cosmo envelope (wrong namespace, missing fields, not an object). */
  MalformedEnvelope: 'malformed-envelope',
  /** The envelope names a protocol version this build does not speak. */
  UnsupportedVersion: 'unsupported-version',
  /** The envelope's `type` is not one this direction defines. */
  UnknownType: 'unknown-type',
  /** The payload does not match its type's schema. */
  InvalidPayload: 'invalid-payload',
  /** The serialised message is larger than {@link MAX_MESSAGE_SIZE}. */
  Oversized: 'oversized',
  /** A widget URL is not https (localhost excepted) or not a URL. */
  InvalidWidgetUrl: 'invalid-widget-url',
  /** A widget-token response is not `{token, expiresAt?}`. */
  InvalidTokenResponse: 'invalid-token-response',
  /** A webhook body (`readWebhookEvent`) is not an event, or a known event type has the wrong shape. */
  InvalidWebhookEvent: 'invalid-webhook-event',
  /** A required option or URL parameter is missing or malformed. */
  InvalidOption: 'invalid-option',
  /** The iframe side: the host answered a token request with `token-error` (it could not get a fresh token). */
  TokenRefreshFailed: 'token-refresh-failed',
} as const;

/** Union of {@link ProtocolErrorCode} values. */
export type ProtocolErrorCode = (typeof ProtocolErrorCode)[keyof typeof ProtocolErrorCode];

/** The one error type of `@cosmopoints/protocol`. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    /** Why it failed; stable across releases. */
    readonly code: ProtocolErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`@cosmopoints/protocol: ${message}`, options);
  }
}
