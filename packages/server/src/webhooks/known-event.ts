/**
 * The hot path of `verify`'s event check: the four known events in their camelCase shape, checked by hand.
 *
 * Why: after `JSON.parse`, the protocol's zod schema was the largest cost left in a verify besides the HMAC (about
 * 0.35 µs for a 1 KB `transaction.confirmed`, plus 0.15 µs for the walk that looked for snake_case keys first); this
 * check costs about a fifth of that. It accepts only when the protocol's reader (`readWebhookEvent`) would accept and
 * return the same value, and otherwise returns `undefined` so the reader decides, with its own error messages:
 * - every field the schema names must be there under its camelCase name and pass the test zod applies (`z.string()`:
 *   a string; `.int()`: a safe integer; `z.number()`: finite; `.length(3)`: three characters, none astral; the ISO
 *   datetime pattern, read from the schema itself); a missing, snake_case-only or wrong field falls back;
 * - other keys are ignored, as the schema ignores them (it strips unknown keys), and a snake_case twin of a present
 *   camelCase key cannot change the answer, since the reader keeps the camelCase one;
 * - the result is a fresh object with the schema's keys in the schema's order, like zod's output.
 * A differential test holds it to the reader over thousands of generated payloads
 * (test/node/verify-fast-paths.test.ts).
 */
import type { KnownWebhookEvent } from '@cosmopoints/protocol/webhook-events';
import {
  programConnectionAddedSchema,
  programConnectionRemovedSchema,
  programConnectionUpdatedSchema,
  transactionConfirmedSchema,
  WEBHOOK_EVENT_TYPES,
} from '@cosmopoints/protocol/webhook-events';

type JsonObject = Record<string, unknown>;
type Program = { id: string; name: string };
type Connection = { program: Program; share: number };

/** The pattern a zod string format tests, or one that matches nothing (every value then takes the schema's path). */
const patternOf = (schema: { def: { pattern?: unknown } }): RegExp => (schema.def.pattern instanceof RegExp ? schema.def.pattern : /(?!)/);
const EVENT_TIMESTAMP = patternOf(transactionConfirmedSchema.shape.timestamp);
const CONFIRMED_AT = patternOf(transactionConfirmedSchema.shape.data.shape.confirmedAt);
// The four schemas share one `timestamp` field; a schema that stopped sharing it disables the fast path for its type.
const sharedTimestamp = [programConnectionAddedSchema, programConnectionRemovedSchema, programConnectionUpdatedSchema].every(
  (schema) => schema.shape.timestamp === transactionConfirmedSchema.shape.timestamp,
);

// zod counts `.length(3)` in code points (4.6) or UTF-16 units (earlier 4.x); without surrogates the two agree.
const THREE_UNITS_NO_SURROGATES = /^[^\uD800-\uDFFF]{3}$/;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const isDatetime = (value: unknown, pattern: RegExp): value is string => typeof value === 'string' && pattern.test(value);

function program(value: unknown): Program | undefined {
  if (!isObject(value)) return undefined;
  const { id, name } = value;
  if (typeof id !== 'string' || typeof name !== 'string') return undefined;
  return { id, name };
}

function connection(value: unknown): Connection | undefined {
  if (!isObject(value)) return undefined;
  const share = value.share;
  // z.number().int().min(0).max(100)
  if (!Number.isSafeInteger(share) || (share as number) < 0 || (share as number) > 100) return undefined;
  const checked = program(value.program);
  if (checked === undefined) return undefined;
  return { program: checked, share: share as number };
}

function connections(value: unknown): Connection[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: Connection[] = [];
  for (const item of value) {
    const checked = connection(item);
    if (checked === undefined) return undefined;
    out.push(checked);
  }
  return out;
}

function transactionData(data: JsonObject): KnownWebhookEvent['data'] | undefined {
  const { transactionId, userId, points, amount, confirmedAt } = data;
  if (typeof transactionId !== 'string' || typeof userId !== 'string') return undefined;
  // z.number().int().positive()
  if (!Number.isSafeInteger(points) || (points as number) <= 0) return undefined;
  if (!isDatetime(confirmedAt, CONFIRMED_AT)) return undefined;
  const checkedProgram = program(data.program);
  if (checkedProgram === undefined) return undefined;
  if (amount === undefined) return { transactionId, userId, program: checkedProgram, points: points as number, confirmedAt };
  // z.optional(z.object({value: z.number(), currency: z.string().length(3)}))
  if (!isObject(amount)) return undefined;
  const { value, currency } = amount;
  if (typeof value !== 'number' || !Number.isFinite(value) || typeof currency !== 'string' || !THREE_UNITS_NO_SURROGATES.test(currency)) return undefined;
  return { transactionId, userId, program: checkedProgram, points: points as number, amount: { value, currency }, confirmedAt };
}

/** `{userId, connection, connections}`, plus `previous` when `withPrevious` (program_connection.updated). */
function connectionData(data: JsonObject, withPrevious: boolean): KnownWebhookEvent['data'] | undefined {
  const userId = data.userId;
  if (typeof userId !== 'string') return undefined;
  const checkedConnection = connection(data.connection);
  const checkedConnections = connections(data.connections);
  if (checkedConnection === undefined || checkedConnections === undefined) return undefined;
  if (!withPrevious || data.previous === undefined) return { userId, connection: checkedConnection, connections: checkedConnections };
  const previous = connection(data.previous);
  if (previous === undefined) return undefined;
  return { userId, connection: checkedConnection, connections: checkedConnections, previous };
}

function removedData(data: JsonObject): KnownWebhookEvent['data'] | undefined {
  const userId = data.userId;
  if (typeof userId !== 'string') return undefined;
  const checkedProgram = program(data.program);
  const checkedConnections = connections(data.connections);
  if (checkedProgram === undefined || checkedConnections === undefined) return undefined;
  return { userId, program: checkedProgram, connections: checkedConnections };
}

/** A known event as `verify` returns it. */
export type ExactKnownEvent = KnownWebhookEvent & { known: true; id: string };

/**
 * The known event `json` is, tagged `known: true` with its webhook `id`, when its camelCase fields pass its schema;
 * otherwise `undefined` (the caller then runs the schema and the tolerant reader, which decide).
 */
export function readExactKnownEvent(json: unknown, id: string): ExactKnownEvent | undefined {
  if (!isObject(json)) return undefined;
  const { type, timestamp, data } = json;
  if (!isDatetime(timestamp, EVENT_TIMESTAMP) || !isObject(data)) return undefined;
  let checked: KnownWebhookEvent['data'] | undefined;
  if (type === WEBHOOK_EVENT_TYPES.TransactionConfirmed) checked = transactionData(data);
  else if (!sharedTimestamp) return undefined;
  else if (type === WEBHOOK_EVENT_TYPES.ProgramConnectionAdded) checked = connectionData(data, false);
  else if (type === WEBHOOK_EVENT_TYPES.ProgramConnectionUpdated) checked = connectionData(data, true);
  else if (type === WEBHOOK_EVENT_TYPES.ProgramConnectionRemoved) checked = removedData(data);
  if (checked === undefined) return undefined;
  // The cast pairs `type` with its `data`, which the branch above did.
  return { timestamp, type, data: checked, known: true, id } as ExactKnownEvent;
}
