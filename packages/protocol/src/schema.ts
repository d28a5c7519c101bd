/**
 * A few typed guards, small enough for the script-tag bundle.
 *
 * Why not zod here: zod/mini with our message union adds about 7 KB gzip to a bundle whose budget
 * is 15 KB with Lit, whose share is about 6 KB (measured, see the protocol README). These guards
 * cost well under 1 KB, infer their types the same way, and are the only definition of the
 * host ⇄ widget messages: the element, the iframe helper and the simulator all use them.
 * Server-side wire formats (Cosmo API, webhooks) use zod, where bytes do not matter.
 *
 * Not in `internal/`: its `Schema` and `Infer` types are public (the package index exports them);
 * the builders are not exported from the package.
 */

/** Reads an unknown value and returns it typed, or throws {@link Invalid}. */
export interface Schema<T> {
  (value: unknown, path: string): T;
  /** Set on schemas made by {@link optional}: the key may be missing. */
  readonly optional?: true;
}

/** The type a schema produces. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** Thrown by a schema; caught at the parse boundary, never seen by callers of the parsers. */
export class Invalid {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {}
}

const fail = (path: string, expected: string): never => {
  throw new Invalid(path, expected);
};

/** A string of at most `max` characters, optionally matching `pattern`. */
export const string =
  (max: number, pattern?: RegExp): Schema<string> =>
  (value, path) =>
    typeof value === 'string' && value.length <= max && (!pattern || pattern.test(value))
      ? value
      : fail(path, pattern ? `a string matching ${pattern}` : `a string of at most ${max} characters`);

/** A finite number within [min, max]; `integer` rejects fractions. */
export const number =
  (min: number, max: number, integer = false): Schema<number> =>
  (value, path) =>
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value))
      ? value
      : fail(path, `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);

/** `true` or `false`. */
export const boolean: Schema<boolean> = (value, path) =>
  typeof value === 'boolean' ? value : fail(path, 'a boolean');

/** One of the given string values. */
export const oneOf =
  <const T extends string>(values: readonly T[]): Schema<T> =>
  (value, path) =>
    values.includes(value as T) ? (value as T) : fail(path, `one of ${values.join(', ')}`);

/** The schema's value, or a missing key / `undefined`. */
export const optional = <T>(schema: Schema<T>): Schema<T | undefined> & { readonly optional: true } =>
  Object.assign((value: unknown, path: string) => (value === undefined ? undefined : schema(value, path)), {
    optional: true as const,
  });

/** An array of at most `max` items, each read by `item`. */
export const array =
  <T>(item: Schema<T>, max: number): Schema<T[]> =>
  (value, path) =>
    Array.isArray(value) && value.length <= max
      ? value.map((entry, index) => item(entry, `${path}[${index}]`))
      : fail(path, `an array of at most ${max} items`);

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** The object type a shape produces: optional schemas become optional keys. */
export type InferShape<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/**
 * A plain object read key by key. Unknown keys are dropped rather than rejected: a newer widget
 * may add optional fields (protocol rule), and dropping keeps the caller's copy to known data.
 */
export const object =
  <S extends Shape>(shape: S): Schema<InferShape<S>> =>
  (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'an object');
    const out: Record<string, unknown> = {};
    for (const key in shape) {
      const read = shape[key]!(Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined, `${path}.${key}`);
      if (read !== undefined) out[key] = read;
    }
    return out as InferShape<S>;
  };
