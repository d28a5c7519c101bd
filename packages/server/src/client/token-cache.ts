/**
 * Where access tokens are kept between calls, and how a fleet fetches one token instead of one per instance.
 *
 * The default cache lives in the client instance (never module-level). Pass a shared one (Redis through
 * `@cosmopoints/server/redis`, Workers KV, a database row) so serverless instances or cluster workers reuse one
 * token. A shared cache that also implements `lock`/`unlock` gives single flight across instances: on a miss, the
 * instance that takes the short lock fetches; the others poll the cache for its token, for a bounded time, then fetch
 * themselves (the lock holder may have died). Within one instance, concurrent callers always share one request.
 */
import { CosmoServerError, CosmoServerErrorCode } from '../errors.js';
import { sleep } from '../internal/sleep.js';
import { storeCall } from '../store-call.js';

/** A cached access token. */
export interface CachedAccessToken {
  /** The bearer token. */
  accessToken: string;
  /** When it stops being used, in milliseconds since the epoch (already shortened by the refresh margin). */
  expiresAt: number;
}

/** Pluggable access-token cache. Keys never contain the secret. Every method may return a promise. */
export interface TokenCache {
  /** The cached token for `key`, or undefined. Expired entries may be returned; the client checks `expiresAt`. */
  get(key: string): CachedAccessToken | undefined | Promise<CachedAccessToken | undefined>;
  /** Stores a token; `ttlSeconds` is the remaining lifetime (use it as the store's expiry). */
  set(key: string, value: CachedAccessToken, ttlSeconds: number): void | Promise<void>;
  /** Forgets the token for `key` (after Cosmo rejected it). */
  delete(key: string): void | Promise<void>;
  /**
   * Optional, with `unlock`, for a cache shared between instances: atomically takes the refresh lock of `key` for
   * `owner` when nobody holds it, for `ttlMs` at most (Redis: `SET lockKey owner NX PX ttlMs`), and returns true;
   * returns false while another owner holds it.
   */
  lock?(key: string, owner: string, ttlMs: number): boolean | Promise<boolean>;
  /** Releases the refresh lock of `key` if `owner` still holds it. */
  unlock?(key: string, owner: string): void | Promise<void>;
}

/** Options of {@link MemoryTokenCache}. */
export interface MemoryTokenCacheOptions {
  /** The clock in milliseconds (like `Date.now`), for the entries' and locks' expiry. */
  now?: () => number;
}

/**
 * The default {@link TokenCache}: a map with expiry and locks, private to a client unless you pass one instance to
 * several clients in one process (then they share tokens and single flight like instances sharing Redis).
 */
