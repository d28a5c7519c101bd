/**
 * `@cosmopoints/server` for Node (the `node` export condition): exactly the names of `index.ts`, with webhook crypto
 * bound to `node:crypto` (synchronous HMAC, constant-time comparison), which verifies many times faster on Node than Web
 * Crypto one at a time. Types and docs come from `index.d.ts` (`package.json` → `types`); a test checks that both
 * entries export the same names.
 */
import { bindCrypto } from './bind-crypto.js';
import { nodeHmac } from './internal/hmac-node.js';

export * from './core.js';

export const { signWebhook, createWebhookVerifier, createWebhookHandler } = bindCrypto(nodeHmac);

/** Which crypto path this entry uses: `'node'` here, `'web'` under the `default` export condition. */
export const cryptoRuntime: string = nodeHmac.name;
