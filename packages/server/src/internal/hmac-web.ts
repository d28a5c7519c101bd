/**
 * Web Crypto HMAC for edge runtimes and the `default` export condition: the `CryptoKey` is imported once per secret
 * (lazily, the promise kept), and each candidate is checked with `subtle.verify`, constant-time by specification.
 */
import { decodeBase64, encodeBase64 } from './base64.js';
import type { HmacKey, HmacProvider } from './hmac.js';

const encoder = new TextEncoder();

function concat(prefix: string, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return encoder.encode(prefix + body);
  const head = encoder.encode(prefix);
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

class WebHmacKey implements HmacKey {
  readonly #raw: Uint8Array<ArrayBuffer>;
  #key: Promise<CryptoKey> | undefined;
  constructor(raw: Uint8Array) {
    this.#raw = new Uint8Array(raw);
  }
  #cryptoKey(): Promise<CryptoKey> {
    this.#key ??= crypto.subtle.importKey('raw', this.#raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    return this.#key;
  }
  async sign(prefix: string, body: string | Uint8Array): Promise<string> {
    return encodeBase64(new Uint8Array(await crypto.subtle.sign('HMAC', await this.#cryptoKey(), concat(prefix, body))));
  }
  async verify(prefix: string, body: string | Uint8Array, signatures: readonly string[]): Promise<boolean> {
    const key = await this.#cryptoKey();
    const data = concat(prefix, body);
    const checks = signatures.map((signature) => {
      const bytes = decodeBase64(signature);
      return bytes === undefined ? false : crypto.subtle.verify('HMAC', key, new Uint8Array(bytes), data);
    });
    return (await Promise.all(checks)).includes(true);
  }
}

/** HMAC-SHA256 through `crypto.subtle`. */
export const webHmac: HmacProvider = { name: 'web', importKey: (raw) => new WebHmacKey(raw) };
