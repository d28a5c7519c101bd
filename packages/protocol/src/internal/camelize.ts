/**
 * Cosmo's guide does not show its JSON casing, so readers accept snake_case and camelCase alike:
 * keys are camelised (recursively) before the zod schema sees them.
 */
const toCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, char: string) => char.toUpperCase());

/** Returns a copy of `value` with every object key camelised; other values unchanged. */
export function camelizeKeys(value: unknown, depth = 0): unknown {
  if (depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => camelizeKeys(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const camel = toCamel(key);
    // An explicit camelCase key wins over its snake_case twin.
    if (!(camel in out) || camel === key) out[camel] = camelizeKeys(item, depth + 1);
  }
  return out;
}
