/**
 * Calls into a partner's shared store (token cache, webhook id store). Whatever such a store throws or rejects with,
 * the caller sees a `CosmoServerError` `store-unavailable` with the original as `cause`, so a Redis outage is told
 * apart from a Cosmo outage and never reaches a response body.
 */
import { CosmoServerError, CosmoServerErrorCode } from './errors.js';

const unavailable = (what: string, cause: unknown) =>
  cause instanceof CosmoServerError && cause.code === CosmoServerErrorCode.StoreUnavailable
    ? cause
    : new CosmoServerError(CosmoServerErrorCode.StoreUnavailable, `${what} failed`, { cause });

/** Runs `operation` (sync or async) and maps any failure to `store-unavailable`. */
export async function storeCall<T>(what: string, operation: () => T | Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (cause) {
    throw unavailable(what, cause);
  }
}
