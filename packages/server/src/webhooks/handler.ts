/**
 * The webhook route: verify, drop duplicates by `webhook-id`, dispatch to a typed callback, answer with a status that
 * makes Cosmo retry only when retrying can help. Standard Webhooks senders retry every non-2xx answer, so:
 * - 2xx: processed, ignored (no callback for that type) or a duplicate of a processed delivery;
 * - 400: malformed delivery (headers, timestamp, signature syntax, body); 401: not authentic or outside the window.
 *   A forger gains nothing from either; a genuine delivery that fails here (a rotated secret not yet configured,
 *   a clock off by minutes) succeeds on a later retry once the configuration is fixed;
 * - 500: your callback or the id store threw; the id is not recorded, so the retry runs the callback again.
 */
import type {
  KnownWebhookEvent,
  UnknownWebhookEvent,
} from '@cosmopoints/protocol/webhook-events';
import { EndpointErrorCode } from '../endpoint-errors.js';
import { CosmoServerError, CosmoServerErrorCode, WebhookVerificationError, WebhookVerificationReason } from '../errors.js';
import type { HmacProvider } from '../internal/hmac.js';
import { json, jsonError, reportTo } from '../internal/respond.js';
import { MemoryWebhookIdStore } from './id-store.js';
import type { WebhookIdStore } from './id-store.js';
import { createWebhookVerifierWith, DEFAULT_WEBHOOK_TOLERANCE_SECONDS } from './verifier.js';
import type { VerifiedWebhook, WebhookVerifier, WebhookVerifierOptions } from './verifier.js';

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
  /** Remembers processed ids; defaults to a {@link MemoryWebhookIdStore}. */
  store?: WebhookIdStore;
  /** How long an id is remembered; at least twice the tolerance (the default). */
  retentionSeconds?: number;
  /** Deliveries whose `Content-Length` exceeds this are refused with 413. Default 1 MiB. */
  maxBodyBytes?: number;
}

const UNAUTHENTIC = new Set<string>([
  WebhookVerificationReason.SignatureMismatch,
  WebhookVerificationReason.UnsupportedSignatureVersion,
  WebhookVerificationReason.TimestampTooOld,
  WebhookVerificationReason.TimestampTooNew,
]);

/** Creates the webhook route bound to a crypto path. Entry points bind this as `createWebhookHandler`. */
export function createWebhookHandlerWith(hmac: HmacProvider, options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
  if (typeof options !== 'object' || options === null) throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'createWebhookHandler: pass {secrets, on}');
  const verifier =
    options.verifier ??
    createWebhookVerifierWith(hmac, { secrets: options.secrets as string | string[], toleranceSeconds: options.toleranceSeconds, now: options.now });
  const tolerance = verifier.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  const retentionSeconds = options.retentionSeconds ?? 2 * tolerance;
  if (!(retentionSeconds >= 2 * tolerance)) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `retentionSeconds must be at least twice the tolerance (${2 * tolerance}s), or a replayed id could slip through`);
  }
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const store = options.store ?? new MemoryWebhookIdStore();
  const callbacks = (options.on ?? {}) as Record<string, WebhookCallback<VerifiedWebhook> | undefined>;
  for (const [type, callback] of Object.entries(callbacks)) {
    if (typeof callback !== 'function') throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `on["${type}"] must be a function`);
  }
  // Concurrent deliveries of one id within this process wait for the first instead of running the callback twice.
  const inFlight = new Map<string, Promise<boolean>>();
  const report = reportTo(options.onError);

  async function process(event: VerifiedWebhook, request: Request): Promise<boolean> {
    if (await store.has(event.id)) return false;
    const callback = event.known ? callbacks[event.type] : (options.onUnknown as WebhookCallback<VerifiedWebhook> | undefined);
    if (callback) await callback(event, { id: event.id, request });
    await store.add(event.id, retentionSeconds);
    return true;
  }

  return async function webhookHandler(request: Request): Promise<Response> {
    if (request.method !== 'POST') {
      return jsonError(405, EndpointErrorCode.MethodNotAllowed, 'use POST', { allow: 'POST' });
    }
    const length = Number(request.headers.get('content-length') ?? 0);
    if (length > maxBodyBytes) return jsonError(413, EndpointErrorCode.PayloadTooLarge, `body exceeds ${maxBodyBytes} bytes`);
    let event: VerifiedWebhook;
    try {
      event = await verifier.verify(request);
    } catch (error) {
      report(error, request);
      if (error instanceof WebhookVerificationError) {
        const status = UNAUTHENTIC.has(error.reason) ? 401 : 400;
        return jsonError(status, EndpointErrorCode.WebhookVerificationFailed, error.message, undefined, { reason: error.reason });
      }
      return jsonError(500, EndpointErrorCode.InternalError, 'webhook verification failed unexpectedly');
    }
    try {
      let pending = inFlight.get(event.id);
      if (pending) {
        await pending;
        return json(200, { received: true, duplicate: true });
      }
      pending = process(event, request);
      inFlight.set(event.id, pending);
      try {
        const fresh = await pending;
        return json(200, fresh ? { received: true } : { received: true, duplicate: true });
      } finally {
        inFlight.delete(event.id);
      }
    } catch (error) {
      report(error, request);
      return jsonError(500, EndpointErrorCode.WebhookHandlerFailed, 'the webhook callback failed; Cosmo will retry');
    }
  };
}
