import type { OpenUrlPurpose } from '@cosmopoints/protocol';
import { CosmoEvent } from './cosmo-event.js';

/** Detail of {@link CosmoOpenUrlEvent}. */
export interface CosmoOpenUrlDetail {
  /** The URL the widget asks to open: https (http only on localhost), checked like every message. */
  readonly url: string;
  /** `link` (program terms, a help page) or `sign-in` (the user signs in with a program, then comes back to the widget). */
  readonly purpose: OpenUrlPurpose;
}

/**
 * The widget asks the page to open a URL outside the widget: a program's terms, a program's sign-in. Cancelable:
 * unless a listener calls `preventDefault()` (to open it its own way), the element opens it in a new tab with
 * `noopener`. The WebView bridge cancels it and hands the URL to the native app, which opens its in-app browser.
 */
export class CosmoOpenUrlEvent extends CosmoEvent<CosmoOpenUrlDetail> {
  static readonly eventName = 'cosmo-open-url';
  constructor(detail: CosmoOpenUrlDetail) {
    super(CosmoOpenUrlEvent.eventName, detail, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-open-url': CosmoOpenUrlEvent;
  }
}
