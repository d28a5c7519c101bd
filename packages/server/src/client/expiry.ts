/** Converts Cosmo's expiry fields (`expiresIn` seconds, or `expiresAt` ISO / Unix seconds) to epoch milliseconds. */
export function expiryToEpochMs(expiry: { expiresIn?: number | undefined; expiresAt?: string | number | undefined }, now: number): number | undefined {
  if (typeof expiry.expiresAt === 'number') return expiry.expiresAt * 1000;
  if (typeof expiry.expiresAt === 'string') {
    const ms = Date.parse(expiry.expiresAt);
    if (!Number.isNaN(ms)) return ms;
  }
  if (typeof expiry.expiresIn === 'number') return now + expiry.expiresIn * 1000;
  return undefined;
}
