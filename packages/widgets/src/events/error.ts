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
}

/**
 * Something failed. Failures of the element itself (token, configuration, handshake) also put it in
 * the `error` state; a `widget-error` is shown by the widget app itself and leaves the state alone.
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
