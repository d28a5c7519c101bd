/**
 * @cosmopoints/protocol: the host ⇄ widget messages, widget URLs and environments.
 * Browser-safe and dependency-free: the Cosmo API and webhook schemas (zod) live in the
 * `./cosmo-api` and `./webhook-events` entries, the iframe side in `./iframe`.
 */
export { ProtocolError, ProtocolErrorCode } from './errors.js';
export { ENVIRONMENTS, isEnvironment } from './environments.js';
export type { Environment } from './environments.js';
export {
  CHANNEL_PATTERN,
  MAX_MESSAGE_SIZE,
  MAX_OPEN_URL_LENGTH,
  NAMESPACE,
  OPEN_URL_PURPOSES,
  PROTOCOL_VERSION,
  WIDGET_KINDS,
  appearanceSchema,
  hostMessageSchemas,
  widgetMessageSchemas,
} from './messages.js';
export type {
  Appearance,
  Envelope,
  HostMessage,
  HostMessageType,
  HostPayload,
  OpenUrlPurpose,
  Program,
  ProgramConnection,
  WidgetKind,
  WidgetMessage,
  WidgetMessageType,
  WidgetPayload,
} from './messages.js';
export { hostMessage, parseHostMessage, parseWidgetMessage, widgetMessage } from './parse.js';
export type { ParseResult } from './parse.js';
export { buildWidgetUrl, resolveWidgetUrl } from './widget-url.js';
export { isLoopbackUrl } from './secure-url.js';
export type { WidgetUrlOptions } from './widget-url.js';
export { parseWidgetTokenResponse, widgetTokenResponseSchema } from './widget-token.js';
export type { WidgetToken } from './widget-token.js';
export type { Infer, Schema } from './schema.js';
