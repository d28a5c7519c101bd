/**
 * Standard Webhooks secrets: `whsec_` followed by the base64 key bytes. The prefix is optional on input (some
 * dashboards show the bare base64), but the base64 must be strict and the key at least 16 bytes.
 */
import { CosmoServerError, CosmoServerErrorCode } from '../errors.js';
import { decodeBase64 } from '../internal/base64.js';

/** The prefix of a Standard Webhooks secret. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
const MIN_KEY_BYTES = 16;

/** Decodes a `whsec_…` secret to its key bytes; throws `invalid-config` with a fix-it message otherwise. */
export function decodeWebhookSecret(secret: unknown, label = 'webhook secret'): Uint8Array {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `${label} is missing; pass the "whsec_…" value from Cosmo's portal`);
  }
  if (/\s/.test(secret)) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `${label} contains whitespace; check for a stray newline or space when it was copied`);
  }
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  const key = decodeBase64(encoded);
  if (key === undefined || key.length === 0) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `${label} is malformed: expected "whsec_" followed by padded base64`);
  }
  if (key.length < MIN_KEY_BYTES) {
    throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `${label} is too short: the key must be at least ${MIN_KEY_BYTES} bytes`);
  }
  return key;
}

/** Normalises `string | string[]` to a non-empty list of decoded keys. */
export function decodeWebhookSecrets(secrets: unknown): Uint8Array[] {
  const list = Array.isArray(secrets) ? secrets : [secrets];
  if (list.length === 0) throw new CosmoServerError(CosmoServerErrorCode.InvalidConfig, 'webhook secrets: pass at least one secret');
  return list.map((secret, index) => decodeWebhookSecret(secret, list.length > 1 ? `webhook secret #${index + 1}` : 'webhook secret'));
}
