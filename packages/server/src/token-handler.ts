/**
 * The partner's token route (the security rules of `docs/DESIGN-NOTES.md`): the widget element POSTs
 * `{"widget": "purchase"}`, the route asks the partner's `authenticate` hook who is signed in, mints a widget token for
 * that user and answers `{token, expiresAt}`. The user never comes from the body. A Web-standard `(Request) => Promise<Response>`, so it
 * mounts unchanged in Hono, Next.js route handlers, Workers, Deno and Bun; `@cosmopoints/server/node` adapts it.
 */
import { WIDGET_KINDS } from '@cosmopoints/protocol';
import type { WidgetKind } from '@cosmopoints/protocol';
import type { CosmoClient } from './client/cosmo-client.js';
import { errorResponse, payloadTooLarge } from './endpoint-errors.js';
import { CosmoServerError, CosmoServerErrorCode, EndpointErrorCode } from './errors.js';
import { isBodyFailure, readBodyLimited } from './internal/body.js';
import { json, reportTo } from './internal/respond.js';

/** Who is signed in, as your `authenticate` hook reports it. */
export interface AuthenticatedUser {
  /** Your opaque, stable id for the user; Cosmo sees only this. */
  userId: string;
}

/** Options of {@link createTokenHandler}. */
export interface TokenHandlerOptions {
  /** The Cosmo client (anything with `createWidgetToken`). */
  client: Pick<CosmoClient, 'createWidgetToken'>;
  /**
   * Reads your session (cookie, header) and returns the signed-in user, or null (→ 401, Cosmo not called). Required.
   * It runs after the route has read the body (`{widget}`), so read cookies and headers, not the body.
   */
  authenticate: (request: Request) => Promise<AuthenticatedUser | null> | AuthenticatedUser | null;
  /**
   * Origins allowed to call this route cross-origin (exact `scheme://host[:port]`). Empty (default): same-origin
   * only. Never `*`.
   */
  allowedOrigins?: readonly string[];
  /** Request headers a cross-origin caller may send (preflight). Default `content-type`, `authorization`. */
  allowedHeaders?: readonly string[];
  /** The widget kinds this route mints tokens for. Default both. */
  widgets?: readonly WidgetKind[];
  /** Observes failures (a throwing `authenticate`, Cosmo errors) for logging; its own errors are swallowed. */
  onError?: (error: unknown, request: Request) => void;
}

/** The token route's body limit: `{"widget": "multibrand"}` is 24 bytes. */
const MAX_BODY_BYTES = 4096;
const decoder = new TextDecoder('utf-8', { fatal: true });

function normaliseOrigin(origin: unknown): string {
  if (typeof origin !== 'string') throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'createTokenHandler: allowedOrigins must be strings');
  if (origin === '*') throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'createTokenHandler: "*" is not allowed in allowedOrigins; list the exact origins');
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `createTokenHandler: allowedOrigins entry "${origin}" is not an origin such as https://shop.example`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin.replace(/\/$/, '')) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `createTokenHandler: allowedOrigins entry "${origin}" must be exactly scheme://host[:port]`);
  }
  return url.origin;
}

function upstreamStatus(error: unknown): number {
  if (error instanceof CosmoServerError) {
    if (error.code === CosmoServerErrorCode.RateLimited) return 503;
    if (error.code === CosmoServerErrorCode.Timeout) return 504;
  }
  return 502;
}

/**
 * Creates the token route.
 * @example
 * const tokenRoute = createTokenHandler({
 *   client: cosmo,
 *   authenticate: async (request) => { const user = await sessionUser(request); return user ? { userId: user.id } : null; },
 * });
 * export const POST = tokenRoute; // Next.js App Router: app/api/cosmo/token/route.ts
 */
