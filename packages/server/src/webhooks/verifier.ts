/**
 * Standard Webhooks v1 verification (DESIGN.md §3) over the raw bytes as received. Order matters: headers and
 * timestamp window first (cheap), then the HMAC (constant time, every configured secret, every `v1` entry), and only
 * then UTF-8 decoding, JSON parsing and the event schema. The crypto path is bound by the entry point.
 */
import type { WebhookEvent } from '@cosmopoints/protocol/webhook-events';
import { knownWebhookEventSchema, readWebhookEvent } from '@cosmopoints/protocol/webhook-events';
import { CosmoServerError, CosmoServerErrorCode, WebhookVerificationError, WebhookVerificationReason } from '../errors.js';
import type { HmacKey, HmacProvider } from '../internal/hmac.js';
import { decodeWebhookSecrets } from './secret.js';

/** Default timestamp window, in seconds, in both directions (Standard Webhooks recommends five minutes). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;
const MAX_ID_LENGTH = 256;
const MAX_SIGNATURE_ENTRIES = 16;
// Exactly 32 bytes in canonical padded base64: 42 free characters, a 43rd whose two low bits are zero, one '='.
const V1_SIGNATURE = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const TIMESTAMP = /^[0-9]{1,15}$/;

/** Options of {@link createWebhookVerifier}. */
export interface WebhookVerifierOptions {
  /** One `whsec_…` secret, or several during a rotation (any one may match). */
  secrets: string | readonly string[];
  /** Accepted clock difference in seconds, checked in both directions. Default 300. */
  toleranceSeconds?: number;
  /** The clock, in milliseconds since the epoch (like `Date.now`). Injectable for tests. */
  now?: () => number;
}

/** Raw webhook body as received, or the `Request` itself (its body is read from a clone, so it stays unread). */
export type WebhookPayload = string | Uint8Array | ArrayBuffer | Request;

/** Request headers: a `Headers` object or a plain record such as Node's `IncomingHttpHeaders`. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** A verified event: the typed event (discriminated by `type`, `known: false` for new types) plus its `webhook-id`. */
export type VerifiedWebhook = WebhookEvent & {
  /** The `webhook-id`: the same on every redelivery, so it is the key for duplicate suppression. */
  id: string;
};

/** A delivery whose signature holds, before JSON parsing: for partners who want the raw text. */
export interface VerifiedPayload {
  /** The `webhook-id`. */
  id: string;
  /** The `webhook-timestamp`, Unix seconds. */
  timestamp: number;
  /** The body as UTF-8 text, exactly as signed. */
  payload: string;
}

/** Verifies Cosmo's signed webhooks. */
export interface WebhookVerifier {
  /** The window in seconds, in both directions. */
  readonly toleranceSeconds: number;
  /**
   * Checks headers, time window and signature only, and returns the body text unparsed.
   * @throws WebhookVerificationError with a `reason` (never `invalid-event`).
   */
  verifyRaw(payload: WebhookPayload, headers?: WebhookHeaders): Promise<VerifiedPayload>;
  /**
   * Verifies a delivery and returns its typed event.
   * @throws WebhookVerificationError with a `reason`.
   */
  verify(payload: WebhookPayload, headers?: WebhookHeaders): Promise<VerifiedWebhook>;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const fail = (reason: WebhookVerificationReason, message: string, cause?: unknown): never => {
  throw new WebhookVerificationError(reason, message, cause === undefined ? undefined : { cause });
};

function readHeader(headers: WebhookHeaders | undefined, name: string): string | undefined {
  if (headers === undefined || headers === null) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | readonly string[] | undefined>;
  let value = record[name];
  if (value === undefined) {
    for (const key of Object.keys(record)) if (key.toLowerCase() === name) value = record[key];
  }
  if (Array.isArray(value)) return value.join(' ');
  return typeof value === 'string' ? value : undefined;
}

const isRequest = (value: unknown): value is Request =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Request).clone === 'function' &&
  typeof (value as Request).arrayBuffer === 'function' &&
  typeof (value as Request).headers === 'object';

