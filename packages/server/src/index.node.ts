/**
 * `@cosmopoints/server` for Node (the `node` export condition): exactly the names of `index.ts` (types come from
 * `index.d.ts`), with webhook crypto bound to `node:crypto` (synchronous HMAC + `timingSafeEqual`), which verifies
 * many times faster on Node than Web Crypto one at a time. A test checks that both entries export the same names.
 */
import { bindCrypto } from './internal/bind.js';
import { nodeHmac } from './internal/hmac-node.js';

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

const api = bindCrypto(nodeHmac);

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

/** Which crypto path this entry uses: `'node'` here, `'web'` under the `default` export condition. */
export const cryptoRuntime: string = nodeHmac.name;
