/**
 * Strict base64 (standard alphabet, padded) with Web-standard globals only (`atob`/`btoa`), so the core runs on any
 * runtime. `atob` alone is lenient (it skips whitespace and accepts missing padding), hence the regex first.
 */
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes canonical base64: padded, standard alphabet, unused low bits zero (the one encoding of its bytes). Returns
 * `undefined` otherwise. Canonical matters for signatures: `atob` ignores those bits, so "…A=" and "…B=" decode to the
 * same bytes, and a byte comparison would accept a signature whose text is not the one computed.
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!STRICT_BASE64.test(text)) return undefined;
  const binary = atob(text);
  if (btoa(binary) !== text) return undefined;
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Encodes bytes as padded standard base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index++) binary += String.fromCharCode(bytes[index]!);
  return btoa(binary);
}
