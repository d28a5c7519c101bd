/**
 * Signed webhook delivery, as Cosmo does it: Standard Webhooks v1, at least once, retried with exponential backoff
 * and jitter until the endpoint answers 2xx or the attempts run out. Every attempt is re-signed with a fresh timestamp
 * and the same `webhook-id`, so a receiver can drop a redelivery it already processed.
 *
 * The signing is written here from the Standard Webhooks specification, not taken from `@cosmopoints/server`, so the
 * server's tests, which verify these deliveries, compare two independent implementations.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { KnownWebhookEvent } from '@cosmopoints/protocol/webhook-events';
import { SimulatorError, SimulatorErrorCode } from './errors.js';
import { sleep } from './internal/sleep.js';
import { notify } from './request-log.js';

/** How deliveries are retried. */
export interface WebhookRetryOptions {
  /** Attempts per delivery, the first included. Default 10. */
  maxAttempts?: number;
  /** Delay before the first retry; doubles on each further retry. Default 1000 ms. */
  baseDelayMs?: number;
  /** Cap on one delay. Default 60000 ms. */
  maxDelayMs?: number;
  /** Timeout of one attempt. Default 10000 ms. */
  timeoutMs?: number;
}

/** The defaults of {@link WebhookRetryOptions}: up to about 5 minutes of retries in total. */
export const DEFAULT_WEBHOOK_RETRY: Readonly<Required<WebhookRetryOptions>> = Object.freeze({ maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 10_000 });

/** What happened to one attempt. */
export const DELIVERY_OUTCOMES = {
  /** The endpoint answered 2xx. */
  Delivered: 'delivered',
  /** The attempt failed; another one is scheduled. */
  Retrying: 'retrying',
  /** The last attempt failed; the delivery is abandoned. */
  Failed: 'failed',
  /** Dropped on purpose through the control API: no request was made. */
  Dropped: 'dropped',
  /** No webhook URL is configured: the event was recorded and not sent. */
  NoEndpoint: 'no-endpoint',
  /** Stopped by `reset()` or `close()` before it could finish. */
  Cancelled: 'cancelled',
} as const;
/** Union of {@link DELIVERY_OUTCOMES} values. */
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[keyof typeof DELIVERY_OUTCOMES];

/** One entry of the delivery log: one attempt (or one decision not to attempt). */
export interface DeliveryLogEntry {
  /** The `webhook-id`; the same on every attempt and on a duplicate. */
  id: string;
  /** Event type, e.g. `transaction.confirmed`. */
  type: string;
  /** 1 for the first attempt; 0 for a delivery that was never attempted (dropped, no endpoint). */
  attempt: number;
  /** The endpoint's HTTP status; 0 when there was no answer (connection refused, timeout, not attempted). */
  status: number;
  /** ISO 8601 time of the attempt. */
  at: string;
  outcome: DeliveryOutcome;
  /** Why the attempt failed, when it did. */
  error?: string;
  /** `true` on the extra copy sent by the `duplicate` control hook. */
  duplicate?: boolean;
  /** Delay before the next attempt, when `outcome` is `retrying`. */
  nextDelayMs?: number;
}

/** A webhook event as the simulator generated it (the body of every delivery). */
export interface WebhookEventRecord {
  id: string;
  event: KnownWebhookEvent;
}

/** Options of {@link WebhookDispatcher}. */
export interface WebhookDispatcherOptions {
  url?: string;
  secret: string;
  retry?: WebhookRetryOptions;
  /** Called with every delivery log entry as it is recorded. */
  onDelivery?: (entry: DeliveryLogEntry) => void;
}

/**
 * The delay before retry number `retry` (1 = the first retry): exponential, capped, with "equal jitter"
 * (half fixed, half random) so a fleet of retries does not arrive in lockstep.
 */
