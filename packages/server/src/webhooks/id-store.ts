/**
 * Duplicate suppression for webhooks: Standard Webhooks delivery is at-least-once and a redelivery keeps its
 * `webhook-id`. The handler records an id only after your callback succeeded, so a failed attempt is retried.
 */

/**
 * Where processed `webhook-id`s are remembered. Implement it over Redis (`SET id 1 EX ttl`), a KV store or a
 * database table to share it between instances; the in-memory default only covers one process.
 */
export interface WebhookIdStore {
  /** `true` when `id` was recorded and has not expired. */
  has(id: string): boolean | Promise<boolean>;
  /** Records `id` as processed for `ttlSeconds`. */
  add(id: string, ttlSeconds: number): void | Promise<void>;
}

/** Options of {@link MemoryWebhookIdStore}. */
export interface MemoryWebhookIdStoreOptions {
  /** Upper bound on remembered ids; the oldest are forgotten first. Default 100 000. */
  maxEntries?: number;
  /** The clock in milliseconds (like `Date.now`). */
  now?: () => number;
}

/** The default {@link WebhookIdStore}: a bounded in-process map with expiry. */
export class MemoryWebhookIdStore implements WebhookIdStore {
  #entries = new Map<string, number>();
  #maxEntries: number;
  #now: () => number;
  #nextSweep = 0;

  constructor(options: MemoryWebhookIdStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  /** Number of ids currently remembered (expired ones may linger until the next sweep). */
  get size(): number {
    return this.#entries.size;
  }

  has(id: string): boolean {
    const expiresAt = this.#entries.get(id);
    if (expiresAt === undefined) return false;
    if (expiresAt > this.#now()) return true;
    this.#entries.delete(id);
    return false;
  }

  add(id: string, ttlSeconds: number): void {
    const now = this.#now();
    this.#entries.delete(id); // re-insert so Map order stays oldest-first
    this.#entries.set(id, now + ttlSeconds * 1000);
    if (now >= this.#nextSweep) {
      this.#nextSweep = now + 60_000;
      for (const [key, expiresAt] of this.#entries) if (expiresAt <= now) this.#entries.delete(key);
    }
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
