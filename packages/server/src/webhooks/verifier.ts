/**
 * Standard Webhooks v1 verification (DESIGN.md §3) over the raw bytes as received. Order matters: headers and
 * timestamp window first (cheap), then the HMAC (constant time, every configured secret, every `v1` entry), and only
 * then UTF-8 decoding, JSON parsing and the event schema. The crypto path is bound by the entry point.
 */
import type { WebhookEvent } from '@cosmopoints/protocol/webhook-events';
import { knownWebhookEventSchema, readWebhookEvent } from '@cosmopoints/protocol/webhook-events';
import { CosmoServerError, CosmoServerErrorCode, WebhookVerificationError, WebhookVerificationReason } from '../errors.js';
import type { HmacKey, HmacProvider } from '../internal/hmac.js';
import { isBodyFailure, readBodyLimited } from '../internal/body.js';
import { readExactKnownEvent } from './known-event.js';
import { decodeWebhookSecrets } from './secret.js';

/** Default timestamp window, in seconds, in both directions (Standard Webhooks recommends five minutes). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;
/** Default limit on a webhook body read from a `Request`: 1 MiB. */
export const DEFAULT_MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
const MAX_ID_LENGTH = 256;
const MAX_SIGNATURE_ENTRIES = 16;
// Exactly 32 bytes in canonical padded base64: 42 free characters, a 43rd whose two low bits are zero, one '='.
const V1_SIGNATURE = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const SINGLE_V1_LENGTH = 'v1,'.length + 44;

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

/**
 * A header's value. Kept small so it is inlined where the name is a constant: a record's lowercase string header is
 * then a plain property read (one shared lookup for three names was a megamorphic one).
 */
function readHeader(headers: WebhookHeaders | undefined, name: string): string | undefined {
  if (headers === undefined || headers === null) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as HeaderRecord)[name];
  return typeof value === 'string' ? value : readRecordHeader(headers as HeaderRecord, name, value);
}

/** The rest of {@link readHeader} for records: another letter case, or several values (joined with a space). */
function readRecordHeader(record: HeaderRecord, name: string, found: string | readonly string[] | undefined): string | undefined {
  let value = found;
  if (value === undefined) {
    for (const key of Object.keys(record)) if (key.toLowerCase() === name) value = record[key];
  }
  if (Array.isArray(value)) return value.join(' ');
  return typeof value === 'string' ? value : undefined;
}

/**
 * Unix seconds from `webhook-timestamp`: 1 to 15 ASCII digits, or `undefined`. One pass instead of a regex and
 * `Number()` (about 70 ns together); 15 digits stay exact in a double.
 */
function parseTimestamp(text: string): number | undefined {
  if (text.length === 0 || text.length > 15) return undefined;
  let seconds = 0;
  for (let index = 0; index < text.length; index++) {
    const digit = text.charCodeAt(index) - 48; // '0'
    if (digit < 0 || digit > 9) return undefined;
    seconds = seconds * 10 + digit;
  }
  return seconds;
}

const isRequest = (value: unknown): value is Request =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Request).clone === 'function' &&
  typeof (value as Request).arrayBuffer === 'function' &&
  typeof (value as Request).headers === 'object';

// Realm-independent checks: a Buffer, an ArrayBuffer or a Uint8Array from another realm (Next.js's edge sandbox,
// a vm context) fails `instanceof` here while being exactly what it looks like.
const isArrayBuffer = (value: unknown): value is ArrayBuffer => Object.prototype.toString.call(value) === '[object ArrayBuffer]';

/** The raw body of a string or bytes payload (a `Request` is read separately, after its headers are checked). */
function bytesOf(payload: unknown): string | Uint8Array {
  if (typeof payload === 'string') return payload;
  if (ArrayBuffer.isView(payload)) return payload instanceof Uint8Array ? payload : new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  if (isArrayBuffer(payload)) return new Uint8Array(payload);
  return fail(
    WebhookVerificationReason.InvalidBodyType,
    `expected the raw body (string, Uint8Array, ArrayBuffer or Request), got ${payload === null ? 'null' : typeof payload}; a parsed JSON object cannot be verified`,
  );
}

const BODY_ALREADY_READ = 'the Request body was already read; pass the Request before reading it, or pass the raw body';

