import { DUPLICATE_REFERENCE } from '@cosmopoints/protocol/cosmo-api';

/**
 * The error codes the simulated Cosmo API answers with, in `{error: {code, message}}` bodies.
 * Codes are public API (tests and the server package branch on them); messages are not.
 */
export const ApiErrorCode = {
  /** The body is not JSON. */
  InvalidJson: 'invalid-json',
  /** The body or a parameter has the wrong shape. */
  InvalidRequest: 'invalid-request',
  /** The body is larger than the 64 KiB limit. */
  PayloadTooLarge: 'payload-too-large',
  /** No `Authorization: Bearer` header. */
  Unauthorized: 'unauthorized',
  /** Unknown client id, wrong secret, or credentials of the other environment. */
  InvalidClient: 'invalid-client',
  /** The bearer token is unknown, of the wrong kind or of the other environment. */
  InvalidToken: 'invalid-token',
  /** The bearer token was valid but has expired: fetch a new one. */
  TokenExpired: 'token-expired',
  /** A widget token of the other widget kind. */
  WrongWidget: 'wrong-widget',
  /** The host page's origin is not in `allowedOrigins`. */
  OriginNotAllowed: 'origin-not-allowed',
  /** No such route. */
  NotFound: 'not-found',
  /** The route exists but not for this method. */
  MethodNotAllowed: 'method-not-allowed',
  /** No such program. */
  ProgramNotFound: 'program-not-found',
  /** The program exists but is inactive. */
  ProgramInactive: 'program-inactive',
  /** No such transaction. */
  TransactionNotFound: 'transaction-not-found',
  /** The widget app's `Idempotency-Key` was used before with a different body. */
  IdempotencyConflict: 'idempotency-conflict',
  /**
   * The `referenceNumber` already names a transaction of this organisation (guess of Cosmo's answer: 409 with the
   * existing `transactionId` and `referenceNumber` in the error object). Nothing is created.
   */
  DuplicateReferenceNumber: DUPLICATE_REFERENCE.code,
  /** The fiat `value` is below the program's `minValue`. */
  ValueTooLow: 'value-too-low',
  /** The fiat `value` is above the program's `maxValue`. */
  ValueTooHigh: 'value-too-high',
  /** The value buys fewer points than the program's `minAmountOfPoints`. */
  PointsTooLow: 'points-too-low',
  /** The value buys more points than the program's `maxAmountOfPoints`. */
  PointsTooHigh: 'points-too-high',
  /** Member validation lacks a field the program requires (see its program fields). */
  MemberFieldRequired: 'member-field-required',
  /** The program declined the purchase (the `prog_decline` test program always does). */
  Declined: 'declined',
  /** More points than one purchase in the purchase widget may carry. */
  LimitExceeded: 'limit-exceeded',
  /** The program is already connected (multibrand). */
  AlreadyConnected: 'already-connected',
  /** The program is not connected (multibrand). */
  NotConnected: 'not-connected',
  /** The share is not an integer 0–100, or would leave the split not summing to 100. */
  InvalidShare: 'invalid-share',
  /** A failure injected through the control API. */
  SimulatedFailure: 'simulated-failure',
  /** Too many requests (injected through the control API with status 429). */
  RateLimited: 'rate-limited',
  /** The widget apps were not built (`pnpm --filter @cosmopoints/simulator build`). */
  AppsNotBuilt: 'apps-not-built',
} as const;

/** Union of {@link ApiErrorCode} values. */
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];
