import { CosmoEvent } from './cosmo-event.js';

/** Detail of {@link CosmoTokenRefreshEvent}. */
export interface CosmoTokenRefreshDetail {
  /** When the new token expires (ISO 8601), when the token source said. */
  readonly expiresAt?: string;
}

/** The widget's session expired; the element fetched a fresh token and handed it to the widget. */
export class CosmoTokenRefreshEvent extends CosmoEvent<CosmoTokenRefreshDetail> {
  static readonly eventName = 'cosmo-token-refresh';
  constructor(detail: CosmoTokenRefreshDetail) {
    super(CosmoTokenRefreshEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-token-refresh': CosmoTokenRefreshEvent;
  }
}
