/**
 * The one seam between the webhook code and a crypto implementation. The `node` export condition binds
 * `node:crypto` (synchronous HMAC, ~40x faster one at a time on Node), every other runtime binds Web Crypto.
 * Both sign and check the Standard Webhooks content `${id}.${timestamp}.${body}` with HMAC-SHA256.
 */

/**
 * A key imported once; `verify` compares in constant time. The signed content's prefix comes in parts, the webhook id
 * and the timestamp as its decimal text, so the hot path builds no `${id}.${timestamp}.` string.
 */
export interface HmacKey {
  /** Base64 HMAC-SHA256 of `${id}.${timestamp}.` followed by `body` (strings are UTF-8). */
  sign(id: string, timestamp: string, body: string | Uint8Array): Promise<string>;
  /**
   * `true` when any of `signatures` is the base64 HMAC of `${id}.${timestamp}.` + `body`, compared in constant time.
   * Each is canonical base64 of 32 bytes, or 44 unchecked characters, which can only match when they are.
   */
  verify(id: string, timestamp: string, body: string | Uint8Array, signatures: readonly string[]): Promise<boolean> | boolean;
}

/** Imports raw key bytes once. */
export interface HmacProvider {
  /** Short name for diagnostics and benchmarks (`'node'` or `'web'`). */
  readonly name: string;
  importKey(raw: Uint8Array): HmacKey;
}
