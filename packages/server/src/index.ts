/**
 * `@cosmopoints/server`: the partner-backend half of a Cosmo integration. This is the Web-standard build (the
 * `default` export condition: Cloudflare Workers, Vercel Edge, Deno, Bun): webhook crypto goes through Web Crypto and
 * nothing here imports a `node:*` module. Under the `node` export condition `index.node.ts` is loaded instead: the
 * same names with `node:crypto` HMAC. Node's `http`/Express adapter is the separate `@cosmopoints/server/node` entry.
 *
 * Both conditions take their types, and so these docs, from this file (`package.json` → `types`).
 */
import { bindCrypto } from './bind-crypto.js';
import type { CryptoBound } from './bind-crypto.js';
import { webHmac } from './internal/hmac-web.js';

export * from './core.js';

const bound = bindCrypto(webHmac);

/**
 * Signs a webhook the way Cosmo does (Standard Webhooks v1), for your own tests.
 * @example
 * const { body, headers } = await signWebhook({ secret: 'whsec_…', payload: { type: 'transaction.confirmed', … } });
 * await fetch('http://localhost:3000/webhooks/cosmo', { method: 'POST', body, headers });
 */
export const signWebhook: CryptoBound['signWebhook'] = bound.signWebhook;

/**
 * Creates a verifier for Cosmo's signed webhooks (Standard Webhooks v1) over the raw body.
 * @example
 * const verifier = createWebhookVerifier({ secrets: env.COSMO_WEBHOOK_SECRET });
 * const event = await verifier.verify(request); // throws WebhookVerificationError
 * if (event.known && event.type === 'transaction.confirmed') await fulfil(event.data.transactionId);
 */
export const createWebhookVerifier: CryptoBound['createWebhookVerifier'] = bound.createWebhookVerifier;

/**
 * Creates the webhook route: verifies, suppresses duplicates by `webhook-id`, dispatches typed callbacks and answers
 * with statuses that make Cosmo retry only when it helps.
 * @example
 * export const POST = createWebhookHandler({
 *   secrets: env.COSMO_WEBHOOK_SECRET,
 *   on: { 'transaction.confirmed': async (event) => debit(event.data.userId, event.data.points) },
 * });
 */
export const createWebhookHandler: CryptoBound['createWebhookHandler'] = bound.createWebhookHandler;

/** Which crypto path this entry uses: `'web'` here, `'node'` under the `node` export condition. */
export const cryptoRuntime: string = webHmac.name;
