/**
 * `@cosmopoints/server`: the partner-backend half of a Cosmo integration. This is the Web-standard build (the
 * `default` export condition: Cloudflare Workers, Vercel Edge, Deno, Bun): webhook crypto goes through Web Crypto and
 * nothing here imports a `node:*` module. Under the `node` export condition `index.node.ts` is loaded instead: the
 * same names with `node:crypto` HMAC. Node's `http`/Express adapter is the separate `@cosmopoints/server/node` entry.
 */
import { bindCrypto } from './internal/bind.js';
import { webHmac } from './internal/hmac-web.js';

export { createCosmoClient } from './client/cosmo-client.js';
export type { CallOptions, CosmoApiPaths, CosmoClient, CosmoClientConfig, IssuePointsInput, MintedWidgetToken } from './client/cosmo-client.js';
export { MemoryTokenCache } from './client/token-cache.js';
export type { CachedAccessToken, TokenCache } from './client/token-cache.js';
export { createTokenHandler } from './token-handler.js';
export type { AuthenticatedUser, TokenHandlerOptions } from './token-handler.js';
export { EndpointErrorCode } from './endpoint-errors.js';
export { CosmoServerError, CosmoServerErrorCode, WebhookVerificationError, WebhookVerificationReason } from './errors.js';
export { MemoryWebhookIdStore } from './webhooks/id-store.js';
export type { MemoryWebhookIdStoreOptions, WebhookIdStore } from './webhooks/id-store.js';
export { WEBHOOK_SECRET_PREFIX } from './webhooks/secret.js';
export { DEFAULT_WEBHOOK_TOLERANCE_SECONDS } from './webhooks/verifier.js';
export type { VerifiedPayload, VerifiedWebhook, WebhookHeaders, WebhookPayload, WebhookVerifier, WebhookVerifierOptions } from './webhooks/verifier.js';
export type { WebhookCallback, WebhookCallbacks, WebhookContext, WebhookEventMap, WebhookHandlerOptions } from './webhooks/handler.js';
export type { SignedWebhook, SignWebhookOptions } from './webhooks/sign.js';
export type { CosmoProgram, CosmoTransaction } from '@cosmopoints/protocol/cosmo-api';
export type { WebhookEvent, WebhookEventType } from '@cosmopoints/protocol/webhook-events';
export type { WidgetKind } from '@cosmopoints/protocol';

const api = bindCrypto(webHmac);

/**
 * Signs a webhook the way Cosmo does (Standard Webhooks v1), for your own tests.
 * @example
 * const { body, headers } = await signWebhook({ secret: 'whsec_…', payload: { type: 'transaction.confirmed', … } });
 * await fetch('http://localhost:3000/webhooks/cosmo', { method: 'POST', body, headers });
 */
export const signWebhook = api.signWebhook;

/**
 * Creates a verifier for Cosmo's signed webhooks (Standard Webhooks v1) over the raw body.
 * @example
 * const verifier = createWebhookVerifier({ secrets: env.COSMO_WEBHOOK_SECRET });
 * const event = await verifier.verify(request); // throws WebhookVerificationError
 * if (event.known && event.type === 'transaction.confirmed') await fulfil(event.data.transactionId);
 */
export const createWebhookVerifier = api.createWebhookVerifier;

/**
 * Creates the webhook route: verifies, suppresses duplicates by `webhook-id`, dispatches typed callbacks and answers
 * with statuses that make Cosmo retry only when it helps.
 * @example
 * export const POST = createWebhookHandler({
 *   secrets: env.COSMO_WEBHOOK_SECRET,
 *   on: { 'transaction.confirmed': async (event) => debit(event.data.userId, event.data.points) },
 * });
 */
export const createWebhookHandler = api.createWebhookHandler;

/** Which crypto path this entry uses: `'web'` here, `'node'` under the `node` export condition. */
export const cryptoRuntime: string = webHmac.name;
