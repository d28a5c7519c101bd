/**
 * The webhook events Cosmo's guide names, as we assume their JSON (docs/DESIGN-NOTES.md): Standard Webhooks'
 * `{type, timestamp, data}` shape. Readers accept snake_case or camelCase keys.
 */
import * as z from 'zod';
import { ProtocolError, ProtocolErrorCode } from './errors.js';
import { camelizeKeys } from './internal/camelize.js';

/** The event types the guide describes. */
export const WEBHOOK_EVENT_TYPES = {
  TransactionConfirmed: 'transaction.confirmed',
  ProgramConnectionAdded: 'program_connection.added',
  ProgramConnectionRemoved: 'program_connection.removed',
  ProgramConnectionUpdated: 'program_connection.updated',
} as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[keyof typeof WEBHOOK_EVENT_TYPES];

const program = z.object({ id: z.string(), name: z.string() });
const connection = z.object({ program, share: z.number().int().min(0).max(100) });
const base = { timestamp: z.iso.datetime({ offset: true }) };

/** A purchase completed and settled on Cosmo's ledger: the proof to act on, unlike the DOM event. */
export const transactionConfirmedSchema = z.object({
  ...base,
  type: z.literal(WEBHOOK_EVENT_TYPES.TransactionConfirmed),
  data: z.object({
    transactionId: z.string(),
    userId: z.string(),
    program,
    points: z.number().int().positive(),
    amount: z.optional(z.object({ value: z.number(), currency: z.string().length(3) })),
    confirmedAt: z.iso.datetime({ offset: true }),
  }),
});

const connectionData = z.object({ userId: z.string(), connection, connections: z.array(connection) });
/** A user connected a program in the multibrand widget. */
export const programConnectionAddedSchema = z.object({ ...base, type: z.literal(WEBHOOK_EVENT_TYPES.ProgramConnectionAdded), data: connectionData });
/** A user disconnected a program. */
export const programConnectionRemovedSchema = z.object({
  ...base,
  type: z.literal(WEBHOOK_EVENT_TYPES.ProgramConnectionRemoved),
  data: z.object({ userId: z.string(), program, connections: z.array(connection) }),
});
/** A user changed a connection's preferences (its share). */
export const programConnectionUpdatedSchema = z.object({
  ...base,
  type: z.literal(WEBHOOK_EVENT_TYPES.ProgramConnectionUpdated),
  data: connectionData.extend({ previous: z.optional(connection) }),
});

/** Any event the guide names, discriminated by `type`. */
export const knownWebhookEventSchema = z.discriminatedUnion('type', [
  transactionConfirmedSchema,
  programConnectionAddedSchema,
  programConnectionRemovedSchema,
  programConnectionUpdatedSchema,
]);
export type KnownWebhookEvent = z.infer<typeof knownWebhookEventSchema>;
export type TransactionConfirmedEvent = z.infer<typeof transactionConfirmedSchema>;
export type ProgramConnectionAddedEvent = z.infer<typeof programConnectionAddedSchema>;
export type ProgramConnectionRemovedEvent = z.infer<typeof programConnectionRemovedSchema>;
export type ProgramConnectionUpdatedEvent = z.infer<typeof programConnectionUpdatedSchema>;

/** An event type this SDK does not know yet: delivered as-is, flagged `known: false`. */
export interface UnknownWebhookEvent {
  type: string;
  timestamp?: string;
  data: unknown;
}

/** Result of {@link readWebhookEvent}. */
export type WebhookEvent = (KnownWebhookEvent & { known: true }) | (UnknownWebhookEvent & { known: false });

/**
 * Reads a verified webhook body (already JSON-parsed). Known types are validated strictly; an unknown
 * type is returned as `{known: false}` so new Cosmo events never break a partner's handler. Never throws.
 * @returns the event, or a {@link ProtocolError} `invalid-webhook-event` (its message names the first field that
 * failed, its `cause` is zod's error) when a known type has the wrong shape or the body is not an event.
 */
export function readWebhookEvent(json: unknown): { ok: true; event: WebhookEvent } | { ok: false; error: ProtocolError } {
  // A camelCase event is read as sent; any other body is camelised first. Both give the same answer for a camelCase
  // event (the schemas keep only their own keys, and camelising lets a camelCase key win over its snake_case twin),
  // and skipping the copy is most of the cost of reading one.
  const direct = knownWebhookEventSchema.safeParse(json);
  const value = direct.success ? json : camelizeKeys(json);
  const known = direct.success ? direct : knownWebhookEventSchema.safeParse(value);
  if (known.success) {
    // zod's output is a fresh object: tag it rather than copy it.
    const event = known.data as KnownWebhookEvent & { known: true };
    event.known = true;
    return { ok: true, event };
  }
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && !(Object.values(WEBHOOK_EVENT_TYPES) as string[]).includes(type)) {
    const { timestamp, data } = value as { timestamp?: unknown; data?: unknown };
    return { ok: true, event: { type, timestamp: typeof timestamp === 'string' ? timestamp : undefined, data, known: false } };
  }
  const issue = known.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  const error = new ProtocolError(ProtocolErrorCode.InvalidWebhookEvent, `webhook event: ${where}: ${issue?.message ?? 'not an event'}`, { cause: known.error });
  return { ok: false, error };
}
