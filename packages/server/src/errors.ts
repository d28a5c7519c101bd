/**
 * The package's one error table, its two views and its error classes. Every code `@cosmopoints/server` produces is a
 * member of {@link CosmoServerErrorCode}: the `code` of a thrown {@link CosmoServerError}, the `reason` of a
 * {@link WebhookVerificationError}, and the `code` its routes answer in `{error: {code, message}}`. The views
 * {@link WebhookVerificationReason} and {@link EndpointErrorCode} pick the members seen in one place; they hold no code
 * of their own. Codes are public API; messages are not, and nothing reads a message.
 */

/** Every machine-readable code of `@cosmopoints/server`. Codes are public API; messages are not. */
export const CosmoServerErrorCode = {
  // ─── the `code` of a thrown CosmoServerError ─────────────────────────────────────────────────────────────────
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
  /**
   * A shared store (the access-token cache, the webhook id store: Redis, SQL, KV) failed or is unreachable; not Cosmo.
   * Thrown by the client, and answered by both routes (503, `Retry-After`) with nothing about the store.
   */
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
  /**
   * A webhook failed verification: thrown as {@link WebhookVerificationError} (see its `reason`), and answered by the
   * webhook route (400 malformed, 401 not authentic or outside the time window) with the `reason`.
   */
  WebhookVerificationFailed: 'webhook-verification-failed',

  // ─── the `reason` of a WebhookVerificationError ──────────────────────────────────────────────────────────────
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
  /**
   * A body is larger than the limit, and reading stopped there: a verifier's `Request` payload over its
   * `maxBodyBytes` (the reason), or a route's body over its limit (answered 413, by the Node adapter too).
   */
  PayloadTooLarge: 'payload-too-large',
  /** The signature holds but the body is not UTF-8 JSON. */
  InvalidJson: 'invalid-json',
  /** The signature holds and the JSON parses, but it is not an event (no `type`), or a known type has the wrong shape. */
  InvalidEvent: 'invalid-event',

  // ─── answered by the routes in {error: {code, message}} (besides the shared codes above) ─────────────────────
  /** The method is not POST (405, with `Allow: POST`; OPTIONS answers CORS preflights on the token route). */
  MethodNotAllowed: 'method-not-allowed',
  /**
   * The token request body is not JSON `{"widget": "purchase" | "multibrand"}` or names a widget this route does not
   * serve (400; 415 without `Content-Type: application/json`), a body could not be read (the client broke off), or
   * the Node adapter got a malformed `Host` or request-target (400).
   */
  InvalidRequest: 'invalid-request',
  /** `authenticate(request)` returned null: no signed-in user (401). Cosmo is not called. */
  Unauthenticated: 'unauthenticated',
  /** A cross-origin request from an origin outside `allowedOrigins` (403). */
  OriginNotAllowed: 'origin-not-allowed',
  /** Cosmo failed or was unreachable while minting the token (502; 503 when Cosmo rate-limited us, 504 on timeout). */
  UpstreamFailed: 'upstream-failed',
  /** The body did not arrive within the Node adapter's `bodyTimeoutMs` (408, `Connection: close`). */
  RequestTimeout: 'request-timeout',
  /** Another instance is processing this `webhook-id` under a lease that has not expired (409, `Retry-After`): the sender retries later. */
  WebhookInProgress: 'webhook-in-progress',
  /** Your webhook callback threw (500), so Cosmo retries the delivery later. */
  WebhookHandlerFailed: 'webhook-handler-failed',
  /** An unexpected error inside the route, including a throwing `authenticate` hook (500). */
  InternalError: 'internal-error',
} as const;

/** Union of {@link CosmoServerErrorCode} values. */
export type CosmoServerErrorCode = (typeof CosmoServerErrorCode)[keyof typeof CosmoServerErrorCode];

type Table = typeof CosmoServerErrorCode;

/** The members `names` of the table, under the same names (and, through `Pick`, the same docs). */
const view = <Name extends keyof Table>(names: readonly Name[]): Pick<Table, Name> =>
  Object.fromEntries(names.map((name) => [name, CosmoServerErrorCode[name]])) as Pick<Table, Name>;

const REASONS = [
  'MissingHeaders',
  'MalformedTimestamp',
  'TimestampTooOld',
  'TimestampTooNew',
  'MalformedSignature',
  'UnsupportedSignatureVersion',
  'SignatureMismatch',
  'InvalidBodyType',
  'PayloadTooLarge',
  'InvalidJson',
  'InvalidEvent',
] as const;

/** Why a webhook failed verification: the members of {@link CosmoServerErrorCode} a `WebhookVerificationError.reason` can be. */
export const WebhookVerificationReason: Pick<Table, (typeof REASONS)[number]> = view(REASONS);

/** Union of {@link WebhookVerificationReason} values. */
export type WebhookVerificationReason = (typeof WebhookVerificationReason)[keyof typeof WebhookVerificationReason];

const ANSWERED = [
  'MethodNotAllowed',
  'InvalidRequest',
  'Unauthenticated',
  'OriginNotAllowed',
  'UpstreamFailed',
  'PayloadTooLarge',
  'RequestTimeout',
  'StoreUnavailable',
  'WebhookInProgress',
  'WebhookVerificationFailed',
  'WebhookHandlerFailed',
  'InternalError',
] as const;

/**
 * The codes the routes put in their JSON error answers (`{error: {code, message}}`): the members of
 * {@link CosmoServerErrorCode} a caller of a route (the widget elements, Cosmo's webhook sender) can see.
 */
export const EndpointErrorCode: Pick<Table, (typeof ANSWERED)[number]> = view(ANSWERED);

/** Union of {@link EndpointErrorCode} values. */
export type EndpointErrorCode = (typeof EndpointErrorCode)[keyof typeof EndpointErrorCode];

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
