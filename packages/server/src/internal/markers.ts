/**
 * Markers the Node adapter reads on a route handler. `ACCEPTS_REPARSED_JSON`: the handler can work from a body an
 * Express parser already turned into an object (the token route only reads `{widget}`), so the adapter re-serialises
 * it instead of failing; the webhook route is not marked, it needs the exact bytes that were signed. `BODY_LIMIT`: the
 * handler's own body limit, which the adapter uses as its default, so it never reads more than the route accepts.
 */
export const ACCEPTS_REPARSED_JSON: unique symbol = Symbol.for('@cosmopoints/server.accepts-reparsed-json');
export const BODY_LIMIT: unique symbol = Symbol.for('@cosmopoints/server.body-limit');

/** Marks `handler` as {@link ACCEPTS_REPARSED_JSON} and returns it. */
export function acceptsReparsedJson<T extends object>(handler: T): T {
  Object.defineProperty(handler, ACCEPTS_REPARSED_JSON, { value: true });
  return handler;
}

/** Records `handler`'s body limit in bytes ({@link BODY_LIMIT}) and returns it. */
export function withBodyLimit<T extends object>(maxBytes: number, handler: T): T {
  Object.defineProperty(handler, BODY_LIMIT, { value: maxBytes });
  return handler;
}
