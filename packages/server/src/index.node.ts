/**
 * `@cosmopoints/server` for Node (the `node` export condition): exactly the names of `index.ts` (types come from
 * `index.d.ts`), with webhook crypto bound to `node:crypto` (synchronous HMAC + `timingSafeEqual`), which verifies
 * many times faster on Node than Web Crypto one at a time. A test checks that both entries export the same names.
 */
import { bindCrypto } from './internal/bind.js';
import { nodeHmac } from './internal/hmac-node.js';

export * from './core.js';

// Documented on CryptoBoundApi (internal/bind.ts).
export const { signWebhook, createWebhookVerifier, createWebhookHandler } = bindCrypto(nodeHmac);

/** Which crypto path this entry uses: `'node'` here, `'web'` under the `default` export condition. */
export const cryptoRuntime: string = nodeHmac.name;
