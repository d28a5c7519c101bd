/** A minimal method + path router over `node:http`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Environment } from '@cosmopoints/protocol';
import type { RouteName } from '../faults.js';

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
export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Anchored pattern over the path (after the environment prefix). */
  pattern: RegExp;
  /** Route names for the request log (the first) and fault rules (any of them). */
  names: readonly [RouteName, ...RouteName[]];
  handle(request: RouteRequest): void | Promise<void>;
}

/** Finds the route for a method and path: the route, or the list of allowed methods when only the method is wrong. */
export function match(routes: readonly Route[], method: string, path: string): { route: Route; params: string[] } | { allowed: string[] } | undefined {
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
