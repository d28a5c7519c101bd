/**
 * The partner's Cosmo setup, built once per module instance (one per runtime): the client, the token route and the
 * webhook route of @cosmopoints/server, configured from the environment the test starts `next start` with.
 */
import { createCosmoClient, createTokenHandler, createWebhookHandler } from '@cosmopoints/server';

/** What the webhook route verified, newest last (per runtime: each runtime has its own module instance). */
export interface VerifiedEvent {
  runtime: string;
  webhookId: string;
  type: string;
  transactionId: string;
  userId: string;
  points: number;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The signed-in user: the `acme_user` cookie set by /sign-in (the partner's own auth, kept minimal here). */
function sessionUser(request: Request): { userId: string } | null {
  const match = /(?:^|;\s*)acme_user=([\w-]+)/.exec(request.headers.get('cookie') ?? '');
  return match?.[1] ? { userId: `user_${match[1]}` } : null;
}

/**
 * The token and webhook routes for one runtime, and the events its webhook route verified. Built on the first request
 * (`next build` loads route modules without the runtime environment), then reused.
 */
export function cosmoRoutes(runtime: 'node' | 'edge'): () => ReturnType<typeof createRoutes> {
  let routes: ReturnType<typeof createRoutes> | undefined;
  return () => (routes ??= createRoutes(runtime));
}

function createRoutes(runtime: 'node' | 'edge') {
  const verified: VerifiedEvent[] = [];
  const client = createCosmoClient({ clientId: env('COSMO_CLIENT_ID'), clientSecret: env('COSMO_CLIENT_SECRET'), baseUrl: env('COSMO_API_URL') });
  const token = createTokenHandler({ client, authenticate: sessionUser });
  const webhook = createWebhookHandler({
    secrets: env('COSMO_WEBHOOK_SECRET'),
    on: {
      'transaction.confirmed': (event) => {
        const { transactionId, userId, points } = event.data;
        verified.push({ runtime, webhookId: event.id, type: event.type, transactionId, userId, points });
      },
    },
  });
  return { token, webhook, verified };
}
