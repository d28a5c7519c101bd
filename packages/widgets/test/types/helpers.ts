/** Type-level assertions for the type tests: they compile or not, nothing runs. */

/** `true` when A and B are the same type (not merely assignable). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when `T` is `true`. */
export function assertType<T extends true>(..._: T extends true ? [] : [never]): void {}
