/**
 * `@cosmopoints/server` for Node (the `node` export condition): the same public names as `index.ts`, with webhook
 * crypto bound to `node:crypto` (synchronous HMAC + `timingSafeEqual`), which is many times faster on Node.
 */
import { nodeHmac } from './internal/hmac-node.js';
import { signWebhookWith } from './webhooks/sign.js';
import type { SignedWebhook, SignWebhookOptions } from './webhooks/sign.js';

export { CosmoServerError, CosmoServerErrorCode, WebhookVerificationError, WebhookVerificationReason } from './errors.js';
export { WEBHOOK_SECRET_PREFIX } from './webhooks/secret.js';
export type { SignedWebhook, SignWebhookOptions } from './webhooks/sign.js';

/**
 * Signs a webhook the way Cosmo does (Standard Webhooks v1), for your tests.
 * @example
 * const { body, headers } = await signWebhook({ secret: 'whsec_…', payload: { type: 'transaction.confirmed', … } });
 * await fetch('http://localhost:3000/webhooks/cosmo', { method: 'POST', body, headers });
 */
export const signWebhook = (options: SignWebhookOptions): Promise<SignedWebhook> => signWebhookWith(nodeHmac, options);

/** Which crypto path this entry uses: `'node'` here, `'web'` under the `default` export condition. */
export const cryptoRuntime: string = nodeHmac.name;
