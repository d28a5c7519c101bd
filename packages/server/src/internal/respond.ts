/** How the routes answer: JSON, never cached; and the partner's logging hook, which must never change an answer. */

/** A JSON response with `Cache-Control: no-store`. */
export function json(status: number, body: unknown, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
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