export function createTokenHandler(options: TokenHandlerOptions): (request: Request) => Promise<Response> {
  const invalid = (message: string) => new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `createTokenHandler: ${message}`);
  if (typeof options !== 'object' || options === null) throw invalid('pass {client, authenticate}');
  if (typeof options.client?.createWidgetToken !== 'function') throw invalid('client must be a Cosmo client (createCosmoClient)');
  if (typeof options.authenticate !== 'function') {
    throw invalid('authenticate(request) is required: it returns the signed-in user, so a token is never minted for a user id sent by the browser');
  }
  const allowed = new Set((options.allowedOrigins ?? []).map(normaliseOrigin));
  const widgets = options.widgets ?? WIDGET_KINDS;
  if (!Array.isArray(widgets) || widgets.length === 0 || widgets.some((kind) => !(WIDGET_KINDS as readonly string[]).includes(kind))) {
    throw invalid(`widgets must be a non-empty list of ${WIDGET_KINDS.join(', ')}`);
  }
  const allowedHeaders = (options.allowedHeaders ?? ['content-type', 'authorization']).join(', ');
  const allowMethods = allowed.size > 0 ? 'POST, OPTIONS' : 'POST';
  const { client, authenticate } = options;
  const report = reportTo(options.onError);

  return async function tokenRoute(request: Request): Promise<Response> {
    const origin = request.headers.get('origin');
    const headers: Record<string, string> = { vary: 'Origin' };
    let crossOrigin = false;
    if (origin !== null) {
      let own: string | undefined;
      try {
        own = new URL(request.url).origin;
      } catch {
        own = undefined;
      }
      // Behind a proxy request.url may name the internal host; the browser's Sec-Fetch-Site still tells the truth.
      crossOrigin = origin !== own && request.headers.get('sec-fetch-site') !== 'same-origin';
      if (crossOrigin) {
        if (!allowed.has(origin)) {
          return errorResponse(403, EndpointErrorCode.OriginNotAllowed, 'this origin may not request Cosmo widget tokens; add it to allowedOrigins', headers);
        }
        headers['access-control-allow-origin'] = origin;
        headers['access-control-allow-credentials'] = 'true';
      }
    }
    if (request.method === 'OPTIONS' && crossOrigin) {
      return new Response(null, {
        status: 204,
        headers: { ...headers, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': allowedHeaders, 'access-control-max-age': '600', 'cache-control': 'no-store' },
      });
    }
    if (request.method !== 'POST') return errorResponse(405, EndpointErrorCode.MethodNotAllowed, 'use POST', { ...headers, allow: allowMethods });

    // JSON only: a cross-site HTML form cannot send application/json, and a cross-site fetch with it needs a preflight.
    const contentType = request.headers.get('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      return errorResponse(415, EndpointErrorCode.InvalidRequest, 'send Content-Type: application/json with {"widget": "purchase" | "multibrand"}', headers);
    }
    // Read once, through the limit (no clone: a clone tees the stream and keeps a second copy).
    const bytes = await readBodyLimited(request, MAX_BODY_BYTES);
    if (isBodyFailure(bytes)) {
      if (bytes.failure === 'too-large') return payloadTooLarge(MAX_BODY_BYTES, headers);
      report(bytes.cause, request);
      return errorResponse(400, EndpointErrorCode.InvalidRequest, 'the request body could not be read', headers);
    }
    let widget: WidgetKind;
    try {
      const body: unknown = JSON.parse(decoder.decode(bytes));
      const kind = (body as { widget?: unknown } | null)?.widget;
      if (typeof body !== 'object' || body === null || Array.isArray(body) || !widgets.includes(kind as WidgetKind)) {
        return errorResponse(400, EndpointErrorCode.InvalidRequest, `body must be {"widget": ${widgets.map((w) => `"${w}"`).join(' | ')}}`, headers);
      }
      widget = kind as WidgetKind;
    } catch {
      return errorResponse(400, EndpointErrorCode.InvalidRequest, 'body is not JSON', headers);
    }

    let user: AuthenticatedUser | null;
    try {
      user = await authenticate(request);
    } catch (error) {
      report(error, request);
      return errorResponse(500, EndpointErrorCode.InternalError, 'authentication failed', headers);
    }
    if (user === null || user === undefined) return errorResponse(401, EndpointErrorCode.Unauthenticated, 'sign in first', headers);
    if (typeof user.userId !== 'string' || user.userId.length === 0) {
      report(invalid('authenticate returned a user without a non-empty string userId'), request);
      return errorResponse(500, EndpointErrorCode.InternalError, 'authentication failed', headers);
    }

    try {
      // request.signal: a client that goes away (the Node adapter aborts it on disconnect) stops the call to Cosmo.
      const minted = await client.createWidgetToken({ widget, userId: user.userId, signal: request.signal });
      return json(200, minted.expiresAt === undefined ? { token: minted.token } : { token: minted.token, expiresAt: minted.expiresAt }, headers);
    } catch (error) {
      report(error, request);
      if (error instanceof CosmoServerError && error.code === CosmoServerErrorCode.StoreUnavailable) {
        // Our shared store (the access-token cache) failed, not Cosmo: say so, and nothing more.
        return errorResponse(503, EndpointErrorCode.StoreUnavailable, 'the token store is unavailable; try again', { ...headers, 'retry-after': '5' });
      }
      return errorResponse(upstreamStatus(error), EndpointErrorCode.UpstreamFailed, 'could not get a widget token from Cosmo; try again', headers);
    }
  };
}
