/**
 * `node:crypto` HMAC for the `node` export condition: synchronous, with `timingSafeEqual` for the comparison. Never
 * imported by the core entry.
 *
 * Where the time goes (Node 20, 1 KB body): a whole `verify` is about 9 µs, and `createHmac(…).update(…).digest()`
 * was more than half of it, mostly the JavaScript around the native HMAC (the `Hmac` object, its key preparation, its
 * stream machinery), not SHA-256 itself. So HMAC is computed here as RFC 2104 defines it, over two one-shot
 * `crypto.hash` calls (Node ≥ 20.12): `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message))`, with the padded keys prepared once
 * per secret and the message written into a reused buffer; about 2× faster than `createHmac`. Where `crypto.hash` is
 * missing, `createHmac` is used. Both are checked against each other and the Standard Webhooks vector in the tests.
 */
import * as nodeCrypto from 'node:crypto';
import type { HmacKey, HmacProvider } from './hmac.js';

const BLOCK = 64; // SHA-256's block size
const DIGEST = 32;
const MAX_SCRATCH = 64 * 1024; // bigger messages get a one-off buffer rather than a scratch that never shrinks

type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer' | 'base64') => Buffer | string;
const oneShot = (nodeCrypto as { hash?: OneShotHash }).hash;

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

  /** Base64 HMAC-SHA256 of `prefix` followed by `body`. */
  #digest(prefix: string, body: string | Uint8Array): string {
    if (oneShot === undefined) {
      const hmac = nodeCrypto.createHmac('sha256', this.#key);
      if (typeof body === 'string') hmac.update(prefix + body, 'utf8');
      else hmac.update(prefix, 'utf8').update(body);
      return hmac.digest('base64');
    }
    const length = BLOCK + Buffer.byteLength(prefix, 'utf8') + (typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength);
    let buffer = this.#inner;
    if (length > buffer.length) {
      buffer = Buffer.allocUnsafe(length);
      this.#inner.copy(buffer, 0, 0, BLOCK);
      if (length <= MAX_SCRATCH) this.#inner = buffer;
    }
    let offset = BLOCK + buffer.write(prefix, BLOCK, 'utf8');
    if (typeof body === 'string') offset += buffer.write(body, offset, 'utf8');
    else {
      buffer.set(body, offset);
      offset += body.byteLength;
    }
    (oneShot('sha256', buffer.subarray(0, offset), 'buffer') as Buffer).copy(this.#outer, BLOCK);
    return oneShot('sha256', this.#outer, 'base64') as string;
  }

  async sign(prefix: string, body: string | Uint8Array): Promise<string> {
    return this.#digest(prefix, body);
  }

  verify(prefix: string, body: string | Uint8Array, signatures: readonly string[]): boolean {
    // The verifier only passes canonical padded base64 of 32 bytes, so comparing the base64 text is comparing the
    // bytes; this skips decoding every candidate.
    const expected = Buffer.from(this.#digest(prefix, body), 'latin1');
    let match = false;
    // Check every candidate (no early exit) so timing does not reveal which entry matched.
    for (const signature of signatures) {
      const candidate = Buffer.from(signature, 'latin1');
      if (candidate.length === expected.length && nodeCrypto.timingSafeEqual(candidate, expected)) match = true;
    }
    return match;
  }
}

/** HMAC-SHA256 through `node:crypto`. */
export const nodeHmac: HmacProvider = { name: 'node', importKey: (raw) => new NodeHmacKey(raw) };
