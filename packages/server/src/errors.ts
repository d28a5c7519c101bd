/** Machine-readable reasons a `@cosmopoints/server` operation failed. Codes are public API; messages are not. */
export const CosmoServerErrorCode = {
  /** A configuration value is missing or malformed (empty or whitespace secret, bad URL, bad webhook secret…). */
  InvalidConfig: 'invalid-config',
  /** An argument to a call is invalid (empty user id, a fractional value, a reference number with spaces…); the message names the field. */
  InvalidArgument: 'invalid-argument',
  /** Cosmo rejected the client credentials (401/403 on the token request). */
  Unauthorized: 'unauthorized',
  /** Cosmo answered a 4xx other than 401/403/429; never retried. */
  RequestRejected: 'request-rejected',
  /** Cosmo kept answering 429 until the retries ran out. */
  RateLimited: 'rate-limited',
  /** Cosmo kept answering 5xx until the retries ran out. */
  UpstreamError: 'upstream-error',
  /** A shared store (the access-token cache, the webhook id store: Redis, SQL, KV) failed or is unreachable; not Cosmo. */
  StoreUnavailable: 'store-unavailable',
  /** A network error (connection refused, reset, DNS) persisted through every retry. */
  NetworkError: 'network-error',
  /** Every attempt exceeded the per-attempt timeout. */
  Timeout: 'timeout',
  /** The caller's AbortSignal fired. */
  Aborted: 'aborted',
  /** Cosmo answered 2xx with a body this SDK cannot read: missing fields, wrong types, HTML, an empty body. */
  InvalidResponse: 'invalid-response',
  /** Cosmo answered a redirect (3xx). Never followed, so credentials never reach another URL; usually a wrong `baseUrl` (http for https). */
  UnexpectedRedirect: 'unexpected-redirect',
  /** `issuePoints`: the `referenceNumber` already names a transaction with another program or value. Use a new reference. */
  ReferenceConflict: 'reference-conflict',
  /** A webhook failed verification; see {@link WebhookVerificationError.reason}. */
  WebhookVerificationFailed: 'webhook-verification-failed',
} as const;

/** Union of {@link CosmoServerErrorCode} values. */
export type CosmoServerErrorCode = (typeof CosmoServerErrorCode)[keyof typeof CosmoServerErrorCode];

/**
 * The error type of `@cosmopoints/server`. Messages never carry a secret, a token or an upstream body.
 * `status` is Cosmo's HTTP status when the failure came from a response; `upstreamCode` is Cosmo's own
 * `error.code` when its error body had one.
 */
export class CosmoServerError extends Error {
  override readonly name: string = 'CosmoServerError';
  /** Cosmo's HTTP status, when the error came from a response. */
  readonly status: number | undefined;
  /** Cosmo's `error.code`, when its error body carried one. */
  readonly upstreamCode: string | undefined;
  constructor(
    /** Why it failed; stable across releases. */
    readonly code: CosmoServerErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number; upstreamCode?: string },
  ) {
    super(`@cosmopoints/server: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status;
    this.upstreamCode = options?.upstreamCode;
  }
}

/** Why a webhook failed verification. Reasons are public API. */
export const WebhookVerificationReason = {
  /** `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent or empty (or the id is too long). */
  MissingHeaders: 'missing-headers',
  /** `webhook-timestamp` is not a plain decimal integer of Unix seconds. */
  MalformedTimestamp: 'malformed-timestamp',
  /** The timestamp is older than the tolerance (a replay or a very late delivery). */
  TimestampTooOld: 'timestamp-too-old',
  /** The timestamp is further in the future than the tolerance (clock skew or forgery). */
  TimestampTooNew: 'timestamp-too-new',
  /** A `v1` entry in `webhook-signature` is not `v1,<base64 of 32 bytes>`, and no other entry matched. */
  MalformedSignature: 'malformed-signature',
  /** `webhook-signature` holds no `v1` entry (only unknown versions such as `v2`). */
  UnsupportedSignatureVersion: 'unsupported-signature-version',
  /** No `v1` signature matches any configured secret. */
  SignatureMismatch: 'signature-mismatch',
  /** The payload is not a string, Uint8Array, ArrayBuffer or Request, or the Request body was already read or broke off. */
  InvalidBodyType: 'invalid-body-type',
  /** A `Request` payload's body is larger than the verifier's `maxBodyBytes`; reading stopped at the limit. */
  PayloadTooLarge: 'payload-too-large',
  /** The signature holds but the body is not UTF-8 JSON. */
  InvalidJson: 'invalid-json',
  /** The signature holds and the JSON parses, but it is not an event (no `type`), or a known type has the wrong shape. */
  InvalidEvent: 'invalid-event',
} as const;

/** Union of {@link WebhookVerificationReason} values. */
export type WebhookVerificationReason = (typeof WebhookVerificationReason)[keyof typeof WebhookVerificationReason];

/**
 * Thrown by a webhook verifier. A subclass of {@link CosmoServerError} (code `webhook-verification-failed`), so one
 * `instanceof CosmoServerError` catches everything; `reason` says exactly what was wrong.
 */
export class WebhookVerificationError extends CosmoServerError {
  override readonly name: string = 'WebhookVerificationError';
  constructor(
    /** What was wrong with the delivery; stable across releases. */
    readonly reason: WebhookVerificationReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(CosmoServerErrorCode.WebhookVerificationFailed, `webhook ${reason}: ${message}`, options);
  }
}
