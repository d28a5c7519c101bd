/**
 * Error codes the route handlers put in their JSON responses (`{error: {code, message}}`). They are public API for
 * whoever calls the route (the widget elements, Cosmo's webhook sender); messages are not.
 */
export const EndpointErrorCode = {
  /** The method is not POST (405, with `Allow: POST`; OPTIONS answers CORS preflights on the token route). */
  MethodNotAllowed: 'method-not-allowed',
  /**
   * The token request body is not JSON `{"widget": "purchase" | "multibrand"}` or names a widget this route does not
   * serve (400; 415 without `Content-Type: application/json`), or a body could not be read (the client broke off).
   */
  InvalidRequest: 'invalid-request',
  /** `authenticate(request)` returned null: no signed-in user (401). Cosmo is not called. */
  Unauthenticated: 'unauthenticated',
  /** A cross-origin request from an origin outside `allowedOrigins` (403). */
  OriginNotAllowed: 'origin-not-allowed',
  /** Cosmo failed or was unreachable while minting the token (502; 503 when Cosmo rate-limited us, 504 on timeout). */
  UpstreamFailed: 'upstream-failed',
  /** The body is larger than the route accepts (413); reading stopped at the limit. */
  PayloadTooLarge: 'payload-too-large',
  /** The body did not arrive within the Node adapter's `bodyTimeoutMs` (408, `Connection: close`). */
  RequestTimeout: 'request-timeout',
  /** A shared store (access-token cache, webhook id store) failed or is unreachable (503, `Retry-After`); nothing about it is in the answer. */
  StoreUnavailable: 'store-unavailable',
  /** Another instance is processing this `webhook-id` under a lease that has not expired (409, `Retry-After`): the sender retries later. */
  WebhookInProgress: 'webhook-in-progress',
  /** The webhook failed verification (400 malformed, 401 not authentic or outside the time window); see `reason`. */
  WebhookVerificationFailed: 'webhook-verification-failed',
  /** Your webhook callback threw (500), so Cosmo retries the delivery later. */
  WebhookHandlerFailed: 'webhook-handler-failed',
  /** An unexpected error inside the route, including a throwing `authenticate` hook (500). */
  InternalError: 'internal-error',
} as const;

/** Union of {@link EndpointErrorCode} values. */
export type EndpointErrorCode = (typeof EndpointErrorCode)[keyof typeof EndpointErrorCode];
