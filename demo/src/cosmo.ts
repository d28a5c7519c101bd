/**
 * The whole Cosmo integration of Acme's backend: two routes, both from `@cosmopoints/server`, nothing
 * hand-made. This is the file a partner copies.
 *
 * - `POST /api/cosmo/token`: the widgets ask it for a short-lived widget token. It learns WHO is asking
 *   from Acme's own session (`authenticate`), never from the request body, and answers 401 without
 *   calling Cosmo when nobody is signed in. The client id and secret stay on the server.
 * - `POST /webhooks/cosmo`: Cosmo's signed webhooks. The handler verifies the signature over the raw
 *   bytes, drops redeliveries by `webhook-id`, and only then calls the typed callbacks below, which are
 *   the only code allowed to change Acme's ledger. A DOM event in the browser is never proof of payment.
 */
import { createCosmoClient, createTokenHandler, createWebhookHandler, WebhookVerificationError } from '@cosmopoints/server';
import type { Ledger, ProcessedWebhook } from './ledger.js';
import type { LiveFeed } from './live.js';
import type { SessionStore } from './session.js';

/** What the two routes need: Acme's Cosmo credentials, where Cosmo is, and Acme's own state. */
export interface CosmoRoutesOptions {
  /** Cosmo API base URL (the simulator's URL in the demo). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The `whsec_…` secret(s) Cosmo signs webhooks with; several during a rotation. */
  webhookSecrets: string | string[];
  sessions: SessionStore;
  ledger: Ledger;
  live: LiveFeed;
}

/** The two Web-standard handlers (`Request` → `Response`); mount them on any server. */
export interface CosmoRoutes {
  token: (request: Request) => Promise<Response>;
  webhook: (request: Request) => Promise<Response>;
}

/** Builds the token and webhook routes. */
export function createCosmoRoutes(options: CosmoRoutesOptions): CosmoRoutes {
  const { ledger, live, sessions } = options;
  const client = createCosmoClient({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    environment: 'sandbox',
    baseUrl: options.baseUrl,
  });

  const token = createTokenHandler({
    client,
    // Acme's own sign-in decides who the user is; `null` means 401 and no call to Cosmo.
    authenticate: async (request) => {
      const user = sessions.userFor(request.headers.get('cookie'));
      return user ? { userId: user.userId } : null;
    },
    // The page is served by this backend, so the route stays same-origin only (no `allowedOrigins`, no CORS).
    onError: (error) => console.error('acme: token route:', error instanceof Error ? error.message : error),
  });

  const processed = (entry: Omit<ProcessedWebhook, 'seq' | 'receivedAt' | 'balance'>): void => {
    live.publish({ event: 'webhook', data: ledger.record(entry) });
  };

  const webhook = createWebhookHandler({
    secrets: options.webhookSecrets,
    on: {
      // The proof of a purchase: only now does Acme debit the member's points.
      'transaction.confirmed': (event) => {
        const { userId, points, program, transactionId } = event.data;
        ledger.debit(userId, points);
        processed({
          webhookId: event.id,
          type: event.type,
          userId,
          summary: `Debited ${points.toLocaleString('en-US')} Acme points for ${program.name} (transaction ${transactionId})`,
          data: event.data,
        });
      },
      'program_connection.added': (event) => {
        ledger.setConnections(event.data.userId, event.data.connections);
        processed({
          webhookId: event.id,
          type: event.type,
          userId: event.data.userId,
          summary: `Connected ${event.data.connection.program.name} at ${event.data.connection.share}%`,
          data: event.data,
        });
      },
      'program_connection.updated': (event) => {
        ledger.setConnections(event.data.userId, event.data.connections);
        const before = event.data.previous ? `${event.data.previous.share}% → ` : '';
        processed({
          webhookId: event.id,
          type: event.type,
          userId: event.data.userId,
          summary: `Updated ${event.data.connection.program.name}: ${before}${event.data.connection.share}%`,
          data: event.data,
        });
      },
      'program_connection.removed': (event) => {
        ledger.setConnections(event.data.userId, event.data.connections);
        processed({
          webhookId: event.id,
          type: event.type,
          userId: event.data.userId,
          summary: `Disconnected ${event.data.program.name}`,
          data: event.data,
        });
      },
    },
    // Shown in the live view: a request that failed verification never reaches the callbacks above.
    onError: (error) => {
      if (error instanceof WebhookVerificationError) {
        live.publish({ event: 'rejected', data: { reason: error.reason, at: new Date().toISOString() } });
      }
    },
  });

  return { token, webhook };
}
