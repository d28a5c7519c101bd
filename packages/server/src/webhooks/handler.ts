/**
 * The webhook route: check that the signature headers are there, read the body through a limit, verify it with the
 * verifier's public `verify`, claim the `webhook-id`, dispatch to a typed callback, and answer with a status that
 * makes Cosmo retry only when retrying can help (Standard Webhooks senders retry every non-2xx): 200 processed,
 * ignored or duplicate; 400 malformed and 401 not authentic or outside the window (a forger gains nothing, and a
 * genuine delivery refused by a misconfiguration succeeds on a retry once it is fixed); 409 while another instance
 * holds the id's lease; 413 over the limit; 500 when your callback threw (its claim released, so the retry runs it);
 * 503 when the id store failed (nobody knows whether it was processed).
 */
import type { KnownWebhookEvent, UnknownWebhookEvent } from '@cosmopoints/protocol/webhook-events';
import { errorResponse, payloadTooLarge } from '../endpoint-errors.js';
import { CosmoServerError, CosmoServerErrorCode, EndpointErrorCode, WebhookVerificationError, WebhookVerificationReason } from '../errors.js';
import { declaresTooLarge, isBodyFailure, readBodyLimited } from '../internal/body.js';
import type { HmacProvider } from '../internal/hmac.js';
import { json, reportTo } from '../internal/respond.js';
import { storeCall } from '../store-call.js';
import { MemoryWebhookIdStore } from './id-store.js';
import type { WebhookIdStore } from './id-store.js';
import { createWebhookVerifierWith, DEFAULT_MAX_WEBHOOK_BODY_BYTES, DEFAULT_WEBHOOK_TOLERANCE_SECONDS } from './verifier.js';
import type { VerifiedWebhook, WebhookVerifier, WebhookVerifierOptions } from './verifier.js';

/**
 * Default retention of a completed `webhook-id`: 3 days. Standard Webhooks senders retry a failing delivery for a
 * day or more (Svix's schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, about 28 h in all); an id must outlive the
 * whole schedule, or a retry of a delivery whose 200 was lost on the way back would run the callback again.
 */
export const DEFAULT_WEBHOOK_RETENTION_SECONDS = 3 * 24 * 60 * 60;
/** Default lease on a claimed `webhook-id`: 60 s, longer than senders wait for an answer (Svix: 15 s). */
export const DEFAULT_WEBHOOK_LEASE_SECONDS = 60;

/** Per-type event shapes as delivered to callbacks. */
export type WebhookEventMap = { [E in KnownWebhookEvent as E['type']]: E & { known: true; id: string } };

/** What a callback gets besides the event. */
export interface WebhookContext {
  /** The `webhook-id` (also `event.id`). */
  id: string;
  /** The incoming request (its body already read). */
  request: Request;
}

/** A callback; return (or resolve) to acknowledge, throw (or reject) to have Cosmo retry. */
export type WebhookCallback<E> = (event: E, context: WebhookContext) => unknown;

/** Typed per-event callbacks. */
export type WebhookCallbacks = { [T in keyof WebhookEventMap]?: WebhookCallback<WebhookEventMap[T]> };

/** Options of {@link createWebhookHandler}: `secrets` (and optionally `toleranceSeconds`, `now`) or a ready `verifier`. */
export interface WebhookHandlerOptions extends Partial<WebhookVerifierOptions> {
  /** A verifier to reuse instead of `secrets`. */
  verifier?: WebhookVerifier;
  /** Callbacks by event type. A known type without a callback is acknowledged (2xx) and ignored. */
  on?: WebhookCallbacks;
  /** Called for event types this SDK does not know yet (acknowledged and ignored when absent). */
  onUnknown?: WebhookCallback<UnknownWebhookEvent & { known: false; id: string }>;
  /** Observes every failure (verification, callback, store) for logging; its own errors are swallowed. */
  onError?: (error: unknown, request: Request) => void;
  /** Claims and remembers ids; share one between instances (e.g. `RedisWebhookIdStore`). Default: a {@link MemoryWebhookIdStore} of this handler, on the handler's `now`. */
  store?: WebhookIdStore;
  /** How long a completed id is remembered, in seconds: at least twice the tolerance. Default 3 days (the sender's whole retry schedule). */
  retentionSeconds?: number;
  /** How long a claim holds before another delivery may take it over (an instance that died mid-callback), in seconds. Default 60. */
  leaseSeconds?: number;
  /** Larger bodies are refused with 413; reading stops at the limit, whatever the framing. Default 1 MiB. */
  maxBodyBytes?: number;
}

