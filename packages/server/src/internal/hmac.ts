/**
 * The one seam between the webhook code and a crypto implementation: `node:crypto` under the `node` export condition
 * (`hmac-node.ts`), Web Crypto everywhere else (`hmac-web.ts`). Both are the platform's own HMAC-SHA256 and
 * constant-time comparison over the Standard Webhooks content `${id}.${timestamp}.${body}`; nothing is hand-built.
 */

/** A secret's key, imported once. */
export interface HmacKey {
  /** Base64 HMAC-SHA256 of `prefix` followed by `body` (strings as UTF-8). */
  sign(prefix: string, body: string | Uint8Array): Promise<string>;
  /** Whether any of `signatures` (canonical base64 of 32 bytes) is that HMAC, compared in constant time. */
  verify(prefix: string, body: string | Uint8Array, signatures: readonly string[]): boolean | Promise<boolean>;
}

/** Imports raw key bytes; `name` says which crypto path it is. */
export interface HmacProvider {
  readonly name: 'node' | 'web';
  importKey(raw: Uint8Array): HmacKey;
}
