import { CosmoEvent } from './cosmo-event.js';

/** Detail of {@link CosmoOpenEvent}: nothing yet; an object so fields can be added compatibly. */
export type CosmoOpenDetail = Readonly<Record<never, never>>;

/** Dialog presentation: the widget's dialog opened (`open` set, or `show()`). */
export class CosmoOpenEvent extends CosmoEvent<CosmoOpenDetail> {
  static readonly eventName = 'cosmo-open';
  constructor(detail: CosmoOpenDetail) {
    super(CosmoOpenEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-open': CosmoOpenEvent;
  }
}
