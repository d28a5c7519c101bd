/**
 * The host ⇄ widget protocol: one envelope, one table of message types per direction.
 *
 * Compatibility rule: adding an optional field is compatible; changing or removing a field or a
 * type is a new {@link PROTOCOL_VERSION}. Unknown fields are dropped when reading.
 */
import { array, boolean, number, object, oneOf, optional, string } from './schema.js';
import type { Infer, Schema } from './schema.js';

/** Value of the envelope's `ns` field on every Cosmo message. */
export const NAMESPACE = 'cosmo';
/** The protocol version this build speaks. */
export const PROTOCOL_VERSION = 1;
/** Messages larger than this (serialised as JSON, in characters) are dropped unread. */
export const MAX_MESSAGE_SIZE = 64 * 1024;

/** The two widget kinds Cosmo offers. */
export const WIDGET_KINDS = ['purchase', 'multibrand'] as const;
/** `'purchase' | 'multibrand'`. */
export type WidgetKind = (typeof WIDGET_KINDS)[number];

/** A channel id: random, URL-safe, 8 to 64 characters. One per mounted widget. */
export const CHANNEL_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/**
 * An id (transaction, program): 1 to 128 characters, none of them a C0 control character (U+0000–U+001F), the first
 * not a space. Widget apps send their own order numbers (`ORD/2026/0001`, `Bestellung 42`), so no narrower alphabet.
 */
export const ID_PATTERN = /^(?! )[^\0-\x1f]+$/;
/**
 * A code (`error`, `transaction-fail`): a machine identifier in any common case (`card-declined`, `card_declined`,
 * `CARD_DECLINED`, `cardDeclined`, `card.declined`): ASCII letters, digits and `_ . : -`, starting with a letter,
 * digit or `_`; 1 to 64 characters.
 */
export const CODE_PATTERN = /^\w[\w.:-]*$/;
/** An ISO 8601 (RFC 3339) date-time with `Z` or an offset; `T` or a space between date and time (RFC 3339 §5.6). */
export const ISO_DATE_PATTERN = /^\d{4}(-\d\d){2}[T ]\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;
// CSS values the host forwards into the widget's styles: no characters that can end a declaration.
const CSS_VALUE = /^[^;{}<>\\]*$/;

const id = string(128, ID_PATTERN);
const text = string(500);
const isoString = string(40, ISO_DATE_PATTERN);
/** An ISO 8601 date-time with an offset or `Z`, read with a `T` between date and time (every engine's `Date` parses that). */
export const isoDate: Schema<string> = (value, path) => isoString(value, path).replace(' ', 'T');
const cssValue = string(200, CSS_VALUE);

const program = object({ id, name: string(200) });
const connection = object({
  program,
  /** Share of the user's earning sent to this program, in percent. */
  share: number(0, 100, true),
});
const connections = array(connection, 100);
const errorFields = { code: string(64, CODE_PATTERN), message: text, recoverable: optional(boolean) };

/** Brand colours, font and radius the host passes to the widget app. Every key is optional. */
export const appearanceSchema = object({
  colorPrimary: optional(cssValue),
  colorBackground: optional(cssValue),
  colorText: optional(cssValue),
  fontFamily: optional(cssValue),
  borderRadius: optional(cssValue),
  colorScheme: optional(oneOf(['light', 'dark'])),
});
/** Brand settings for a widget. */
export type Appearance = Infer<typeof appearanceSchema>;
/** A loyalty program as the widgets report it. */
export type Program = Infer<typeof program>;
/** A program the user earns with, and the share of earning it gets. */
export type ProgramConnection = Infer<typeof connection>;

/** Payload schemas of the messages a widget app sends to its host page. */
export const widgetMessageSchemas = {
  /** Handshake; sent again after the iframe reloads. */
  ready: object({ widget: oneOf(WIDGET_KINDS) }),
  /** The app's content height in CSS pixels. */
  resize: object({ height: number(0, 100_000) }),
  /** The user asked to close the widget. */
  close: object({ reason: optional(string(64)) }),
  /** The app hit an error it shows to the user. */
  error: object(errorFields),
  /** The widget token expired; the host answers with a `token` message. */
  'token-request': object({ reason: optional(string(64)) }),
  /** Purchase: the user completed a transaction. Not proof of payment: wait for the webhook. */
  'transaction-complete': object({
    transactionId: id,
    program,
    points: number(1, 1e12, true),
    amount: optional(object({ value: number(0, 1e12), currency: string(3, /^[A-Z]{3}$/) })),
    completedAt: isoDate,
  }),
  /** Purchase: the transaction failed. */
  'transaction-fail': object({ ...errorFields, program: optional(program) }),
  /** Multibrand: the user connected a program. */
  'program-connect': object({ connection, connections }),
  /** Multibrand: the user disconnected a program. */
  'program-disconnect': object({ program, connections }),
  /** Multibrand: the user changed a connection's preferences. */
  'program-update': object({ connection, previous: optional(connection), connections }),
} satisfies Record<string, Schema<unknown>>;

/** Payload schemas of the messages a host page sends to its widget app. */
export const hostMessageSchemas = {
  /** Answer to `ready`. */
  init: object({ appearance: optional(appearanceSchema), locale: optional(string(35, /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)) }),
  /** A fresh widget token, answering `token-request`. */
  token: object({ token: string(8192), expiresAt: optional(isoDate) }),
  /**
   * The host could not get a fresh token (after its own retries), answering `token-request`: `code` is the
   * host's error code (e.g. `token-http-error`), `recoverable` whether asking again may work.
   */
  'token-error': object({ code: errorFields.code, recoverable: optional(boolean) }),
  /** A live theme change. */
  appearance: appearanceSchema,
} satisfies Record<string, Schema<unknown>>;

type Schemas = Record<string, Schema<unknown>>;
/** The envelope around every message. */
export interface Envelope<Type extends string = string, Payload = unknown> {
  ns: typeof NAMESPACE;
  v: number;
  channel: string;
  type: Type;
  payload: Payload;
}
type MessageUnion<S extends Schemas> = { [K in keyof S & string]: Envelope<K, Infer<S[K]>> }[keyof S & string];

/** Type names a widget app may send. */
export type WidgetMessageType = keyof typeof widgetMessageSchemas;
/** Type names a host page may send. */
export type HostMessageType = keyof typeof hostMessageSchemas;
/** Any message from a widget app to its host, discriminated by `type`. */
export type WidgetMessage = MessageUnion<typeof widgetMessageSchemas>;
/** Any message from a host to its widget app, discriminated by `type`. */
export type HostMessage = MessageUnion<typeof hostMessageSchemas>;
/** The payload of widget message `T`. */
export type WidgetPayload<T extends WidgetMessageType> = Infer<(typeof widgetMessageSchemas)[T]>;
/** The payload of host message `T`. */
export type HostPayload<T extends HostMessageType> = Infer<(typeof hostMessageSchemas)[T]>;
