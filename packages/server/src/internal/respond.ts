/**
 * Route answers. A route's work produces a {@link Reply} (status, headers, JSON text); the public handler turns it into
 * a `Response`, and the Node adapter writes it to the socket directly. On Node, building a `Response` and reading its
 * stream back costs more than the route's own work, so the adapter skips both (see `toNodeHandler`).
 */

/** A route's answer before it becomes a `Response`: never cached, JSON (or no body). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** The JSON text, or null for no body. */
  text: string | null;
}

/** The reply-producing core of a route handler: the request, and its body when the adapter has already read it. */
export type ReplyHandler = (request: Request, body?: Uint8Array) => Promise<Reply>;

/** Where a route handler keeps its {@link ReplyHandler}, for the Node adapter. */
export const REPLY_HANDLER: unique symbol = Symbol.for('@cosmopoints/server.reply-handler');

/** A JSON reply with `Cache-Control: no-store`. */
export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, text: JSON.stringify(body), headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers } };
}

/** The `Response` for a reply. */
export const toResponse = (reply: Reply): Response => new Response(reply.text, { status: reply.status, headers: reply.headers });

/** The public `(request) => Promise<Response>` handler for a route core, carrying the core for the Node adapter. */
export function routeHandler(core: ReplyHandler): (request: Request) => Promise<Response> {
  const handler = async (request: Request) => toResponse(await core(request));
  Object.defineProperty(handler, REPLY_HANDLER, { value: core });
  return handler;
}

/** Calls a partner's logging hook; a throwing hook must never change the response. */
export function reportTo(hook: ((error: unknown, request: Request) => void) | undefined): (error: unknown, request: Request) => void {
  return (error, request) => {
    try {
      hook?.(error, request);
    } catch {
      // ignored on purpose
    }
  };
}
