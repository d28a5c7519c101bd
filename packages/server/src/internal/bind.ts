/** Binds the crypto-dependent public functions to one HMAC provider; each entry point calls this once. */
import { createWebhookHandlerWith } from '../webhooks/handler.js';
import type { WebhookHandlerOptions } from '../webhooks/handler.js';
import { signWebhookWith } from '../webhooks/sign.js';
import type { SignedWebhook, SignWebhookOptions } from '../webhooks/sign.js';
import { createWebhookVerifierWith } from '../webhooks/verifier.js';
import type { WebhookVerifier, WebhookVerifierOptions } from '../webhooks/verifier.js';
import type { HmacProvider } from './hmac.js';

/** The crypto-bound half of the public API. */
export interface CryptoBoundApi {
  signWebhook(options: SignWebhookOptions): Promise<SignedWebhook>;
  createWebhookVerifier(options: WebhookVerifierOptions): WebhookVerifier;
  createWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response>;
}

/** Returns the webhook functions bound to `hmac`. */
export function bindCrypto(hmac: HmacProvider): CryptoBoundApi {
  return {
    signWebhook: (options) => signWebhookWith(hmac, options),
    createWebhookVerifier: (options) => createWebhookVerifierWith(hmac, options),
    createWebhookHandler: (options) => createWebhookHandlerWith(hmac, options),
  };
}