export function backoffDelay(retry: number, options: Required<WebhookRetryOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Validates retry options.
 * @throws {SimulatorError} `invalid-option`
 */
export function resolveRetry(retry: WebhookRetryOptions = {}): Required<WebhookRetryOptions> {
  const out = { ...DEFAULT_WEBHOOK_RETRY, ...Object.fromEntries(Object.entries(retry).filter(([, value]) => value !== undefined)) };
  const check = (name: keyof WebhookRetryOptions, min: number, max: number) => {
    const value = out[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new SimulatorError(SimulatorErrorCode.InvalidOption, `webhookRetry.${name} must be an integer from ${min} to ${max}`);
    }
  };
  check('maxAttempts', 1, 100);
  check('baseDelayMs', 0, 3_600_000);
  check('maxDelayMs', 0, 86_400_000);
  check('timeoutMs', 1, 300_000);
  return out;
}

/**
 * Validates a webhook endpoint URL (http or https).
 * @throws {SimulatorError} `invalid-option`
 */
export function checkWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new SimulatorError(SimulatorErrorCode.InvalidOption, `webhook URL "${url}" is not an absolute URL`, { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new SimulatorError(SimulatorErrorCode.InvalidOption, 'webhook URL must be http or https');
  return parsed.href;
}

// A Standard Webhooks secret: optionally `whsec_`, then padded standard base64 of the key bytes.
const SECRET = /^(?:whsec_)?((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)$/;
const MIN_KEY_BYTES = 16;

/**
 * The HMAC key of a `whsec_…` secret: the bytes its base64 encodes.
 * @throws {SimulatorError} `invalid-option`
 */
export function webhookKey(secret: unknown): Buffer {
  const encoded = typeof secret === 'string' ? SECRET.exec(secret)?.[1] : undefined;
  const key = encoded === undefined ? undefined : Buffer.from(encoded, 'base64');
  if (key === undefined || key.length < MIN_KEY_BYTES) {
    throw new SimulatorError(SimulatorErrorCode.InvalidOption, `webhook secret must be "whsec_" followed by padded base64 of at least ${MIN_KEY_BYTES} bytes`);
  }
  return key;
}

/**
 * The Standard Webhooks v1 headers of one attempt: the signed content is `${id}.${timestamp}.${body}`, its
 * HMAC-SHA256 under the secret's key goes in `webhook-signature` as `v1,<base64>`.
 */
export function signatureHeaders(key: Buffer, id: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}`, 'content-type': 'application/json' };
}

/** Queues, signs, sends and retries webhook deliveries. */
export class WebhookDispatcher {
  #url: string | undefined;
  #key: Buffer;
  #retry: Required<WebhookRetryOptions>;
  #log: DeliveryLogEntry[] = [];
  #events: WebhookEventRecord[] = [];
  #drop = 0;
  #duplicate = 0;
  #inFlight = new Set<Promise<void>>();
  #stop = new AbortController();
  #closed = false;
  #idleWaiters: (() => void)[] = [];
  readonly #onDelivery: ((entry: DeliveryLogEntry) => void) | undefined;

  constructor(options: WebhookDispatcherOptions) {
    this.#url = options.url === undefined ? undefined : checkWebhookUrl(options.url);
    this.#key = webhookKey(options.secret);
    this.#retry = resolveRetry(options.retry);
    this.#onDelivery = options.onDelivery;
  }

  /** The endpoint deliveries go to, if any. */
  get url(): string | undefined {
    return this.#url;
  }

  /** Changes the endpoint, the secret, or arms the drop / duplicate hooks (for the next n deliveries). All-or-nothing. */
  async configure(options: { url?: string | null; secret?: string; drop?: number; duplicate?: number }): Promise<void> {
    const url = options.url === undefined ? this.#url : options.url === null ? undefined : checkWebhookUrl(options.url);
    for (const key of ['drop', 'duplicate'] as const) {
      const value = options[key];
      if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 10_000)) {
        throw new SimulatorError(SimulatorErrorCode.InvalidOption, `webhooks.${key} must be an integer from 0 to 10000`);
      }
    }
    const key = options.secret === undefined ? this.#key : webhookKey(options.secret);
    this.#url = url;
    this.#key = key;
    if (options.drop !== undefined) this.#drop = options.drop;
    if (options.duplicate !== undefined) this.#duplicate = options.duplicate;
  }

  /** The pending drop / duplicate counts. */
  hooks(): { drop: number; duplicate: number } {
    return { drop: this.#drop, duplicate: this.#duplicate };
  }

  /** Generates an event and starts delivering it. Returns its `webhook-id`. */
  emit(event: KnownWebhookEvent): string {
    const id = `msg_${randomBytes(16).toString('hex')}`;
    this.#events.push({ id, event });
    if (this.#closed) return id;
    const body = JSON.stringify(event);
    if (!this.#url) {
      this.#record({ id, type: event.type, attempt: 0, status: 0, outcome: DELIVERY_OUTCOMES.NoEndpoint });
      return id;
    }
    if (this.#drop > 0) {
      this.#drop -= 1;
      this.#record({ id, type: event.type, attempt: 0, status: 0, outcome: DELIVERY_OUTCOMES.Dropped });
      return id;
    }
    const copies = this.#duplicate > 0 ? 2 : 1;
    if (copies === 2) this.#duplicate -= 1;
    for (let copy = 0; copy < copies; copy += 1) this.#track(this.#deliver(id, event.type, body, this.#url, copy === 1));
    return id;
  }

  /** The delivery log, oldest first. */
  deliveries(): DeliveryLogEntry[] {
    return this.#log.map((entry) => ({ ...entry }));
  }

  /** Every event generated so far, oldest first, whether or not it was delivered. */
  events(): WebhookEventRecord[] {
    return this.#events.map((record) => structuredClone(record));
  }

  /** Deliveries still being attempted or waiting for a retry. */
  get pending(): number {
    return this.#inFlight.size;
  }

  /** Resolves when no delivery is pending (or at once when none is), or rejects when `signal` aborts. */
  idle(signal?: AbortSignal): Promise<void> {
    if (this.#inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        this.#idleWaiters = this.#idleWaiters.filter((waiter) => waiter !== done);
        reject(signal?.reason);
      };
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#idleWaiters.push(done);
    });
  }

  /** Cancels pending deliveries and clears the log, the events and the hooks. */
  async reset(): Promise<void> {
    await this.#cancelAll();
    if (!this.#closed) this.#stop = new AbortController();
    this.#log = [];
    this.#events = [];
    this.#drop = 0;
    this.#duplicate = 0;
  }

  /** Cancels pending deliveries (aborting requests in flight) and accepts no new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#cancelAll();
  }

  async #cancelAll(): Promise<void> {
    this.#stop.abort(new SimulatorError(SimulatorErrorCode.Closed, 'webhook delivery cancelled'));
    await Promise.allSettled([...this.#inFlight]);
  }

  #track(promise: Promise<void>): void {
    this.#inFlight.add(promise);
    void promise.finally(() => {
      this.#inFlight.delete(promise);
      if (this.#inFlight.size === 0) for (const waiter of this.#idleWaiters.splice(0)) waiter();
    });
  }

  #record(entry: Omit<DeliveryLogEntry, 'at'>): void {
    const full = { ...entry, at: new Date().toISOString() };
    this.#log.push(full);
    notify(this.#onDelivery, full);
    if (this.#log.length > 10_000) this.#log.splice(0, this.#log.length - 10_000);
  }

  async #deliver(id: string, type: string, body: string, url: string, duplicate: boolean): Promise<void> {
    const stop = this.#stop.signal;
    const extra = duplicate ? { duplicate: true } : {};
    for (let attempt = 1; attempt <= this.#retry.maxAttempts; attempt += 1) {
      if (stop.aborted) return this.#record({ id, type, attempt, status: 0, outcome: DELIVERY_OUTCOMES.Cancelled, ...extra });
      let status = 0;
      let error: string | undefined;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { ...signatureHeaders(this.#key, id, body), 'user-agent': 'cosmo-sim-webhooks/1' },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([stop, AbortSignal.timeout(this.#retry.timeoutMs)]),
        });
        status = response.status;
        await response.body?.cancel().catch(() => undefined);
        if (status < 200 || status >= 300) error = `endpoint answered ${status}`;
      } catch (cause) {
        if (stop.aborted) return this.#record({ id, type, attempt, status: 0, outcome: DELIVERY_OUTCOMES.Cancelled, ...extra });
        error = describe(cause);
      }
      if (error === undefined) return this.#record({ id, type, attempt, status, outcome: DELIVERY_OUTCOMES.Delivered, ...extra });
      if (attempt === this.#retry.maxAttempts) return this.#record({ id, type, attempt, status, outcome: DELIVERY_OUTCOMES.Failed, error, ...extra });
      const nextDelayMs = backoffDelay(attempt, this.#retry);
      this.#record({ id, type, attempt, status, outcome: DELIVERY_OUTCOMES.Retrying, error, nextDelayMs, ...extra });
      try {
        await sleep(nextDelayMs, stop);
      } catch {
        return this.#record({ id, type, attempt: attempt + 1, status: 0, outcome: DELIVERY_OUTCOMES.Cancelled, ...extra });
      }
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
    if (error.name === 'TimeoutError') return 'timed out';
    return code ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
