/**
 * Checks the arguments of the client's operations before any request, so a mistake fails at once with a message that
 * names the field (`issuePoints: value: expected a positive integer…`) instead of as Cosmo's 400 later. Request bodies
 * are read through the protocol's wire schemas, so the SDK and the simulator agree on every constraint.
 */
import type * as z from 'zod';
import { CosmoServerError, CosmoServerErrorCode } from '../errors.js';

/** An `invalid-argument` error for operation `operation`. */
export const badArgument = (operation: string, message: string): CosmoServerError =>
  new CosmoServerError(CosmoServerErrorCode.InvalidArgument, `${operation}: ${message}`);

/** The input object of an operation, or an error saying what to pass. */
export function inputObject<T>(input: T, operation: string, expected: string): T & object {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw badArgument(operation, `pass ${expected}`);
  return input as T & object;
}

/** Reads `value` with a wire schema; the first problem becomes an `invalid-argument` naming its field. */
export function wireBody<S extends z.ZodType>(schema: S, value: unknown, operation: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw badArgument(operation, `${field}${issue?.message ?? 'invalid input'}`);
}

/** An id or reference passed on its own (program id, transaction id or reference): 1 to 256 characters, no control characters. */
export function pathArgument(value: unknown, operation: string, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 256 || /[\x00-\x1f\x7f]/.test(value)) {
    throw badArgument(operation, `${field} must be a non-empty string of at most 256 characters without control characters`);
  }
  return value;
}

const FIRST_TEN_DIGIT_SECOND = 1_000_000_000;
const FIRST_ELEVEN_DIGIT_SECOND = 10_000_000_000;

/**
 * A `Date` or epoch seconds, as the epoch seconds Cosmo documents (10 digits). A 13-digit number is refused as the
 * milliseconds it most likely is, rather than sent as a date 50,000 years away.
 */
export function epochSeconds(value: unknown, operation: string, field: string): number {
  let seconds: number;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw badArgument(operation, `${field} is an invalid Date`);
    seconds = Math.floor(value.getTime() / 1000);
  } else if (typeof value === 'number' && Number.isInteger(value)) {
    if (value >= FIRST_ELEVEN_DIGIT_SECOND * 10) throw badArgument(operation, `${field} looks like milliseconds; pass epoch seconds (10 digits) or a Date`);
    seconds = value;
  } else {
    throw badArgument(operation, `${field} must be a Date or epoch seconds (an integer of 10 digits)`);
  }
  if (seconds < FIRST_TEN_DIGIT_SECOND || seconds >= FIRST_ELEVEN_DIGIT_SECOND) {
    throw badArgument(operation, `${field} must fall between 2001-09-09 and 2286-11-20 (10-digit epoch seconds)`);
  }
  return seconds;
}
