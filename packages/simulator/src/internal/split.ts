/**
 * The multibrand earning split: integer percentages that always sum to 100 across a user's connections.
 * Changing one share rescales the others in proportion to what they had, so the user's relative
 * preferences survive; rounding uses the largest-remainder method so the sum stays exact.
 */

/** Splits `total` into integers proportional to `weights` (equal parts when every weight is 0). */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  const basis = sum > 0 ? weights : weights.map(() => 1);
  const basisSum = sum > 0 ? sum : weights.length;
  const raw = basis.map((weight) => (total * weight) / basisSum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  // Hand the remaining units to the largest fractional parts; ties go to the earlier entry.
  const order = raw.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    out[index] = (out[index] ?? 0) + 1;
    left -= 1;
  }
  return out;
}