const UNAUTHENTIC = new Set<string>([
  WebhookVerificationReason.SignatureMismatch,
  WebhookVerificationReason.UnsupportedSignatureVersion,
  WebhookVerificationReason.TimestampTooOld,
  WebhookVerificationReason.TimestampTooNew,
]);
const SIGNATURE_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

const invalidConfig = (message: string) => new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `createWebhookHandler: ${message}`);

function checkStore(store: unknown): WebhookIdStore {
  const candidate = store as Partial<WebhookIdStore> & { has?: unknown };
  if (typeof candidate !== 'object' || candidate === null) throw invalidConfig('store must be an object with claim, complete and release');
  if (typeof candidate.claim !== 'function' && typeof candidate.has === 'function') {
    throw invalidConfig('store implements has/add, the racy contract of 0.1; implement claim(id, owner, leaseSeconds), complete(id, owner, retentionSeconds) and release(id, owner) (see the README: "Webhook id stores")');
  }
  for (const method of ['claim', 'complete', 'release'] as const) {
    if (typeof candidate[method] !== 'function') throw invalidConfig(`store.${method} must be a function`);
  }
  return candidate as WebhookIdStore;
}

function positiveSeconds(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalidConfig(`${name} must be a positive number of seconds`);
  return value;
}

/** The outcome of one delivery, shared with concurrent copies of it in this process. */
type Outcome = 'processed' | 'duplicate' | 'in-progress' | 'callback-failed' | 'store-failed';

const OUTCOME_RESPONSES: Record<Outcome, (leaseSeconds: number) => Response> = {
  processed: () => json(200, { received: true }),
  duplicate: () => json(200, { received: true, duplicate: true }),
  'in-progress': (lease) =>
    errorResponse(409, EndpointErrorCode.WebhookInProgress, 'another instance is processing this webhook-id; retry later', { 'retry-after': String(Math.ceil(lease)) }),
  'callback-failed': () => errorResponse(500, EndpointErrorCode.WebhookHandlerFailed, 'the webhook callback failed; Cosmo will retry'),
  'store-failed': () => errorResponse(503, EndpointErrorCode.StoreUnavailable, 'the webhook id store is unavailable; Cosmo will retry', { 'retry-after': '5' }),
};

