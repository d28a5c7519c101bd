/**
 * The partner app every runtime test serves: the token route and the webhook route of each crypto entry it is given,
 * mounted at `/{entry}/token` and `/{entry}/webhook`, plus `/{entry}/calls` (how often each webhook-id's callback ran),
 * `/{entry}/answers` (the status each route last answered, whatever the client managed to read of it) and
 * `/{entry}/runtime`. Bundled by esbuild (runtimes.test.ts) and run by Bun, Deno, workerd and a foreign V8 realm.
 */
import type * as Server from '../../../../src/index.js';

/** Where the app finds Cosmo (the simulator on loopback) and its webhook secret. */
export interface AppEnv {
  simulatorUrl: string;
  webhookSecret: string;
}

/** Builds the app's `fetch` for the given entries (`web`: Web Crypto; `node`: node:crypto). */
export function createApp(entries: Record<string, typeof Server>, env: AppEnv): (request: Request) => Promise<Response> {
  const routes = new Map<string, (request: Request) => Promise<Response>>();
  const answers: Record<string, number> = {};
  const recorded = (path: string, route: (request: Request) => Promise<Response>) => async (request: Request) => {
    const response = await route(request);
    answers[path] = response.status;
    return response;
  };
  for (const [name, server] of Object.entries(entries)) {
    const calls: Record<string, number> = {};
    const client = server.createCosmoClient({ clientId: 'acme', clientSecret: 'acme-secret-sandbox', baseUrl: env.simulatorUrl, retries: 0 });
    routes.set(`/${name}/token`, recorded(`/${name}/token`, server.createTokenHandler({ client, authenticate: (request) => (request.headers.get('cookie') === 'session=alice' ? { userId: 'alice' } : null) })));
    routes.set(
      `/${name}/webhook`,
      recorded(
        `/${name}/webhook`,
        server.createWebhookHandler({
          secrets: env.webhookSecret,
          on: { 'transaction.confirmed': (event) => void (calls[event.id] = (calls[event.id] ?? 0) + 1) },
        }),
      ),
    );
    routes.set(`/${name}/answers`, async () => Response.json(answers));
    routes.set(`/${name}/calls`, async () => Response.json(calls));
    routes.set(`/${name}/runtime`, async () => Response.json({ crypto: server.cryptoRuntime }));
  }
  return async (request) => {
    const route = routes.get(new URL(request.url).pathname);
    return route ? route(request) : new Response('not found', { status: 404 });
  };
}
