import { CosmoEvent } from './cosmo-event.js';

/** Detail of {@link CosmoCloseEvent}. */
export interface CosmoCloseDetail {
  /** Why the widget asked to close, e.g. `done` or `cancel`, when it said. */
  readonly reason?: string;
}

/** The user asked to close the widget. The element stays; the page decides whether to remove it. */
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
