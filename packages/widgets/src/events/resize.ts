import { CosmoEvent } from './cosmo-event.js';

/** Detail of {@link CosmoResizeEvent}. */
export interface CosmoResizeDetail {
  /** The iframe's new height in CSS pixels, after clamping to the min/max height. */
  readonly height: number;
}

/** The element resized its iframe to the widget app's content height. */
export class CosmoResizeEvent extends CosmoEvent<CosmoResizeDetail> {
  static readonly eventName = 'cosmo-resize';
  constructor(detail: CosmoResizeDetail) {
    super(CosmoResizeEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-resize': CosmoResizeEvent;
  }
}
