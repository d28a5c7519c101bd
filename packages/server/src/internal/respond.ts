/** JSON responses shared by the route handlers: never cached, errors as `{error: {code, message}}`. */

/**
 * The body text of a response built here, kept beside the `Response` so the Node adapter writes it as is instead of
 * reading it back out of the response's stream (a measurable part of a token request on Node).
 */
export const RESPONSE_TEXT: unique symbol = Symbol.for('@cosmopoints/server.response-text');

/** Builds a JSON `Response` with `Cache-Control: no-store`. */
export function json(status: number, body: unknown, headers?: Record<string, string>): Response {
  const text = JSON.stringify(body);
  const response = new Response(text, {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
  Object.defineProperty(response, RESPONSE_TEXT, { value: text });
  return response;
}

/** Builds an error response `{error: {code, message, ...extra}}`. */
export function jsonError(status: number, code: string, message: string, headers?: Record<string, string>, extra?: Record<string, string>): Response {
  return json(status, { error: { code, message, ...extra } }, headers);
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
