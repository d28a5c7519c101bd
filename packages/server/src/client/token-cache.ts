/**
 * Where access tokens are kept between calls. The default lives in the client instance (never module-level);
 * pass a shared implementation (Redis, Workers KV, a database row) so serverless instances or cluster workers reuse
 * one token instead of each fetching its own.
 */

/** A cached access token. */
export interface CachedAccessToken {
  /** The bearer token. */
  accessToken: string;
  /** When it stops being used, in milliseconds since the epoch (already shortened by the refresh margin). */
  expiresAt: number;
}

/** Pluggable access-token cache. Keys never contain the secret. */
export interface TokenCache {
  /** The cached token for `key`, or undefined. Expired entries may be returned; the client checks `expiresAt`. */
  get(key: string): CachedAccessToken | undefined | Promise<CachedAccessToken | undefined>;
  /** Stores a token; `ttlSeconds` is the remaining lifetime (use it as the store's expiry). */
  set(key: string, value: CachedAccessToken, ttlSeconds: number): void | Promise<void>;
  /** Forgets the token for `key` (after Cosmo rejected it). */
  delete(key: string): void | Promise<void>;
}

/** The default {@link TokenCache}: a per-client map. */
export class MemoryTokenCache implements TokenCache {
  #entries = new Map<string, CachedAccessToken>();
  get(key: string): CachedAccessToken | undefined {
    return this.#entries.get(key);
  }
  set(key: string, value: CachedAccessToken): void {
    this.#entries.set(key, value);
  }
  delete(key: string): void {
    this.#entries.delete(key);
  }
}
