/**
 * `node:crypto` HMAC for the `node` export condition: synchronous, compared in constant time. Never imported by the
 * core entry.
 *
 * Where the time goes (Node 20, 1 KB body, CPU time per call): `createHmac(…).update(…).digest()` costs about 2.9 µs,
 * most of it the JavaScript around the native HMAC (the `Hmac` object, its key preparation, its stream machinery),
 * not SHA-256 itself (about 0.6 ns per byte here). So HMAC is computed as RFC 2104 defines it, over two one-shot
 * `crypto.hash` calls (Node ≥ 20.12): `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message))`, the padded keys prepared once per
 * secret and the message written into a reused buffer. A one-shot hash returning a `Buffer` costs about 0.5 µs more
 * than one returning a string (the native side allocates a new ArrayBuffer), so the inner digest comes back as a
 * 32-character latin1 string, copied into the outer block, and the outer one as base64, compared with the header's
 * base64 candidates as text (decoding each candidate and allocating two buffers for `timingSafeEqual` cost 0.3 µs
 * more). Each native call (a hash, a `Buffer` write) costs 50–100 ns before any work, so short copies are JavaScript
 * loops. About 1.5 µs in all, against 2.9. Where `crypto.hash` is missing,
 * `createHmac` is used. Both are checked against each other, Web Crypto and the Standard Webhooks vector in the tests.
 */
import * as nodeCrypto from 'node:crypto';
import type { HmacKey, HmacProvider } from './hmac.js';

const BLOCK = 64; // SHA-256's block size
const DIGEST = 32;
const MAX_SCRATCH = 64 * 1024; // bigger messages get a one-off buffer rather than a scratch that never shrinks
const MAX_UTF8_PER_UNIT = 3; // UTF-8 bytes per UTF-16 code unit, at most (a surrogate pair is 4 bytes for 2 units)

type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'latin1' | 'base64') => string;
const oneShot = (nodeCrypto as { hash?: OneShotHash }).hash;

/**
 * Whether `candidate` equals `expected` (both base64 text), in time that depends only on their lengths: every
 * character is compared, the differences accumulated with no branch on them, as the Standard Webhooks libraries do.
 * Equal base64 text is equal bytes, since `expected` is canonical. `timingSafeEqual` needs both sides in buffers: two
 * writes cost more than this loop over 44 characters.
 */
function constantTimeEqual(candidate: string, expected: string): boolean {
  if (candidate.length !== expected.length) return false;
  let difference = 0;
  for (let index = 0; index < expected.length; index++) difference |= candidate.charCodeAt(index) ^ expected.charCodeAt(index);
  return difference === 0;
}

/** Copies ASCII `text` to `buffer` at `offset`; returns the offset after it, or -1 at the first non-ASCII character. */
function copyAscii(buffer: Buffer, offset: number, text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0x7f) return -1;
    buffer[offset + index] = code;
  }
  return offset + text.length;
}

const DOT = 0x2e;

/**
 * Writes the signed prefix `${id}.${timestamp}.` at `BLOCK` as UTF-8; returns where it ends. The usual prefix is
 * ASCII: copied from its parts by loops, which cost less than building the string and a native `write` call.
 */
function writePrefix(buffer: Buffer, id: string, timestamp: string): number {
  const afterId = copyAscii(buffer, BLOCK, id);
  const afterTimestamp = afterId < 0 ? -1 : copyAscii(buffer, afterId + 1, timestamp);
  if (afterTimestamp < 0) return BLOCK + buffer.write(`${id}.${timestamp}.`, BLOCK, 'utf8');
  buffer[afterId] = DOT;
  buffer[afterTimestamp] = DOT;
  return afterTimestamp + 1;
}

class NodeHmacKey implements HmacKey {
  #key: Buffer;
  /** `K ⊕ ipad` followed by room for the message. */
  #inner: Buffer;
  /** `K ⊕ opad` followed by room for the inner digest. */
  #outer = Buffer.alloc(BLOCK + DIGEST);

  constructor(raw: Uint8Array) {
    this.#key = Buffer.from(raw); // a private copy
    const key = this.#key.length > BLOCK ? nodeCrypto.createHash('sha256').update(this.#key).digest() : this.#key;
    this.#inner = Buffer.alloc(BLOCK + 1024);
    for (let index = 0; index < BLOCK; index++) {
      const byte = key[index] ?? 0;
      this.#inner[index] = byte ^ 0x36;
      this.#outer[index] = byte ^ 0x5c;
    }
  }

  /** Base64 HMAC-SHA256 of `${id}.${timestamp}.` followed by `body`. */
  #digest(id: string, timestamp: string, body: string | Uint8Array): string {
    if (oneShot === undefined) {
      const hmac = nodeCrypto.createHmac('sha256', this.#key);
      if (typeof body === 'string') hmac.update(`${id}.${timestamp}.${body}`, 'utf8');
      else hmac.update(`${id}.${timestamp}.`, 'utf8').update(body);
      return hmac.digest('base64');
    }
    // An upper bound from the lengths is enough to know the scratch fits; the exact UTF-8 length costs a pass over
    // the text, so it is only computed when the bound says the scratch may be too small.
    let buffer = this.#inner;
    const units = id.length + timestamp.length + 2 + (typeof body === 'string' ? body.length : 0);
    const bound = BLOCK + units * MAX_UTF8_PER_UNIT + (typeof body === 'string' ? 0 : body.byteLength);
    if (bound > buffer.length) {
      const prefix = Buffer.byteLength(id, 'utf8') + Buffer.byteLength(timestamp, 'utf8') + 2;
      const length = BLOCK + prefix + (typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength);
      if (length > buffer.length) {
        // A scratch that is kept grows to the bound, so the next message of this size skips the exact count.
        const keep = length <= MAX_SCRATCH;
        buffer = Buffer.allocUnsafe(keep ? Math.min(Math.max(bound, length), MAX_SCRATCH) : length);
        this.#inner.copy(buffer, 0, 0, BLOCK);
        if (keep) this.#inner = buffer;
      }
    }
    let offset = writePrefix(buffer, id, timestamp);
    if (typeof body === 'string') offset += buffer.write(body, offset, 'utf8');
    else {
      buffer.set(body, offset);
      offset += body.byteLength;
    }
    const inner = oneShot('sha256', buffer.subarray(0, offset), 'latin1');
    const outer = this.#outer;
    for (let index = 0; index < DIGEST; index++) outer[BLOCK + index] = inner.charCodeAt(index);
    return oneShot('sha256', outer, 'base64');
  }

  async sign(id: string, timestamp: string, body: string | Uint8Array): Promise<string> {
    return this.#digest(id, timestamp, body);
  }

  verify(id: string, timestamp: string, body: string | Uint8Array, signatures: readonly string[]): boolean {
    const expected = this.#digest(id, timestamp, body);
    let match = false;
    // Check every candidate (no early exit) so timing does not reveal which entry matched.
    for (const signature of signatures) if (constantTimeEqual(signature, expected)) match = true;
    return match;
  }
}

/** HMAC-SHA256 through `node:crypto`. */
export const nodeHmac: HmacProvider = { name: 'node', importKey: (raw) => new NodeHmacKey(raw) };
