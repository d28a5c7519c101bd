/**
 * Standard Webhooks v1 verification (DESIGN.md §3) over the raw bytes as received. Order matters: headers and
 * timestamp window first (cheap), then the HMAC (the platform's, constant time, every configured secret, every `v1`
 * entry), and only then UTF-8 decoding, JSON parsing and the protocol's reader, `readWebhookEvent`, which reads every
 * event (its zod schemas, snake_case or camelCase keys, unknown types as `known: false`). The crypto path is bound by
 * the entry point.
 */
import type { WebhookEvent } from '@cosmopoints/protocol/webhook-events';
import { readWebhookEvent } from '@cosmopoints/protocol/webhook-events';
import { CosmoServerError, CosmoServerErrorCode, WebhookVerificationError, WebhookVerificationReason } from '../errors.js';
import { isBodyFailure, readBodyLimited } from '../internal/body.js';
import type { HmacProvider } from '../internal/hmac.js';
import { decodeWebhookSecrets } from './secret.js';

/** Default timestamp window, in seconds, in both directions (Standard Webhooks recommends five minutes). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;
/** Default limit on a webhook body read from a `Request`: 1 MiB. */
export const DEFAULT_MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
const MAX_ID_LENGTH = 256;
const MAX_SIGNATURE_ENTRIES = 16;
// Exactly 32 bytes in canonical padded base64: 42 free characters, a 43rd whose two low bits are zero, one '='. Only
// the canonical text is accepted: a lenient decoder maps "…B=" to the bytes of "…A=", which would let a twin match.
const V1_SIGNATURE = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** Options of {@link createWebhookVerifier}. */
export interface WebhookVerifierOptions {
  /** One `whsec_…` secret, or several during a rotation (any one may match). */
  secrets: string | readonly string[];
  /** Accepted clock difference in seconds, checked in both directions. Default 300. */
  toleranceSeconds?: number;
  /** The clock, in milliseconds since the epoch (like `Date.now`). Injectable for tests. */
  now?: () => number;
  /** Largest body read from a `Request` payload; the read stops there (`payload-too-large`). Default 1 MiB. */
  maxBodyBytes?: number;
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

type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A header's value from a `Headers` or a record in any letter case; several values are joined with a space. */
function readHeader(headers: WebhookHeaders | undefined, name: string): string | undefined {
  if (headers === undefined || headers === null) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as HeaderRecord;
  let value = record[name];
  if (value === undefined) for (const key of Object.keys(record)) if (key.toLowerCase() === name) value = record[key];
  if (Array.isArray(value)) return value.join(' ');
  return typeof value === 'string' ? value : undefined;
}

const isRequest = (value: unknown): value is Request =>
  typeof value === 'object' && value !== null && typeof (value as Request).clone === 'function' && typeof (value as Request).headers === 'object';

/**
 * The raw body of a string or bytes payload. Realm-independent checks: a Buffer, an ArrayBuffer or a Uint8Array from
 * another realm (Next.js's edge sandbox, a vm context) fails `instanceof` here while being exactly what it looks like.
 */
function bytesOf(payload: unknown): string | Uint8Array {
  if (typeof payload === 'string') return payload;
  if (ArrayBuffer.isView(payload)) return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  if (Object.prototype.toString.call(payload) === '[object ArrayBuffer]') return new Uint8Array(payload as ArrayBuffer);
  return fail(
    WebhookVerificationReason.InvalidBodyType,
    `expected the raw body (string, Uint8Array, ArrayBuffer or Request), got ${payload === null ? 'null' : typeof payload}; a parsed JSON object cannot be verified`,
  );
}

/** The checked headers of a delivery. */
interface SignedHeaders {
  id: string;
  timestamp: number;
  /** `${id}.${timestamp}.`, the signed content's prefix (the timestamp as sent). */
  prefix: string;
  /** The well-formed `v1` signatures. */
  signatures: string[];
  /** Whether some `v1` entry was malformed (reported when none matched). */
  malformed: boolean;
}

/** A delivery whose signature holds: its checked headers and its body as received. */
type Verified = { signed: SignedHeaders; body: string | Uint8Array };

/** Splits `webhook-signature` into its well-formed `v1` signatures; unknown versions are skipped, as the spec asks. */
function parseSignatures(header: string): { signatures: string[]; malformed: boolean } {
  const entries = header.trim().split(/\s+/);
  if (entries.length > MAX_SIGNATURE_ENTRIES) return { signatures: [], malformed: true };
  const signatures: string[] = [];
  let malformed = false;
  for (const entry of entries) {
    const comma = entry.indexOf(',');
    if (comma <= 0) malformed = true;
    else if (entry.slice(0, comma) === 'v1') {
      const signature = entry.slice(comma + 1);
      if (V1_SIGNATURE.test(signature)) signatures.push(signature);
      else malformed = true;
    }
  }
  return { signatures, malformed };
}

/** The failure when no signature matched: malformed entries first, then missing v1, then a plain mismatch. */
function mismatch({ signatures, malformed }: Pick<SignedHeaders, 'signatures' | 'malformed'>): never {
  if (malformed) return fail(WebhookVerificationReason.MalformedSignature, 'webhook-signature has an entry that is not "v1,<base64 of 32 bytes>"');
  if (signatures.length === 0) return fail(WebhookVerificationReason.UnsupportedSignatureVersion, 'webhook-signature has no v1 entry');
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

/** The typed event of a verified body: JSON, then the protocol's reader. */
function readEvent(body: string | Uint8Array, id: string): VerifiedWebhook {
  const text = decodeText(body);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(WebhookVerificationReason.InvalidJson, 'the signature holds but the body is not JSON', error);
  }
  const result = readWebhookEvent(json);
  if (!result.ok) return fail(WebhookVerificationReason.InvalidEvent, `the signature holds but the body is not a valid event (${result.error.message})`, result.error);
  // The reader returns a fresh object: tag it in place.
  const event = result.event as VerifiedWebhook;
  event.id = id;
  return event;
}

/** Creates a verifier bound to a crypto path. Entry points bind this as `createWebhookVerifier`. */
export function createWebhookVerifierWith(hmac: HmacProvider, options: WebhookVerifierOptions): WebhookVerifier {
  const invalid = (message: string) => new CosmoServerError(CosmoServerErrorCode.InvalidConfig, message);
  if (typeof options !== 'object' || options === null) throw invalid('createWebhookVerifier: pass {secrets}');
  const keys = decodeWebhookSecrets(options.secrets).map((raw) => hmac.importKey(raw));
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds <= 0) throw invalid('toleranceSeconds must be a positive number of seconds');
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw invalid('now must be a function returning milliseconds');
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) throw invalid('maxBodyBytes must be a positive integer');

  /** Headers, window and signature syntax; `hint` when the headers argument was left out. */
  function checkHeaders(source: WebhookHeaders | undefined, hint: boolean): SignedHeaders {
    const id = readHeader(source, 'webhook-id');
    const timestamp = readHeader(source, 'webhook-timestamp');
    const signature = readHeader(source, 'webhook-signature');
    if (!id || !timestamp || !signature) {
      const missing = [!id && 'webhook-id', !timestamp && 'webhook-timestamp', !signature && 'webhook-signature'].filter(Boolean).join(', ');
      return fail(WebhookVerificationReason.MissingHeaders, `missing ${missing}${hint ? ' (pass the request headers as the second argument)' : ''}`);
    }
    if (id.length > MAX_ID_LENGTH) return fail(WebhookVerificationReason.MissingHeaders, `webhook-id is longer than ${MAX_ID_LENGTH} characters`);
    // 1 to 15 digits: Unix seconds, exact in a double.
    if (!/^\d{1,15}$/.test(timestamp)) return fail(WebhookVerificationReason.MalformedTimestamp, 'webhook-timestamp must be an integer of Unix seconds');
    const seconds = Number(timestamp);
    const skew = seconds - now() / 1000;
    if (skew < -toleranceSeconds) return fail(WebhookVerificationReason.TimestampTooOld, `webhook-timestamp is more than ${toleranceSeconds}s in the past`);
    if (skew > toleranceSeconds) return fail(WebhookVerificationReason.TimestampTooNew, `webhook-timestamp is more than ${toleranceSeconds}s in the future`);
    const { signatures, malformed } = parseSignatures(signature);
    if (signatures.length === 0) return mismatch({ signatures, malformed });
    return { id, timestamp: seconds, prefix: `${id}.${timestamp}.`, signatures, malformed };
  }

  /** The checked headers and body once a key's signature matches: at once on node:crypto, a promise on Web Crypto. */
  function matching(body: string | Uint8Array, signed: SignedHeaders): Verified | Promise<Verified> {
    const checks = keys.map((key) => key.verify(signed.prefix, body, signed.signatures));
    if (checks.includes(true)) return { signed, body };
    if (checks.every((check) => check === false)) return mismatch(signed);
    return Promise.all(checks).then((results) => (results.includes(true) ? { signed, body } : mismatch(signed)));
  }

  /** A `Request` payload: its headers first, then its body from a clone (the caller may read it after), through the limit. */
  async function verifiedRequest(request: Request, headers: WebhookHeaders | undefined): Promise<Verified> {
    if (request.bodyUsed) fail(WebhookVerificationReason.InvalidBodyType, 'the Request body was already read; pass the Request before reading it, or pass the raw body');
    const signed = checkHeaders(headers ?? request.headers, false);
    const body = await readBodyLimited(request.clone(), maxBodyBytes);
    if (!isBodyFailure(body)) return matching(body, signed);
    if (body.failure === 'too-large') return fail(WebhookVerificationReason.PayloadTooLarge, `the body exceeds ${maxBodyBytes} bytes`);
    return fail(WebhookVerificationReason.InvalidBodyType, 'the Request body could not be read', body.cause);
  }

  /** `finish` on the verified delivery as one promise; on node:crypto a string or bytes payload is verified synchronously in it (awaiting an async check cost 4 %). */
  function run<T>(payload: WebhookPayload, headers: WebhookHeaders | undefined, finish: (verified: Verified) => T): Promise<T> {
    try {
      const verified = isRequest(payload) ? verifiedRequest(payload, headers) : matching(bytesOf(payload), checkHeaders(headers, headers === undefined));
      return verified instanceof Promise ? verified.then(finish) : Promise.resolve(finish(verified));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  return {
    toleranceSeconds,
    verify: (payload, headers) => run(payload, headers, ({ signed, body }) => readEvent(body, signed.id)),
    verifyRaw: (payload, headers) => run(payload, headers, ({ signed, body }) => ({ id: signed.id, timestamp: signed.timestamp, payload: decodeText(body) })),
  };
}
