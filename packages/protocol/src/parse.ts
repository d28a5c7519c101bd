import { ProtocolError, ProtocolErrorCode } from './errors.js';
import { Invalid } from './schema.js';
import type { Schema } from './schema.js';
import {
  CHANNEL_PATTERN,
  MAX_MESSAGE_SIZE,
  NAMESPACE,
  PROTOCOL_VERSION,
  hostMessageSchemas,
  widgetMessageSchemas,
} from './messages.js';
import type { Envelope, HostMessage, HostMessageType, HostPayload, WidgetMessage, WidgetMessageType, WidgetPayload } from './messages.js';

/** Outcome of reading untrusted input: never thrown, always returned. */
export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: ProtocolError };

const reject = (code: ProtocolErrorCode, message: string, cause?: unknown): { ok: false; error: ProtocolError } => ({
  ok: false,
  error: new ProtocolError(code, message, { cause }),
});

function serialisedSize(data: unknown): number | undefined {
  try {
    return JSON.stringify(data)?.length;
  } catch {
    return undefined; // cycles, BigInt: not a message we could have sent
  }
}

function parseWith<M>(schemas: Record<string, Schema<unknown>>, data: unknown): ParseResult<M> {
  if (typeof data !== 'object' || data === null || (data as { ns?: unknown }).ns !== NAMESPACE) {
    return reject(ProtocolErrorCode.MalformedEnvelope, 'not a Cosmo message');
  }
  const size = serialisedSize(data);
  if (size === undefined) return reject(ProtocolErrorCode.MalformedEnvelope, 'message cannot be serialised');
  if (size > MAX_MESSAGE_SIZE) return reject(ProtocolErrorCode.Oversized, `message of ${size} characters exceeds ${MAX_MESSAGE_SIZE}`);
  const { v, channel, type, payload } = data as Partial<Envelope>;
  if (typeof channel !== 'string' || !CHANNEL_PATTERN.test(channel) || typeof type !== 'string') {
    return reject(ProtocolErrorCode.MalformedEnvelope, 'envelope needs a channel and a type');
  }
  if (v !== PROTOCOL_VERSION) return reject(ProtocolErrorCode.UnsupportedVersion, `protocol version ${String(v)} is not ${PROTOCOL_VERSION}`);
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) return reject(ProtocolErrorCode.UnknownType, `unknown message type "${type.slice(0, 64)}"`);
  try {
    const message = { ns: NAMESPACE, v, channel, type, payload: schema(payload, 'payload') };
    return { ok: true, message: message as M };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return reject(ProtocolErrorCode.InvalidPayload, `${type}: ${error.path} must be ${error.expected}`, error);
  }
}

/** Reads a message a widget app sent to the host page. Never throws. */
export const parseWidgetMessage = (data: unknown): ParseResult<WidgetMessage> => parseWith(widgetMessageSchemas, data);

/** Reads a message a host page sent to the widget app. Never throws. */
export const parseHostMessage = (data: unknown): ParseResult<HostMessage> => parseWith(hostMessageSchemas, data);

/** Builds a widget → host envelope. */
export const widgetMessage = <T extends WidgetMessageType>(channel: string, type: T, payload: WidgetPayload<T>): Envelope<T, WidgetPayload<T>> => ({
  ns: NAMESPACE,
  v: PROTOCOL_VERSION,
  channel,
  type,
  payload,
});

/** Builds a host → widget envelope. */
export const hostMessage = <T extends HostMessageType>(channel: string, type: T, payload: HostPayload<T>): Envelope<T, HostPayload<T>> => ({
  ns: NAMESPACE,
  v: PROTOCOL_VERSION,
  channel,
  type,
  payload,
});
