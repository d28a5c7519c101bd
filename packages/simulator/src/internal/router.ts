/** A minimal method + path router: finds the route whose anchored pattern matches a path. */

/** What {@link match} needs of a route. */
export interface Matchable {
  readonly method: string;
  /** Anchored pattern over the path; its capture groups become the route's parameters. */
  readonly pattern: RegExp;
}

/**
 * Finds the route for a method and path: the route with its decoded parameters, or the methods allowed on the path
 * when only the method is wrong (`HEAD` is served by a `GET` route), or `undefined`.
 * @throws {URIError} when a parameter is not valid percent-encoding
 */
export function match<R extends Matchable>(routes: readonly R[], method: string, path: string): { route: R; params: string[] } | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const route of routes) {
    const found = route.pattern.exec(path);
    if (!found) continue;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
      return { route, params: found.slice(1).map((part) => decodeURIComponent(part ?? '')) };
    }
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}
