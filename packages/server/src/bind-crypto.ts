/**
 * The crypto-dependent half of the public API, bound to one HMAC provider. Each entry point binds it once (`index.ts`
 * to Web Crypto, `index.node.ts` to `node:crypto`) and exports the result; the public docs sit on those exports.
 */
import type { HmacProvider } from './internal/hmac.js';
import { createWebhookHandlerWith } from './webhooks/handler.js';
import type { WebhookHandlerOptions } from './webhooks/handler.js';
import { signWebhookWith } from './webhooks/sign.js';
import type { SignedWebhook, SignWebhookOptions } from './webhooks/sign.js';
import { createWebhookVerifierWith } from './webhooks/verifier.js';
import type { WebhookVerifier, WebhookVerifierOptions } from './webhooks/verifier.js';

/** The functions an entry point exports, bound to one crypto path. */
export interface CryptoBound {
  signWebhook(options: SignWebhookOptions): Promise<SignedWebhook>;
  createWebhookVerifier(options: WebhookVerifierOptions): WebhookVerifier;
  createWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response>;
}

/** The webhook functions bound to `hmac`. */
export function bindCrypto(hmac: HmacProvider): CryptoBound {
  return {
    signWebhook: (options) => signWebhookWith(hmac, options),
    createWebhookVerifier: (options) => createWebhookVerifierWith(hmac, options),
    createWebhookHandler: (options) => createWebhookHandlerWith(hmac, options),
  };
}
