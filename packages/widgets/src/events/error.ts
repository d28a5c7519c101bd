import type { CosmoWidgetErrorCode } from '../errors.js';
import { CosmoEvent } from './cosmo-event.js';

/** Detail of {@link CosmoErrorEvent}. */
export interface CosmoErrorDetail {
  /** Machine-readable reason, one of {@link CosmoWidgetErrorCode}. */
  readonly code: CosmoWidgetErrorCode;
  /** Human-readable description, for logs; not stable. */
  readonly message: string;
  /** Whether a retry (`reload()` or the built-in button) may succeed. */
  readonly recoverable: boolean;
  /** HTTP status of the token endpoint, for `token-http-error`. */
  readonly status?: number;
  /** The widget app's own error code, for `widget-error`. */
  readonly widgetCode?: string;
  /** How many times the element asked for a token before giving up, for `token-*` codes (failures it retried are not reported one by one). */
  readonly attempts?: number;
}

/**
 * Something failed, for good: a failure the element retries by itself is not reported until its last
 * attempt. Failures of the element itself (token, configuration, handshake) also put it in the `error`
 * state, except a failed token refresh, which leaves the ready widget in place (the widget app shows it);
 * a `widget-error` is shown by the widget app itself and leaves the state alone.
 */
export class CosmoErrorEvent extends CosmoEvent<CosmoErrorDetail> {
  static readonly eventName = 'cosmo-error';
  constructor(detail: CosmoErrorDetail) {
    super(CosmoErrorEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-error': CosmoErrorEvent;
  }
}