/** Reads a `Request` payload from a clone (the caller may read the original afterwards), through the size limit. */
async function readRequest(request: Request, maxBytes: number): Promise<Uint8Array> {
  const body = await readBodyLimited(request.clone(), maxBytes);
  if (!isBodyFailure(body)) return body;
  if (body.failure === 'too-large') return fail(WebhookVerificationReason.PayloadTooLarge, `the body exceeds ${maxBytes} bytes`);
  return fail(WebhookVerificationReason.InvalidBodyType, 'the Request body could not be read', body.cause);
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

/**
 * The candidate of the usual header, one entry of `v1,` and 44 characters, taken without checking its base64: when the
 * body is already in hand, checking can wait for a mismatch, because only canonical base64 of 32 bytes can equal the
 * computed signature (the check is the costliest regex of a verify, about 0.1 µs). A malformed entry then fails as
 * `malformed-signature` after the HMAC instead of before it: the same reason and message, and no body read for it.
 */
const singleCandidate = (header: string): string | undefined =>
  header.length === SINGLE_V1_LENGTH && header.startsWith('v1,') ? header.slice(3) : undefined;

/** The failure when no signature matched: malformed entries first, then missing v1, then a plain mismatch. */
function mismatch(malformed: boolean, wellFormed: number): never {
  if (malformed) return fail(WebhookVerificationReason.MalformedSignature, 'webhook-signature has an entry that is not "v1,<base64 of 32 bytes>"');
  if (wellFormed === 0) return fail(WebhookVerificationReason.UnsupportedSignatureVersion, 'webhook-signature has no v1 entry');
  return fail(WebhookVerificationReason.SignatureMismatch, 'no signature matches the configured secrets');
}

/** The failure when no candidate of `header` matched any key. */
function noMatch(header: string): never {
  const { signatures, malformed } = parseSignatures(header);
  return mismatch(malformed, signatures.length);
}

function decodeText(body: string | Uint8Array): string {
  if (typeof body === 'string') return body;
  try {
    return decoder.decode(body);
  } catch (error) {
    return fail(WebhookVerificationReason.InvalidJson, 'the signature holds but the body is not UTF-8', error);
  }
}

/**
 * Whether any object key (at any depth) is snake_case. Such a body goes straight to the tolerant reader instead of
 * failing the camelCase schema first and being validated twice. A walk over the parsed keys: a regex over the raw
 * text backtracks through every long string value (about 10 µs for 1 KB, more than the whole zod parse).
 */
function hasSnakeCaseKey(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || depth > 8) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (hasSnakeCaseKey(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (key.includes('_') || hasSnakeCaseKey((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

function parseEvent(body: string | Uint8Array, id: string): VerifiedWebhook {
  const text = decodeText(body);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(WebhookVerificationReason.InvalidJson, 'the signature holds but the body is not JSON', error);
  }
  // Fastest path: a known event whose camelCase fields pass its schema, checked by hand (known-event.ts says why and
  // how it stays the schema's answer).
  const exact = readExactKnownEvent(json, id);
  if (exact !== undefined) return exact;
  // Otherwise a body without snake_case keys goes through the schema once. Anything else (snake_case keys, unknown
  // types, invalid events, for the error message) goes to the protocol's tolerant reader; for a camelCase body both
  // give the same result, since the schemas strip unknown keys.
  if (!hasSnakeCaseKey(json)) {
    const direct = knownWebhookEventSchema.safeParse(json);
    // zod returns a fresh object, so tagging it in place is safe (and cheaper than a spread copy).
    if (direct.success) {
      const event = direct.data as VerifiedWebhook;
      event.known = true;
      event.id = id;
      return event;
    }
  }
  const result = readWebhookEvent(json);
  if (!result.ok) return fail(WebhookVerificationReason.InvalidEvent, `the signature holds but the body is not a valid event (${result.error.message})`, result.error);
  const event = result.event as VerifiedWebhook;
  event.id = id;
  return event;
}

/** The checked headers of a delivery, before its body is read. */
interface SignedHeaders {
  id: string;
  timestamp: number;
  /** The `webhook-timestamp` as sent, the text that was signed. */
  signedTimestamp: string;
  /** The `v1` candidates (base64 of 32 bytes, or 44 unchecked characters: see {@link singleCandidate}). */
  signatures: string[];
  /** The `webhook-signature` header, parsed again to name the failure when nothing matched. */
  header: string;
}

/** What the webhook route uses to check headers before reading the body, and the body once read. */
export interface VerifierInternals {
  /** Headers and time window; throws {@link WebhookVerificationError}. */
  checkHeaders(headers: WebhookHeaders): SignedHeaders;
  /** Signature and event; throws {@link WebhookVerificationError}. */
  verifyBody(signed: SignedHeaders, body: Uint8Array): VerifiedWebhook | Promise<VerifiedWebhook>;
}

const internals = new WeakMap<WebhookVerifier, VerifierInternals>();

/** The internals of a verifier made by this package, or undefined for a partner's own object. */
export const verifierInternals = (verifier: WebhookVerifier): VerifierInternals | undefined => internals.get(verifier);

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

  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'maxBodyBytes must be a positive integer');

  /** Headers and window; `bodyInHand` when the body is already read (see {@link singleCandidate}). */
  function checkHeaders(source: WebhookHeaders | undefined, hint: boolean, bodyInHand: boolean): SignedHeaders {
    const id = readHeader(source, 'webhook-id');
    const timestamp = readHeader(source, 'webhook-timestamp');
    const signature = readHeader(source, 'webhook-signature');
    if (!id || !timestamp || !signature) {
      const missing = [!id && 'webhook-id', !timestamp && 'webhook-timestamp', !signature && 'webhook-signature'].filter(Boolean).join(', ');
      return fail(WebhookVerificationReason.MissingHeaders, `missing ${missing}${hint ? ' (pass the request headers as the second argument)' : ''}`);
    }
    if (id.length > MAX_ID_LENGTH) return fail(WebhookVerificationReason.MissingHeaders, `webhook-id is longer than ${MAX_ID_LENGTH} characters`);
    const seconds = parseTimestamp(timestamp);
    if (seconds === undefined) return fail(WebhookVerificationReason.MalformedTimestamp, 'webhook-timestamp must be an integer of Unix seconds');
    const skew = seconds - now() / 1000;
    if (skew < -toleranceSeconds) return fail(WebhookVerificationReason.TimestampTooOld, `webhook-timestamp is more than ${toleranceSeconds}s in the past`);
    if (skew > toleranceSeconds) return fail(WebhookVerificationReason.TimestampTooNew, `webhook-timestamp is more than ${toleranceSeconds}s in the future`);
    const single = bodyInHand ? singleCandidate(signature) : undefined;
    if (single !== undefined) return { id, timestamp: seconds, signedTimestamp: timestamp, signatures: [single], header: signature };
    const { signatures, malformed } = parseSignatures(signature);
    if (signatures.length === 0) return mismatch(malformed, 0);
    return { id, timestamp: seconds, signedTimestamp: timestamp, signatures, header: signature };
  }

  /** The HMAC over every key; synchronous on the node:crypto path, so a verify costs one promise. */
  function checkSignature({ id, signedTimestamp, signatures, header }: SignedHeaders, body: string | Uint8Array): true | Promise<true> {
    // node:crypto answers synchronously; Web Crypto hands over to the async loop below.
    for (let index = 0; index < keys.length; index++) {
      const match = keys[index]!.verify(id, signedTimestamp, body, signatures);
      if (match === true) return true;
      if (match !== false) return settle(match, index);
    }
    return noMatch(header);

    async function settle(pending: Promise<boolean>, index: number): Promise<true> {
      if (await pending) return true;
      for (let next = index + 1; next < keys.length; next++) {
        if (await keys[next]!.verify(id, signedTimestamp, body, signatures)) return true;
      }
      return noMatch(header);
    }
  }

  /** Headers, window and signature of a `Request` payload, whose body is read (through the limit) after its headers pass. */
  async function checkRequest(request: Request, headers: WebhookHeaders | undefined): Promise<[SignedHeaders, Uint8Array]> {
    if (request.bodyUsed) fail(WebhookVerificationReason.InvalidBodyType, BODY_ALREADY_READ);
    const signed = checkHeaders(headers ?? request.headers, false, false);
    const body = await readRequest(request, maxBodyBytes);
    await checkSignature(signed, body);
    return [signed, body];
  }

  /**
   * Headers, window and signature of any payload, then `finish` on the verified body, as one promise. A string or
   * bytes payload on the node:crypto path is verified synchronously, so the call costs that one promise and no await
   * (an `async` verify awaiting an `async` helper cost a second promise and a microtask hop); every failure,
   * synchronous or not, still arrives as a rejection.
   */
  function run<T>(payload: WebhookPayload, headers: WebhookHeaders | undefined, finish: (signed: SignedHeaders, body: string | Uint8Array) => T): Promise<T> {
    try {
      if (isRequest(payload)) return checkRequest(payload, headers).then(([signed, body]) => finish(signed, body));
      const body = bytesOf(payload);
      const signed = checkHeaders(headers, headers === undefined, true);
      const checked = checkSignature(signed, body);
      return checked === true ? Promise.resolve(finish(signed, body)) : checked.then(() => finish(signed, body));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  const toEvent = (signed: SignedHeaders, body: string | Uint8Array): VerifiedWebhook => parseEvent(body, signed.id);
  const toPayload = (signed: SignedHeaders, body: string | Uint8Array): VerifiedPayload => ({ id: signed.id, timestamp: signed.timestamp, payload: decodeText(body) });
  const verifier: WebhookVerifier = {
    toleranceSeconds,
    verify: (payload, headers) => run(payload, headers, toEvent),
    verifyRaw: (payload, headers) => run(payload, headers, toPayload),
  };
  internals.set(verifier, {
    checkHeaders: (source) => checkHeaders(source, false, false),
    verifyBody(signed, body) {
      const checked = checkSignature(signed, body);
      return checked === true ? toEvent(signed, body) : checked.then(() => toEvent(signed, body));
    },
  });
  return verifier;
}