/** Creates the webhook route bound to a crypto path. Entry points bind this as `createWebhookHandler`. */
export function createWebhookHandlerWith(hmac: HmacProvider, options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
  if (typeof options !== 'object' || options === null) throw invalidConfig('pass {secrets, on}');
  const verifier =
    options.verifier ??
    createWebhookVerifierWith(hmac, { secrets: options.secrets as string | string[], toleranceSeconds: options.toleranceSeconds, now: options.now });
  const tolerance = verifier.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const retentionSeconds = positiveSeconds(options.retentionSeconds, 'retentionSeconds', Math.max(DEFAULT_WEBHOOK_RETENTION_SECONDS, 2 * tolerance));
  if (!(retentionSeconds >= 2 * tolerance)) {
    throw invalidConfig(`retentionSeconds must be at least twice the tolerance (${2 * tolerance}s), or a replayed id could slip through`);
  }
  const leaseSeconds = positiveSeconds(options.leaseSeconds, 'leaseSeconds', DEFAULT_WEBHOOK_LEASE_SECONDS);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) throw invalidConfig('maxBodyBytes must be a positive integer');
  const store = checkStore(options.store ?? new MemoryWebhookIdStore({ now: options.now }));
  const callbacks = (options.on ?? {}) as Record<string, WebhookCallback<VerifiedWebhook> | undefined>;
  for (const [type, callback] of Object.entries(callbacks)) {
    if (typeof callback !== 'function') throw invalidConfig(`on["${type}"] must be a function`);
  }
  // Concurrent copies of one delivery in this process wait for the first one instead of each asking the store.
  const inFlight = new Map<string, Promise<Outcome>>();
  const report = reportTo(options.onError);

  async function handle(event: VerifiedWebhook, request: Request): Promise<Outcome> {
    const owner = crypto.randomUUID();
    let claim;
    try {
      claim = await storeCall('webhook id store: claim', () => store.claim(event.id, owner, leaseSeconds));
    } catch (error) {
      report(error, request);
      // A claim the store gave up on may still land later (a stalled Redis runs what it already received). Its
      // owner's release goes after it and undoes it, so the sender's retry is processed instead of refused with 409
      // for the whole lease. Not awaited, and its failure not reported: the answer is 503 either way, and a store
      // that is down fails it for the reason already reported.
      storeCall('webhook id store: release', () => store.release(event.id, owner)).catch(() => {});
      return 'store-failed';
    }
    if (claim === 'completed') return 'duplicate';
    if (claim !== 'claimed') return 'in-progress';
    const callback = event.known ? callbacks[event.type] : (options.onUnknown as WebhookCallback<VerifiedWebhook> | undefined);
    try {
      if (callback) await callback(event, { id: event.id, request });
    } catch (error) {
      report(error, request);
      // Release so the sender's retry runs the callback again; if the store fails here too, the answer stays 500 and
      // the id stays held until its lease expires (a retry before then gets 409).
      await storeCall('webhook id store: release', () => store.release(event.id, owner)).catch((failure: unknown) => report(failure, request));
      return 'callback-failed';
    }
    try {
      await storeCall('webhook id store: complete', () => store.complete(event.id, owner, retentionSeconds));
    } catch (error) {
      // The effect has happened: acknowledge it rather than have it run again after the lease expires.
      report(error, request);
    }
    return 'processed';
  }

  return async function webhookRoute(request: Request): Promise<Response> {
    if (request.method !== 'POST') return errorResponse(405, EndpointErrorCode.MethodNotAllowed, 'use POST', { allow: 'POST' });
    // A delivery without its signature headers is refused before a byte of the body is read; the verifier checks the
    // rest of them (window, signature syntax) once the body is in hand.
    const missing = SIGNATURE_HEADERS.find((name) => !request.headers.get(name));
    if (missing !== undefined) {
      const error = new WebhookVerificationError(WebhookVerificationReason.MissingHeaders, `missing ${missing}`);
      report(error, request);
      return errorResponse(400, EndpointErrorCode.WebhookVerificationFailed, error.message, undefined, error.reason);
    }
    if (declaresTooLarge(request.headers, maxBodyBytes)) return payloadTooLarge(maxBodyBytes);
    const body = await readBodyLimited(request, maxBodyBytes);
    if (isBodyFailure(body)) {
      if (body.failure === 'too-large') return payloadTooLarge(maxBodyBytes);
      report(body.cause, request);
      return errorResponse(400, EndpointErrorCode.InvalidRequest, 'the request body could not be read');
    }
    let event: VerifiedWebhook;
    try {
      event = await verifier.verify(body, request.headers);
    } catch (error) {
      report(error, request);
      if (!(error instanceof WebhookVerificationError)) return errorResponse(500, EndpointErrorCode.InternalError, 'webhook verification failed unexpectedly');
      return errorResponse(UNAUTHENTIC.has(error.reason) ? 401 : 400, EndpointErrorCode.WebhookVerificationFailed, error.message, undefined, error.reason);
    }
    let pending = inFlight.get(event.id);
    if (pending) {
      const outcome = await pending;
      return OUTCOME_RESPONSES[outcome === 'processed' ? 'duplicate' : outcome](leaseSeconds);
    }
    pending = handle(event, request);
    inFlight.set(event.id, pending);
    try {
      return OUTCOME_RESPONSES[await pending](leaseSeconds);
    } finally {
      inFlight.delete(event.id);
    }
  };
}
