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
  /**
   * Signs a webhook the way Cosmo does (Standard Webhooks v1), for your own tests.
   * @example
   * const { body, headers } = await signWebhook({ secret: 'whsec_…', payload: { type: 'transaction.confirmed', … } });
   * await fetch('http://localhost:3000/webhooks/cosmo', { method: 'POST', body, headers });
   */
  signWebhook(options: SignWebhookOptions): Promise<SignedWebhook>;
  /**
   * Creates a verifier for Cosmo's signed webhooks (Standard Webhooks v1) over the raw body.
   * @example
   * const verifier = createWebhookVerifier({ secrets: env.COSMO_WEBHOOK_SECRET });
   * const event = await verifier.verify(request); // throws WebhookVerificationError
   * if (event.known && event.type === 'transaction.confirmed') await fulfil(event.data.transactionId);
   */
  createWebhookVerifier(options: WebhookVerifierOptions): WebhookVerifier;
  /**
   * Creates the webhook route: verifies, suppresses duplicates by `webhook-id`, dispatches typed callbacks and answers
   * with statuses that make Cosmo retry only when it helps.
   * @example
   * export const POST = createWebhookHandler({
   *   secrets: env.COSMO_WEBHOOK_SECRET,
   *   on: { 'transaction.confirmed': async (event) => debit(event.data.userId, event.data.points) },
   * });
   */
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
