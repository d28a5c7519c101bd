/**
 * The crypto-independent half of the public API, re-exported by both entries (`index.ts` for Web Crypto,
 * `index.node.ts` for `node:crypto`), so each name is listed once.
 */
export { createCosmoClient } from './client/cosmo-client.js';
export type {
  CallOptions,
  CosmoClient,
  CosmoClientConfig,
  IssuePointsInput,
  ListTransactionsInput,
  MintedWidgetToken,
  PreviewTransactionInput,
  ValidateMemberInput,
} from './client/cosmo-client.js';
export type { CosmoApiPathOverrides, CosmoApiPaths } from './client/paths.js';
export { MemoryTokenCache } from './client/token-cache.js';
export type { CachedAccessToken, MemoryTokenCacheOptions, TokenCache } from './client/token-cache.js';
export { createTokenHandler } from './token-handler.js';
export type { AuthenticatedUser, TokenHandlerOptions } from './token-handler.js';
export { CosmoServerError, CosmoServerErrorCode, EndpointErrorCode, WebhookVerificationError, WebhookVerificationReason } from './errors.js';
export { MemoryWebhookIdStore } from './webhooks/id-store.js';
export type { MemoryWebhookIdStoreOptions, WebhookClaim, WebhookIdStore } from './webhooks/id-store.js';
export { DEFAULT_WEBHOOK_LEASE_SECONDS, DEFAULT_WEBHOOK_RETENTION_SECONDS } from './webhooks/handler.js';
export { WEBHOOK_SECRET_PREFIX } from './webhooks/secret.js';
export { DEFAULT_MAX_WEBHOOK_BODY_BYTES, DEFAULT_WEBHOOK_TOLERANCE_SECONDS } from './webhooks/verifier.js';
export type { VerifiedPayload, VerifiedWebhook, WebhookHeaders, WebhookPayload, WebhookVerifier, WebhookVerifierOptions } from './webhooks/verifier.js';
export type { WebhookCallback, WebhookCallbacks, WebhookContext, WebhookEventMap, WebhookHandlerOptions } from './webhooks/handler.js';
export type { SignedWebhook, SignWebhookOptions } from './webhooks/sign.js';
export type {
  AuthRequestStyle,
  CosmoBusinessProfile,
  CosmoProgram,
  CosmoProgramField,
  CosmoTransaction,
  IssuedTransaction,
} from '@cosmopoints/protocol/cosmo-api';
export type { WebhookEvent, WebhookEventType } from '@cosmopoints/protocol/webhook-events';
export type { WidgetKind } from '@cosmopoints/protocol';
