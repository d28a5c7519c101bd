import { ProtocolError, ProtocolErrorCode } from './errors.js';
import { Invalid, object, optional, string } from './schema.js';
import type { Infer } from './schema.js';
import { isoDate } from './messages.js';
import type { ParseResult } from './parse.js';

/**
 * What a partner's token endpoint returns to the widget elements: `{"token": "…", "expiresAt": "ISO 8601"}`.
 * `@cosmopoints/server`'s token handler answers in exactly this shape.
 */
export const widgetTokenResponseSchema = object({
  token: string(8192, /^\S+$/),
  expiresAt: optional(isoDate),
});

/** A widget token with its optional expiry. */
export type WidgetToken = Infer<typeof widgetTokenResponseSchema>;

/** Reads a partner endpoint's token response. Never throws. */
export function parseWidgetTokenResponse(data: unknown): ParseResult<WidgetToken> {
  try {
    return { ok: true, message: widgetTokenResponseSchema(data, 'response') };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return {
      ok: false,
      error: new ProtocolError(ProtocolErrorCode.InvalidTokenResponse, `token response: ${error.path} must be ${error.expected}`, { cause: error }),
    };
  }
}
