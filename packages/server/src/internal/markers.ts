/**
 * A marker on route handlers that can work from a body an Express parser already turned into an object (the token
 * route only reads `{widget}`), so the Node adapter re-serialises it instead of failing. The webhook route is not
 * marked: it needs the exact bytes that were signed.
 */
export const ACCEPTS_REPARSED_JSON: unique symbol = Symbol.for('@cosmopoints/server.accepts-reparsed-json');

/** Marks `handler` as {@link ACCEPTS_REPARSED_JSON} and returns it. */
export function acceptsReparsedJson<T extends object>(handler: T): T {
  Object.defineProperty(handler, ACCEPTS_REPARSED_JSON, { value: true });
  return handler;
}
