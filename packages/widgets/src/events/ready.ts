import type { WidgetKind } from '@cosmopoints/protocol';
import { CosmoEvent } from './cosmo-event.js';

/** Detail of {@link CosmoReadyEvent}. */
export interface CosmoReadyDetail {
  /** Which widget completed its handshake. */
  readonly widget: WidgetKind;
}

/** The widget app completed its handshake and shows its UI (again after the iframe reloads). */
export class CosmoReadyEvent extends CosmoEvent<CosmoReadyDetail> {
  static readonly eventName = 'cosmo-ready';
  constructor(detail: CosmoReadyDetail) {
    super(CosmoReadyEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-ready': CosmoReadyEvent;
  }
}
