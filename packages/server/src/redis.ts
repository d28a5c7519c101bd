/**
 * `@cosmopoints/server/redis`: the two shared stores on Redis, for several instances of a partner
 * backend. `RedisWebhookIdStore` claims webhook ids with a lease and remembers completed ones; `RedisTokenCache`
 * shares the Cosmo access token and the short refresh lock that makes N instances fetch it once.
 *
 * Built for node-redis (the `redis` package, v5 or later: Redis's own, maintained client; `createClient()` and
 * `createCluster()` both work). Every write is one Lua script through `EVAL`, so each operation is atomic on the
 * server and the adapters use only `eval` and `get`, the two commands whose signatures are the same across client
 * versions and between a client and a cluster. Nothing is imported from `redis` at run time: you pass your client.
 *
 * A Redis that is down must not hang a route, and a command the route gave up on must not take effect later: each
 * command is bounded by `timeoutMs` (then `store-unavailable`), and on a timeout it is withdrawn from node-redis's
 * offline queue (the client's `withAbortSignal`), where it would otherwise wait for Redis to come back and run then.
 * A command already sent to a Redis that stalls cannot be withdrawn by any client: for a claim, the webhook route
 * sends its owner's release right after, which runs after it on the same connection and undoes it.
 */
import { CosmoServerError, CosmoServerErrorCode } from './errors.js';
import type { CachedAccessToken, TokenCache } from './client/token-cache.js';
import type { WebhookClaim, WebhookIdStore } from './webhooks/id-store.js';

/** What the adapters need from a Redis client: `eval` and `get`, as node-redis (v5+) clients and clusters have them. */
export interface RedisClientLike {
  /** `EVAL script numkeys key… arg…`. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** `GET key`. */
  get(key: string): Promise<unknown>;
  /** The client with an `AbortSignal` on its commands (node-redis v5+ `createClient()`): aborting withdraws a queued command. */
  withAbortSignal?(signal: AbortSignal): Pick<RedisClientLike, 'eval' | 'get'>;
}

/** Options of both Redis adapters. */
export interface RedisStoreOptions {
  /** Prepended to every key, to share one Redis between apps. Defaults: `cosmo:webhook-id:` for ids, none for tokens (their keys start with `cosmo:access-token:`). */
  prefix?: string;
  /** Longest wait for one Redis command, in milliseconds; then the operation fails with `store-unavailable`. Default 2000. */
  timeoutMs?: number;
}

const CLAIM = `local v = redis.call('GET', KEYS[1])
if v == 'c' then return 'completed' end
if v then return 'in-progress' end
redis.call('SET', KEYS[1], 'p:' .. ARGV[1], 'PX', ARGV[2])
return 'claimed'`;
const COMPLETE = `redis.call('SET', KEYS[1], 'c', 'PX', ARGV[1])
return 1`;
// Compare-and-delete: only the holder's own claim or lock is removed.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
const SET = `redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
const DELETE = `return redis.call('DEL', KEYS[1])`;
const LOCK = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

const invalid = (message: string) => new CosmoServerError(CosmoServerErrorCode.InvalidConfig, message);

/** Validated client and options shared by both adapters. */
class RedisStore {
  readonly #client: RedisClientLike;
  readonly #timeoutMs: number;
  readonly prefix: string;

  constructor(label: string, client: RedisClientLike, options: RedisStoreOptions, defaultPrefix: string) {
    if (typeof client?.eval !== 'function' || typeof client.get !== 'function') {
      throw invalid(`${label}: pass a connected node-redis client (createClient() from the "redis" package, then await client.connect())`);
    }
    const prefix = options.prefix ?? defaultPrefix;
    if (typeof prefix !== 'string') throw invalid(`${label}: prefix must be a string`);
    const timeoutMs = options.timeoutMs ?? 2000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalid(`${label}: timeoutMs must be a positive number`);
    this.#client = client;
    this.#timeoutMs = timeoutMs;
    this.prefix = prefix;
  }

  /**
   * Runs one command within the timeout, withdrawing it from the client's queue when the time is up; any failure is
   * `store-unavailable` with the client's error as `cause`.
   */
  async run<T>(what: string, command: (client: Pick<RedisClientLike, 'eval' | 'get'>) => Promise<T>): Promise<T> {
    const withdraw = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        withdraw.abort();
        reject(new Error(`no answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([command(this.#client.withAbortSignal?.(withdraw.signal) ?? this.#client), timeout]);
    } catch (cause) {
      throw new CosmoServerError(CosmoServerErrorCode.StoreUnavailable, `Redis ${what} failed`, { cause });
    } finally {
      clearTimeout(timer);
    }
  }

  script(what: string, script: string, key: string, args: (string | number)[]): Promise<unknown> {
    return this.run(what, (client) => client.eval(script, { keys: [key], arguments: args.map(String) }));
  }
}

