/**
 * `signWebhook`: produces a Standard Webhooks v1 delivery (body + headers) exactly as Cosmo is assumed to send it,
 * for partners' own tests; the crypto path is bound by the entry point.
 */
import { CosmoServerError, CosmoServerErrorCode } from '../errors.js';
import type { HmacProvider } from '../internal/hmac.js';
import { decodeWebhookSecret } from './secret.js';

/** Input of {@link signWebhook}. */
export interface SignWebhookOptions {
  /** The `whsec_…` secret. */
  secret: string;
  /** The body: a string is sent as is, anything else is `JSON.stringify`-ed. */
  payload: string | object;
  /** The `webhook-id`; defaults to a random `msg_…` id. A redelivery must reuse the id. */
  id?: string;
  /** The `webhook-timestamp` in Unix seconds; defaults to now. */
  timestamp?: number;
}

/** The result of {@link signWebhook}: send `body` with `headers` as a POST. */
export interface SignedWebhook {
  /** The exact body that was signed. */
  body: string;
  /** `webhook-id`, `webhook-timestamp`, `webhook-signature` and `content-type`. */
  headers: Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature' | 'content-type', string>;
}

/** Signs a webhook with the given crypto path. Entry points bind this as `signWebhook`. */
export async function signWebhookWith(hmac: HmacProvider, options: SignWebhookOptions): Promise<SignedWebhook> {
  if (typeof options !== 'object' || options === null) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidArgument, 'signWebhook: pass {secret, payload}');
  }
  const key = hmac.importKey(decodeWebhookSecret(options.secret));
  const id = options.id ?? `msg_${crypto.randomUUID().replaceAll('-', '')}`;
  if (typeof id !== 'string' || id.length === 0 || /\s/.test(id)) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidArgument, 'signWebhook: id must be a non-empty string without whitespace');
  }
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidArgument, 'signWebhook: timestamp must be a non-negative integer of Unix seconds');
  }
  const body = typeof options.payload === 'string' ? options.payload : JSON.stringify(options.payload);
  if (typeof body !== 'string') throw new CosmoServerError(CosmoServerErrorCode.InvalidArgument, 'signWebhook: payload must be a string or a JSON-serialisable object');
  const signature = await key.sign(`${id}.${timestamp}.`, body);
  return {
    body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${signature}`,
      'content-type': 'application/json',
    },
  };
}
