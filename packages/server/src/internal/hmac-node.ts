/**
 * `node:crypto` HMAC for the `node` export condition: a KeyObject created once per secret, a synchronous
 * `createHmac` per check and `timingSafeEqual` for the comparison. Never imported by the core entry.
 */
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { HmacKey, HmacProvider } from './hmac.js';

class NodeHmacKey implements HmacKey {
  #key: KeyObject;
  constructor(raw: Uint8Array) {
    this.#key = createSecretKey(raw);
  }
  #digest(prefix: string, body: string | Uint8Array): Buffer {
    return createHmac('sha256', this.#key).update(prefix, 'utf8').update(body).digest();
  }
  async sign(prefix: string, body: string | Uint8Array): Promise<string> {
    return this.#digest(prefix, body).toString('base64');
  }
  verify(prefix: string, body: string | Uint8Array, signatures: readonly string[]): boolean {
    const expected = this.#digest(prefix, body);
    let match = false;
    // Check every candidate (no early exit) so timing does not reveal which entry matched.
    for (const signature of signatures) {
      const bytes = Buffer.from(signature, 'base64');
      if (bytes.length === expected.length && timingSafeEqual(bytes, expected)) match = true;
    }
    return match;
  }
}

/** HMAC-SHA256 through `node:crypto`. */
export const nodeHmac: HmacProvider = { name: 'node', importKey: (raw) => new NodeHmacKey(raw) };