const milliseconds = (seconds: number) => String(Math.max(1, Math.ceil(seconds * 1000)));

/**
 * A {@link WebhookIdStore} on Redis: one key per `webhook-id` (`{prefix}{id}`), holding `p:{owner}` with a `PX` lease
 * while a callback runs and `c` with a `PX` retention once it completed. Claims are atomic (a Lua script), so any
 * number of instances run a delivery's callback once.
 * @example
 * import { createClient } from 'redis';
 * import { RedisWebhookIdStore } from '@cosmopoints/server/redis';
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * export const POST = createWebhookHandler({ secrets, store: new RedisWebhookIdStore(redis), on: { … } });
 */
export class RedisWebhookIdStore implements WebhookIdStore {
  readonly #store: RedisStore;
  constructor(client: RedisClientLike, options: RedisStoreOptions = {}) {
    this.#store = new RedisStore('RedisWebhookIdStore', client, options, 'cosmo:webhook-id:');
  }
  async claim(id: string, owner: string, leaseSeconds: number): Promise<WebhookClaim> {
    const reply = String(await this.#store.script('claim', CLAIM, this.#store.prefix + id, [owner, milliseconds(leaseSeconds)]));
    if (reply === 'claimed' || reply === 'in-progress' || reply === 'completed') return reply;
    throw new CosmoServerError(CosmoServerErrorCode.StoreUnavailable, 'Redis claim answered something unexpected');
  }
  async complete(id: string, _owner: string, retentionSeconds: number): Promise<void> {
    await this.#store.script('complete', COMPLETE, this.#store.prefix + id, [milliseconds(retentionSeconds)]);
  }
  async release(id: string, owner: string): Promise<void> {
    await this.#store.script('release', RELEASE, this.#store.prefix + id, [`p:${owner}`]);
  }
}

/**
 * A {@link TokenCache} on Redis, with the refresh lock that gives single flight across instances: the token as JSON
 * under `{prefix}{key}` with a `PX` expiry, the lock under `{prefix}{key}:lock` (`SET NX PX`, released only by its
 * holder).
 * @example
 * const cosmo = createCosmoClient({ clientId, clientSecret, tokenCache: new RedisTokenCache(redis) });
 */
export class RedisTokenCache implements TokenCache {
  readonly #store: RedisStore;
  constructor(client: RedisClientLike, options: RedisStoreOptions = {}) {
    this.#store = new RedisStore('RedisTokenCache', client, options, '');
  }
  async get(key: string): Promise<CachedAccessToken | undefined> {
    const raw = await this.#store.run('get', (client) => client.get(this.#store.prefix + key));
    if (typeof raw !== 'string') return undefined;
    try {
      const value = JSON.parse(raw) as Partial<CachedAccessToken>;
      return typeof value.accessToken === 'string' && typeof value.expiresAt === 'number' ? { accessToken: value.accessToken, expiresAt: value.expiresAt } : undefined;
    } catch {
      return undefined; // not ours: treated as a miss, overwritten by the next fetch
    }
  }
  async set(key: string, value: CachedAccessToken, ttlSeconds: number): Promise<void> {
    await this.#store.script('set', SET, this.#store.prefix + key, [JSON.stringify({ accessToken: value.accessToken, expiresAt: value.expiresAt }), milliseconds(ttlSeconds)]);
  }
  async delete(key: string): Promise<void> {
    await this.#store.script('delete', DELETE, this.#store.prefix + key, []);
  }
  async lock(key: string, owner: string, ttlMs: number): Promise<boolean> {
    return Number(await this.#store.script('lock', LOCK, `${this.#store.prefix}${key}:lock`, [owner, Math.max(1, Math.ceil(ttlMs))])) === 1;
  }
  async unlock(key: string, owner: string): Promise<void> {
    await this.#store.script('unlock', RELEASE, `${this.#store.prefix}${key}:lock`, [owner]);
  }
}
