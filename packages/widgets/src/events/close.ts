import { CosmoEvent } from './cosmo-event.js';

/** Detail of {@link CosmoCloseEvent}. */
export interface CosmoCloseDetail {
  /**
   * Why: the widget app's reason when it asked to close (`user`, `done`…); for a dialog closed by the element,
   * `user` (its close button), `escape` (Esc), `api` (`close()` or `open = false`) or `disconnect` (removed from the page).
   */
  readonly reason?: string;
}

/** The user asked to close the widget, or its dialog closed. An inline element stays; the page decides whether to remove it. */
export class CosmoCloseEvent extends CosmoEvent<CosmoCloseDetail> {
  static readonly eventName = 'cosmo-close';
  constructor(detail: CosmoCloseDetail) {
    super(CosmoCloseEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-close': CosmoCloseEvent;
  }
}