/** The raw body; synchronous for bytes and strings (the common, hot case), a promise only for a `Request`. */
/** A thenable, not `instanceof Promise`: on edge runtimes (Next.js) the body promise can come from another realm. */
const isPending = (body: string | Uint8Array | Promise<Uint8Array>): body is Promise<Uint8Array> => typeof (body as { then?: unknown }).then === 'function';

function readBody(payload: WebhookPayload): string | Uint8Array | Promise<Uint8Array> {
  if (typeof payload === 'string' || payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (isRequest(payload)) {
    if (payload.bodyUsed) fail(WebhookVerificationReason.InvalidBodyType, 'the Request body was already read; pass the Request before reading it, or pass the raw body');
    return payload.clone().arrayBuffer().then((buffer) => new Uint8Array(buffer));
  }
  return fail(
    WebhookVerificationReason.InvalidBodyType,
    `expected the raw body (string, Uint8Array, ArrayBuffer or Request), got ${payload === null ? 'null' : typeof payload}; a parsed JSON object cannot be verified`,
  );
}

/** Splits `webhook-signature` into its well-formed `v1` signatures (base64); unknown versions are skipped, as the spec asks. */
function parseSignatures(header: string): { signatures: string[]; malformed: boolean } {
  const signatures: string[] = [];
  let malformed = false;
  const trimmed = header.trim();
  const entries = /\s/.test(trimmed) ? trimmed.split(/\s+/) : [trimmed];
  if (entries.length > MAX_SIGNATURE_ENTRIES) return { signatures, malformed: true };
  for (const entry of entries) {
    const comma = entry.indexOf(',');
    if (comma <= 0) {
      malformed = true;
      continue;
    }
    if (entry.slice(0, comma) !== 'v1') continue;
    const signature = entry.slice(comma + 1);
    if (V1_SIGNATURE.test(signature)) signatures.push(signature);
    else malformed = true;
  }
  return { signatures, malformed };
}

/** The failure when no signature matched: malformed entries first, then missing v1, then a plain mismatch. */
function mismatch(malformed: boolean, wellFormed: number): never {
  if (malformed) return fail(WebhookVerificationReason.MalformedSignature, 'webhook-signature has an entry that is not "v1,<base64 of 32 bytes>"');
  if (wellFormed === 0) return fail(WebhookVerificationReason.UnsupportedSignatureVersion, 'webhook-signature has no v1 entry');
  return fail(WebhookVerificationReason.SignatureMismatch, 'no signature matches the configured secrets');
}

function decodeText(body: string | Uint8Array): string {
  if (typeof body === 'string') return body;
  try {
    return decoder.decode(body);
  } catch (error) {
    return fail(WebhookVerificationReason.InvalidJson, 'the signature holds but the body is not UTF-8', error);
  }
}

function parseEvent(body: string | Uint8Array, id: string): VerifiedWebhook {
  let json: unknown;
  try {
    json = JSON.parse(decodeText(body));
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw error;
    return fail(WebhookVerificationReason.InvalidJson, 'the signature holds but the body is not JSON', error);
  }
  // Fast path: a camelCase known event parses as is. Otherwise the protocol's tolerant reader (snake_case keys,
  // unknown types) decides; for a camelCase body both give the same result, since the schemas strip unknown keys.
  const direct = knownWebhookEventSchema.safeParse(json);
  // zod returns a fresh object, so tagging it in place is safe (and ~3 µs cheaper than a spread copy).
  if (direct.success) {
    const event = direct.data as VerifiedWebhook;
    event.known = true;
    event.id = id;
    return event;
  }
  const result = readWebhookEvent(json);
  if (!result.ok) return fail(WebhookVerificationReason.InvalidEvent, `the signature holds but the body is not a valid event (${result.error.message})`, result.error);
  return { ...result.event, id };
}

/** Creates a verifier bound to a crypto path. Entry points bind this as `createWebhookVerifier`. */
export function createWebhookVerifierWith(hmac: HmacProvider, options: WebhookVerifierOptions): WebhookVerifier {
  if (typeof options !== 'object' || options === null) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'createWebhookVerifier: pass {secrets}');
  }
  const keys: HmacKey[] = decodeWebhookSecrets(options.secrets).map((raw) => hmac.importKey(raw));
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds <= 0) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'toleranceSeconds must be a positive number of seconds');
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'now must be a function returning milliseconds');

  type Checked = { id: string; timestamp: number; body: string | Uint8Array };

  /** Headers, window and signature; synchronous on the node:crypto path, so a verify costs one promise. */
  function check(body: string | Uint8Array, source: WebhookHeaders | undefined, hint: boolean): Checked | Promise<Checked> {
    const id = readHeader(source, 'webhook-id');
    const timestamp = readHeader(source, 'webhook-timestamp');
    const signature = readHeader(source, 'webhook-signature');
    if (!id || !timestamp || !signature) {
      const missing = [!id && 'webhook-id', !timestamp && 'webhook-timestamp', !signature && 'webhook-signature'].filter(Boolean).join(', ');
      return fail(WebhookVerificationReason.MissingHeaders, `missing ${missing}${hint ? ' (pass the request headers as the second argument)' : ''}`);
    }
    if (id.length > MAX_ID_LENGTH) return fail(WebhookVerificationReason.MissingHeaders, `webhook-id is longer than ${MAX_ID_LENGTH} characters`);
    if (!TIMESTAMP.test(timestamp)) return fail(WebhookVerificationReason.MalformedTimestamp, 'webhook-timestamp must be an integer of Unix seconds');
    const seconds = Number(timestamp);
    const skew = seconds - now() / 1000;
    if (skew < -toleranceSeconds) return fail(WebhookVerificationReason.TimestampTooOld, `webhook-timestamp is more than ${toleranceSeconds}s in the past`);
    if (skew > toleranceSeconds) return fail(WebhookVerificationReason.TimestampTooNew, `webhook-timestamp is more than ${toleranceSeconds}s in the future`);

    const { signatures, malformed } = parseSignatures(signature);
    if (signatures.length === 0) return mismatch(malformed, 0);
    const checked: Checked = { id, timestamp: seconds, body };
    const prefix = `${id}.${timestamp}.`;
    // node:crypto answers synchronously; Web Crypto hands over to the async loop below.
    for (let index = 0; index < keys.length; index++) {
      const match = keys[index]!.verify(prefix, body, signatures);
      if (match === true) return checked;
      if (match !== false) return settle(match, index);
    }
    return mismatch(malformed, signatures.length);

    async function settle(pending: Promise<boolean>, index: number): Promise<Checked> {
      if (await pending) return checked;
      for (let next = index + 1; next < keys.length; next++) {
        if (await keys[next]!.verify(prefix, body, signatures)) return checked;
      }
      return mismatch(malformed, signatures.length);
    }
  }

  function checkPayload(payload: WebhookPayload, headers: WebhookHeaders | undefined): Checked | Promise<Checked> {
    const body = readBody(payload);
    const request = isRequest(payload);
    const source = headers ?? (request ? payload.headers : undefined);
    const hint = headers === undefined && !request;
    return isPending(body) ? body.then((bytes) => check(bytes, source, hint)) : check(body, source, hint);
  }

  return {
    toleranceSeconds,
    async verify(payload, headers) {
      const checked = checkPayload(payload, headers);
      const { id, body } = await checked;
      return parseEvent(body, id);
    },
    async verifyRaw(payload, headers) {
      const checked = checkPayload(payload, headers);
      const { id, timestamp, body } = await checked;
      return { id, timestamp, payload: decodeText(body) };
    },
  };
}
