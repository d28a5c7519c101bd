/**
 * Duplicate suppression for webhooks that holds across instances. Delivery is at-least-once and a redelivery keeps
 * its `webhook-id`, so the handler claims the id with a lease before your callback runs, completes it after the
 * callback succeeded and releases it when the callback failed: two instances given one delivery run the callback once
 * (the other answers a retryable 409), a callback that throws runs again on the retry, and an instance that dies
 * mid-callback holds the id only until its lease expires. A `has()` before and an `add()` after the callback (the 0.1
 * contract) cannot give all three: two instances both see "not yet" and both run the callback.
 */
import { CosmoServerError, CosmoServerErrorCode } from '../errors.js';

/** What {@link WebhookIdStore.claim} found: the caller now holds the id, another holder does, or it is done. */
export type WebhookClaim = 'claimed' | 'in-progress' | 'completed';

/**
 * Where `webhook-id`s are claimed and remembered. `claim` must be atomic (one winner among concurrent callers), which
 * a shared store gives with one command: Redis `SET key value NX PX lease` (see `@cosmopoints/server/redis`), SQL
 * `INSERT … ON CONFLICT … WHERE expires_at <= now()`, a KV store's compare-and-set. The in-memory default covers one
 * process. Every method may return a promise; a store that throws makes the route answer 503 `store-unavailable`.
 */
export interface WebhookIdStore {
  /**
   * Atomically: when `id` is unknown, or its lease or retention has expired, record it as in progress for `owner`
   * for `leaseSeconds` and return `'claimed'`; when another owner's lease is still running return `'in-progress'`;
   * when it was completed (and its retention has not expired) return `'completed'`.
   */
  claim(id: string, owner: string, leaseSeconds: number): WebhookClaim | Promise<WebhookClaim>;
  /** Records `id` as completed for `retentionSeconds`, replacing any claim (the callback's effect has happened). */
  complete(id: string, owner: string, retentionSeconds: number): void | Promise<void>;
  /** Drops `owner`'s claim on `id` so the next delivery processes it; does nothing when `id` is completed or another owner's. */
  release(id: string, owner: string): void | Promise<void>;
}

/** Options of {@link MemoryWebhookIdStore}. */
export interface MemoryWebhookIdStoreOptions {
  /** Upper bound on remembered ids; beyond it the oldest entries are forgotten first. Default 100 000. */
  maxEntries?: number;
  /** The clock in milliseconds (like `Date.now`). */
  now?: () => number;
}

interface Entry {
  /** The owner's claim token, or undefined once completed. */
  owner: string | undefined;
  expiresAt: number;
}

/**
 * The default {@link WebhookIdStore}: an in-process map with leases and expiry, bounded in size. Share one instance
 * between handlers in one process; give several processes a shared store instead.
 */
export class MemoryWebhookIdStore implements WebhookIdStore {
  #entries = new Map<string, Entry>();
  #maxEntries: number;
  #now: () => number;
  #nextSweep = 0;

  constructor(options: MemoryWebhookIdStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? 100_000;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'MemoryWebhookIdStore: maxEntries must be a positive integer');
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** Number of ids currently remembered (expired ones may linger until the next sweep). */
  get size(): number {
    return this.#entries.size;
  }

  claim(id: string, owner: string, leaseSeconds: number): WebhookClaim {
    const now = this.#now();
    const entry = this.#entries.get(id);
    if (entry !== undefined && entry.expiresAt > now) return entry.owner === undefined ? 'completed' : 'in-progress';
    this.#set(id, { owner, expiresAt: now + leaseSeconds * 1000 }, now);
    return 'claimed';
  }

  complete(id: string, _owner: string, retentionSeconds: number): void {
    const now = this.#now();
    this.#set(id, { owner: undefined, expiresAt: now + retentionSeconds * 1000 }, now);
  }

  release(id: string, owner: string): void {
    if (this.#entries.get(id)?.owner === owner) this.#entries.delete(id);
  }

  #set(id: string, entry: Entry, now: number): void {
    this.#entries.delete(id); // re-insert so Map order stays oldest-first
    this.#entries.set(id, entry);
    if (now >= this.#nextSweep) {
      this.#nextSweep = now + 60_000;
      for (const [key, { expiresAt }] of this.#entries) if (expiresAt <= now) this.#entries.delete(key);
    }
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}
