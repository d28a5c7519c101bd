/**
 * The host ⇄ widget protocol: one envelope, one table of message types per direction.
 *
 * Compatibility rule: adding an optional field or a message type is compatible (readers drop unknown fields, and
 * drop messages of a type they do not know); changing or removing a field or a type is a new
 * {@link PROTOCOL_VERSION}.
 */
import { Invalid, array, boolean, number, object, oneOf, optional, string } from './schema.js';
import type { Infer, Schema } from './schema.js';
import { isSecureUrl } from './secure-url.js';

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

/** The longest URL a widget app may ask its host to open, in characters (as given, and once normalised). */
export const MAX_OPEN_URL_LENGTH = 2048;
/** Why a widget app asks to open a URL: a plain link (program terms) or a program's sign-in. */
export const OPEN_URL_PURPOSES = ['link', 'sign-in'] as const;
/** `'link' | 'sign-in'`. */
export type OpenUrlPurpose = (typeof OPEN_URL_PURPOSES)[number];
const readUrl = string(MAX_OPEN_URL_LENGTH);
/**
 * A URL the host opens outside the widget: absolute, https (http only on a loopback host, the widget URL's rule), no
 * user name or password (a classic phishing disguise: `https://bank.example@evil.example`), read as its normalised
 * `href`: the host opens exactly the string that was checked, so no parser of its own can read it differently.
 */
const openableUrl: Schema<string> = (value, path) => {
  let url: URL;
  try {
    url = new URL(readUrl(value, path));
  } catch (error) {
    if (error instanceof Invalid) throw error;
    throw new Invalid(path, 'an absolute URL');
  }
  if (!isSecureUrl(url)) throw new Invalid(path, 'an https URL (http only on a loopback host)');
  if (url.username !== '' || url.password !== '') throw new Invalid(path, 'a URL without a user name or password');
  if (url.href.length > MAX_OPEN_URL_LENGTH) throw new Invalid(path, `a URL of at most ${MAX_OPEN_URL_LENGTH} characters`);
  return url.href;
};

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
  /**
   * Asks the host page to open `url` outside the widget (program terms, a program's sign-in). The host page decides
   * how: a new tab with `noopener` by default, the native in-app browser inside a mobile WebView.
   */
  'open-url': object({ url: openableUrl, purpose: optional(oneOf(OPEN_URL_PURPOSES)) }),
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
