/**
 * Typed event helpers for Angular templates. Angular (with `CUSTOM_ELEMENTS_SCHEMA`) binds
 * `(cosmo-transaction-complete)="onComplete($event)"` with `$event: Event`; these helpers give the
 * handler the real event class, checked at run time, without casts. No Angular import: any
 * framework whose templates hand over a plain `Event` can use them. No side effects.
 * @example
 * import { cosmoHandler } from '@cosmopoints/widgets/angular';
 * readonly onComplete = cosmoHandler('cosmo-transaction-complete', (event) => this.notify(event.detail.transactionId));
 */
import type { CosmoEventName } from './event-maps.js';

export type { CosmoEventName, CosmoMultibrandWidgetEventMap, CosmoPurchaseWidgetEventMap } from './event-maps.js';

/** The event object for a `cosmo-*` event name, e.g. `CosmoTransactionCompleteEvent`. */
export type CosmoEventFor<K extends CosmoEventName> = GlobalEventHandlersEventMap[K];

/** Whether `event` is the Cosmo event `name` (its type matches and it carries a `detail`). */
export function isCosmoEvent<K extends CosmoEventName>(event: Event, name: K): event is CosmoEventFor<K> {
  return event.type === name && 'detail' in event;
}

/**
 * Wraps a typed handler for a template binding: `onComplete = cosmoHandler('cosmo-transaction-complete', (event) => …)`
 * and `(cosmo-transaction-complete)="onComplete($event)"`. An event of another type is ignored.
 */
export function cosmoHandler<K extends CosmoEventName>(name: K, handler: (event: CosmoEventFor<K>) => void): (event: Event) => void {
  return (event) => {
    if (isCosmoEvent(event, name)) handler(event);
  };
}
