/** A fresh random channel id (32 hex characters, 128 bits) for one mount of a widget. */
export function createChannelId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
