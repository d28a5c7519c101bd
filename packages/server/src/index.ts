/**
 * `@cosmopoints/server`, Web-standard build (the `default` export condition: edge runtimes, Deno, Bun, browsers'
 * workers). Webhook crypto goes through Web Crypto. Imports no `node:*` module; Node gets `index.node.ts` instead
 * through the `node` export condition, with the same public names.
 */
import { webHmac } from './internal/hmac-web.js';
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
export const signWebhook = (options: SignWebhookOptions): Promise<SignedWebhook> => signWebhookWith(webHmac, options);

/** Which crypto path this entry uses: `'web'` here, `'node'` under the `node` export condition. */
export const cryptoRuntime: string = webHmac.name;