export class MemoryTokenCache implements TokenCache {
  #entries = new Map<string, { value: CachedAccessToken; expiresAt: number }>();
  #locks = new Map<string, { owner: string; expiresAt: number }>();
  #now: () => number;
  constructor(options: MemoryTokenCacheOptions = {}) {
    this.#now = options.now ?? Date.now;
  }
  get(key: string): CachedAccessToken | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.#now()) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }
  set(key: string, value: CachedAccessToken, ttlSeconds: number): void {
    this.#entries.set(key, { value, expiresAt: this.#now() + ttlSeconds * 1000 });
  }
  delete(key: string): void {
    this.#entries.delete(key);
  }
  lock(key: string, owner: string, ttlMs: number): boolean {
    const now = this.#now();
    const held = this.#locks.get(key);
    if (held !== undefined && held.expiresAt > now) return false;
    this.#locks.set(key, { owner, expiresAt: now + ttlMs });
    return true;
  }
  unlock(key: string, owner: string): void {
    if (this.#locks.get(key)?.owner === owner) this.#locks.delete(key);
  }
}

/** A {@link TokenCache} whose every method returns a promise that rejects only with `store-unavailable`. */
export interface GuardedTokenCache {
  /** Whether the cache locks (shared between instances). */
  shared: boolean;
  get(key: string): Promise<CachedAccessToken | undefined>;
  set(key: string, value: CachedAccessToken, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  lock(key: string, owner: string, ttlMs: number): Promise<boolean>;
  unlock(key: string, owner: string): Promise<void>;
}

/** Checks a cache's shape and maps whatever it throws to `store-unavailable`. */
export function guardTokenCache(cache: TokenCache, label: string): GuardedTokenCache {
  const invalid = (message: string) => new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `${label}: ${message}`);
  if (typeof cache !== 'object' || cache === null) throw invalid('tokenCache must be an object with get, set and delete');
  for (const method of ['get', 'set', 'delete'] as const) {
    if (typeof cache[method] !== 'function') throw invalid(`tokenCache.${method} must be a function`);
  }
  if ((typeof cache.lock === 'function') !== (typeof cache.unlock === 'function')) throw invalid('tokenCache.lock and tokenCache.unlock go together');
  const shared = typeof cache.lock === 'function';
  return {
    shared,
    get: (key) => storeCall('token cache: get', () => cache.get(key)),
    set: (key, value, ttl) => storeCall('token cache: set', () => cache.set(key, value, ttl)),
    delete: (key) => storeCall('token cache: delete', () => cache.delete(key)),
    lock: (key, owner, ttl) => storeCall('token cache: lock', () => cache.lock?.(key, owner, ttl) ?? true),
    unlock: (key, owner) => storeCall('token cache: unlock', () => cache.unlock?.(key, owner)),
  };
}

/** How long the refresh lock is held at most, and how long the other instances wait for the holder's token. */
export const TOKEN_LOCK_MS = 10_000;
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 100;

/** Settings of {@link createTokenSource}. */
export interface TokenSourceSettings {
  cache: GuardedTokenCache;
  key: string;
  /** The client's clock, for the tokens' expiry. */
  now: () => number;
  /** Fetches a token from Cosmo and stores it in the cache (when Cosmo gave an expiry). */
  fetchToken: () => Promise<string>;
}

/**
 * A valid access token on demand: from the cache, else from one request per instance (in-process single flight),
 * and with a shared cache that locks, one request per fleet. Each caller may stop waiting with its own signal; the
 * shared request goes on for the others.
 */
export function createTokenSource({ cache, key, now, fetchToken }: TokenSourceSettings): (signal?: AbortSignal) => Promise<string> {
  let inFlight: Promise<string> | undefined;

  async function cached(): Promise<string | undefined> {
    const entry = await cache.get(key);
    return entry && typeof entry.accessToken === 'string' && entry.expiresAt > now() ? entry.accessToken : undefined;
  }

  async function obtain(): Promise<string> {
    if (!cache.shared) return fetchToken();
    const owner = crypto.randomUUID();
    // Wall-clock bound, not the injectable clock: tests freeze `now` to control expiry.
    const deadline = Date.now() + TOKEN_LOCK_MS;
    for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
      const locked = await cache.lock(key, owner, TOKEN_LOCK_MS).catch((error: unknown) => {
        // A lock the cache gave up on may still land later (a stalled Redis runs what it received): its owner's
        // unlock goes after it and undoes it, so other instances need not wait for it to expire.
        cache.unlock(key, owner).catch(() => {});
        throw error;
      });
      if (locked) {
        try {
          // Another instance may have stored a token between our miss and our lock.
          return (await cached()) ?? (await fetchToken());
        } finally {
          await cache.unlock(key, owner).catch(() => {}); // it expires by itself
        }
      }
      // The holder is fetching; wait for its token, but not forever (it may have died holding the lock).
      if (Date.now() >= deadline) return fetchToken();
      await sleep(delay);
      const token = await cached();
      if (token !== undefined) return token;
    }
  }

  return async function getToken(signal?: AbortSignal): Promise<string> {
    const token = await cached();
    if (token !== undefined) return token;
    if (signal?.aborted) throw new CosmoServerError(CosmoServerErrorCode.Aborted, 'getAccessToken aborted', { cause: signal.reason });
    inFlight ??= obtain().finally(() => {
      inFlight = undefined;
    });
    const shared = inFlight;
    // Callers that stop waiting no longer observe the shared request; its failure must not surface as unhandled.
    shared.catch(() => {});
    if (!signal) return shared;
    return new Promise<string>((resolve, reject) => {
      const onAbort = () => reject(new CosmoServerError(CosmoServerErrorCode.Aborted, 'getAccessToken aborted', { cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
      shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  };
}
