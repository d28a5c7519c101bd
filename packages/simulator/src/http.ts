/**
 * The HTTP layer's shared pieces, used by every route module and by the server loop: what a route is, reading a
 * request body (size limit, JSON, a zod schema), and answering an error. The store and the other domain modules throw
 * {@link SimulatorError}s with a code and no status; {@link ERROR_STATUS} is the one place a code meets its status.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Environment } from '@cosmopoints/protocol';
import { camelizeKeys } from '@cosmopoints/protocol/cosmo-api';
import type * as z from 'zod';
import { SimulatorError, SimulatorErrorCode } from './errors.js';
import type { RouteName } from './faults.js';
import { sendError } from './internal/http.js';
import type { Matchable } from './internal/router.js';

/** What a route handler gets. */
export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Capture groups of the route's pattern, decoded. */
  params: string[];
  /** Set when the path carried an `/sandbox` or `/production` prefix: only that environment's credentials and tokens are accepted. */
  environment?: Environment;
  /** Aborted when the simulator closes. */
  signal: AbortSignal;
}

/** One route. */
export interface Route extends Matchable {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Route names for the request log (the first) and fault rules (any of them). */
  readonly names: readonly [RouteName, ...RouteName[]];
  handle(request: RouteRequest): void | Promise<void>;
}

/** Request bodies larger than this are refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Codes that are never answered with their own status: thrown to programmatic callers, or posted by the widget apps. */
type UnansweredCode =
  | typeof SimulatorErrorCode.InvalidOption
  | typeof SimulatorErrorCode.ListenFailed
  | typeof SimulatorErrorCode.Closed
  | typeof SimulatorErrorCode.NetworkError
  | typeof SimulatorErrorCode.TokenRefreshFailed
  | typeof SimulatorErrorCode.UnexpectedResponse
  | typeof SimulatorErrorCode.Unexpected
  | typeof SimulatorErrorCode.SignInExpired
  | typeof SimulatorErrorCode.OpenUrlRefused;

const C = SimulatorErrorCode;
/**
 * The HTTP status of every code the API answers with. `invalid-option` (a malformed control request) is answered as
 * 400 `invalid-request`; a closed simulator drops the connection; an injected fault answers its rule's status.
 */
export const ERROR_STATUS = {
  [C.InvalidJson]: 400,
  [C.InvalidRequest]: 400,
  [C.InvalidShare]: 400,
  [C.MemberFieldRequired]: 400,
  [C.Unauthorized]: 401,
  [C.InvalidClient]: 401,
  [C.InvalidToken]: 401,
  [C.TokenExpired]: 401,
  [C.Declined]: 402,
  [C.WrongWidget]: 403,
  [C.SignInRequired]: 403,
  [C.OriginNotAllowed]: 403,
  [C.NotFound]: 404,
  [C.ProgramNotFound]: 404,
  [C.TransactionNotFound]: 404,
  [C.NotConnected]: 404,
  [C.SignInNotFound]: 404,
  [C.MethodNotAllowed]: 405,
  [C.DuplicateReferenceNumber]: 409,
  [C.ProgramInactive]: 409,
  [C.IdempotencyConflict]: 409,
  [C.AlreadyConnected]: 409,
  [C.SignInClosed]: 409,
  [C.PayloadTooLarge]: 413,
  [C.ValueTooLow]: 422,
  [C.ValueTooHigh]: 422,
  [C.PointsTooLow]: 422,
  [C.PointsTooHigh]: 422,
  [C.LimitExceeded]: 422,
  [C.RateLimited]: 429,
  [C.SimulatedFailure]: 500,
  [C.AppsNotBuilt]: 500,
  [C.Internal]: 500,
  [C.Timeout]: 504,
} as const satisfies Record<Exclude<SimulatorErrorCode, UnansweredCode>, number>;

/**
 * Reads the request body as UTF-8 text, refusing more than {@link MAX_BODY_BYTES}.
 * @throws {SimulatorError} `payload-too-large`
 */
export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new SimulatorError(C.PayloadTooLarge, `request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a JSON body with its keys camelised; an empty body reads as `{}`.
 * @throws {SimulatorError} `payload-too-large`, `invalid-json`
 */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readText(req);
  if (text.trim() === '') return {};
  try {
    // Cosmo's real casing is unknown (docs/DESIGN-NOTES.md): read snake_case as well as camelCase, as the SDK does.
    return camelizeKeys(JSON.parse(text));
  } catch {
    throw new SimulatorError(C.InvalidJson, 'request body is not valid JSON');
  }
}

/**
 * Parses a body with a zod schema.
 * @throws {SimulatorError} `invalid-request`, naming the first problem
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new SimulatorError(C.InvalidRequest, `${where}${issue?.message ?? 'invalid body'}`);
}

/**
 * Answers a failed request: a {@link SimulatorError} with the status of its code (`{error: {code, message,
 * ...details}}`); anything else as 500 `internal`, printed, since it is a bug. Once the head is sent, or when the
 * simulator closed, the connection is dropped instead.
 */
export function respondWithError(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || (error instanceof SimulatorError && error.code === C.Closed)) {
    res.destroy();
    return;
  }
  if (error instanceof SimulatorError) {
    if (error.code === C.InvalidOption) return sendError(res, ERROR_STATUS[C.InvalidRequest], C.InvalidRequest, error.message, headers);
    if (Object.hasOwn(ERROR_STATUS, error.code)) {
      return sendError(res, ERROR_STATUS[error.code as keyof typeof ERROR_STATUS], error.code, error.message, headers, error.details);
    }
  }
  const internal = new SimulatorError(C.Internal, 'the simulator hit an unexpected error', { cause: error });
  sendError(res, ERROR_STATUS[C.Internal], internal.code, internal.message, headers);
  console.error(internal);
}
