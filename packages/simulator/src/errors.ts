/**
 * The simulator's one error table and its error class. Every code the package produces is a member: the codes
 * `startSimulator()` and `sim.control` throw, the codes its HTTP API answers in `{error: {code, message}}` bodies
 * (the status of each is chosen by the HTTP layer, `http.ts`), and the codes its widget apps post to the host page
 * in `error` and `transaction-fail` messages. The store throws these codes as domain errors; it knows no HTTP.
 *
 * No `node:*` import here: the widget apps (browser code) read the same table.
 */
// Type only: the widget apps bundle this table, and the value would bring zod along.
import type { DUPLICATE_REFERENCE } from '@cosmopoints/protocol/cosmo-api';

/** Machine-readable reasons a simulator operation failed. Codes are public API; messages are not. */
export const SimulatorErrorCode = {
  // ─── thrown by startSimulator() and sim.control ───────────────────────────────────────────────────────────────
  /** An option passed to `startSimulator()`, the CLI or a control operation is malformed (over HTTP: 400 `invalid-request`). */
  InvalidOption: 'invalid-option',
  /** The HTTP server could not listen (port in use, permission denied). */
  ListenFailed: 'listen-failed',
  /** The simulator was already closed. */
  Closed: 'closed',

  // ─── answered by the HTTP API, the widget API and the control API ────────────────────────────────────────────
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
  /** The host page's origin is not in `allowedOrigins` (the widget page's 403, an HTML page carrying the code). */
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
  DuplicateReferenceNumber: 'duplicate-reference-number' satisfies (typeof DUPLICATE_REFERENCE)['code'],
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
  /** No such program sign-in for this user (unknown id, or another user's). */
  SignInNotFound: 'sign-in-not-found',
  /** The program requires the user to sign in with it first: connect with the id of a completed sign-in. */
  SignInRequired: 'sign-in-required',
  /** The sign-in is no longer pending (cancelled or expired) and cannot be completed; the error's `status` says which. */
  SignInClosed: 'sign-in-closed',
  /** A failure injected through the control API (unless its rule names another code). */
  SimulatedFailure: 'simulated-failure',
  /** Too many requests (injected through the control API with status 429). */
  RateLimited: 'rate-limited',
  /** The widget apps were not built (`pnpm --filter @cosmopoints/simulator build`). */
  AppsNotBuilt: 'apps-not-built',
  /** `POST /__control/wait-for-deliveries`: deliveries were still pending when its `timeoutMs` ran out. */
  Timeout: 'timeout',
  /** The simulator hit an unexpected error (a bug: it is also printed with its stack). */
  Internal: 'internal',

  // ─── posted by the widget apps to the host page, besides the API codes they pass on ──────────────────────────
  /** The widget API could not be reached. */
  NetworkError: 'network-error',
  /** The widget token expired and the host did not hand over a fresh one. */
  TokenRefreshFailed: 'token-refresh-failed',
  /** The widget API answered an error without a code (something between the app and the simulator answered). */
  UnexpectedResponse: 'unexpected-response',
  /** The app itself failed unexpectedly. */
  Unexpected: 'unexpected',
  /** The program sign-in expired before the user completed it (the multibrand app's sign-in step). */
  SignInExpired: 'sign-in-expired',
  /** The iframe helper refused to ask the host to open a URL (`open-url`: not https, and the simulator not on a loopback address). */
  OpenUrlRefused: 'open-url-refused',
} as const;

/** Union of {@link SimulatorErrorCode} values. */
export type SimulatorErrorCode = (typeof SimulatorErrorCode)[keyof typeof SimulatorErrorCode];

/**
 * The codes the API answered with, under their former name: the same table as {@link SimulatorErrorCode}.
 * @deprecated Use {@link SimulatorErrorCode}, the one table of every code.
 */
export const ApiErrorCode = SimulatorErrorCode;
/** @deprecated Use {@link SimulatorErrorCode}. */
export type ApiErrorCode = SimulatorErrorCode;

/** Options of {@link SimulatorError}. */
export interface SimulatorErrorOptions {
  cause?: unknown;
  /** Extra fields of the API's error object, e.g. the existing `transactionId` of a duplicate reference. */
  details?: Readonly<Record<string, unknown>>;
}

/** The one error type of `@cosmopoints/simulator`. */
export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';
  /** Extra fields the API answers beside `code` and `message` (empty for most codes). */
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    /** Why it failed; stable across releases. */
    readonly code: SimulatorErrorCode,
    message: string,
    options: SimulatorErrorOptions = {},
  ) {
    super(`@cosmopoints/simulator: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details ?? {};
  }
}
