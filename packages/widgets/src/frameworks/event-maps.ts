/**
 * Per-tag event types derived from the event classes of `@cosmopoints/widgets` (their `static eventName`),
 * used by the Vue typings and the Angular helpers. Type-only: nothing here exists at run time.
 */
import type {
  CosmoCloseEvent,
  CosmoErrorEvent,
  CosmoProgramConnectEvent,
  CosmoProgramDisconnectEvent,
  CosmoProgramUpdateEvent,
  CosmoReadyEvent,
  CosmoResizeEvent,
  CosmoTokenRefreshEvent,
  CosmoTransactionCompleteEvent,
  CosmoTransactionFailEvent,
} from '../index.js';

/** An event class with its literal `static eventName`. */
type EventClass = { readonly eventName: string } & (abstract new (...args: never[]) => Event);

/** `{ 'cosmo-ready': CosmoReadyEvent, … }` from a union of event classes. */
export type EventMapOf<C extends EventClass> = { [K in C as K['eventName']]: InstanceType<K> };

type SharedEventClass = typeof CosmoReadyEvent | typeof CosmoResizeEvent | typeof CosmoCloseEvent | typeof CosmoErrorEvent | typeof CosmoTokenRefreshEvent;

/** Every event `<cosmo-purchase-widget>` dispatches, by DOM event name. */
export type CosmoPurchaseWidgetEventMap = EventMapOf<SharedEventClass | typeof CosmoTransactionCompleteEvent | typeof CosmoTransactionFailEvent>;

/** Every event `<cosmo-multibrand-widget>` dispatches, by DOM event name. */
export type CosmoMultibrandWidgetEventMap = EventMapOf<
  SharedEventClass | typeof CosmoProgramConnectEvent | typeof CosmoProgramDisconnectEvent | typeof CosmoProgramUpdateEvent
>;

/** Every `cosmo-*` event name. */
export type CosmoEventName = keyof CosmoPurchaseWidgetEventMap | keyof CosmoMultibrandWidgetEventMap;

/** `'cosmo-transaction-complete'` → `'CosmoTransactionComplete'`. */
export type PascalCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${PascalCase<Tail>}` : Capitalize<S>;
