/**
 * How a route answers a failure: `{error: {code, message}}` (the webhook route adds `reason`), never cached. The code
 * is typed as an {@link EndpointErrorCode} and the reason as a {@link WebhookVerificationReason}, so a route cannot
 * answer a code that is not in the package's one table (`errors.ts`).
 */
import { EndpointErrorCode } from './errors.js';
import type { WebhookVerificationReason } from './errors.js';
import { json } from './internal/respond.js';

/** The error answer of a route. */
export function errorResponse(status: number, code: EndpointErrorCode, message: string, headers?: Record<string, string>, reason?: WebhookVerificationReason): Response {
  return json(status, { error: reason === undefined ? { code, message } : { code, message, reason } }, headers);
}

/** The 413 of a body over `maxBytes` (reading stopped there). */
export const payloadTooLarge = (maxBytes: number, headers?: Record<string, string>): Response =>
  errorResponse(413, EndpointErrorCode.PayloadTooLarge, `body exceeds ${maxBytes} bytes`, headers);
