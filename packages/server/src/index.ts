/**
 * `@cosmopoints/server`: the partner-backend half of a Cosmo integration. This is the Web-standard build (the
 * `default` export condition: Cloudflare Workers, Vercel Edge, Deno, Bun): webhook crypto goes through Web Crypto and
 * nothing here imports a `node:*` module. Under the `node` export condition `index.node.ts` is loaded instead: the
 * same names with `node:crypto` HMAC. Node's `http`/Express adapter is the separate `@cosmopoints/server/node` entry.
 */
import { bindCrypto } from './internal/bind.js';
import { webHmac } from './internal/hmac-web.js';

export * from './core.js';

// Documented on CryptoBoundApi (internal/bind.ts).
export const { signWebhook, createWebhookVerifier, createWebhookHandler } = bindCrypto(webHmac);

/** Which crypto path this entry uses: `'web'` here, `'node'` under the `node` export condition. */
export const cryptoRuntime: string = webHmac.name;
