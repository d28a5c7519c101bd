/**
 * The React event props of each widget, derived from the element's event classes: each class's
 * `static eventName` is the DOM event, its instance type is the handler's argument. Nothing is
 * written twice: renaming an event in `@cosmopoints/widgets` changes these maps and their types.
 */
import {
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
} from '@cosmopoints/widgets';
import type { EventName } from '@lit/react';

/** An event class as `@cosmopoints/widgets` defines them: a constructor with a `static eventName`. */
export type CosmoEventClass = { readonly eventName: string } & (abstract new (...args: never[]) => Event);

/** React prop name → event class. */
export type EventClassTable = Readonly<Record<`on${string}`, CosmoEventClass>>;

/** The event an event class constructs. */
export type EventOf<C> = C extends abstract new (...args: never[]) => infer E ? (E extends Event ? E : never) : never;

/** The DOM event name of an event class, as a literal type (`'cosmo-ready'`). */
export type EventNameOf<C> = C extends { readonly eventName: infer N extends string } ? N : never;

/** React prop name → DOM event name, branded with the event's type for `@lit/react`. */
export type EventNameTable<T extends EventClassTable> = { readonly [K in keyof T]: EventName<EventOf<T[K]>> & EventNameOf<T[K]> };

/** The typed event-handler props of a table: `onReady?: (event: CosmoReadyEvent) => void`, … */
export type EventHandlerProps<T extends EventClassTable> = { [K in keyof T]?: (event: EventOf<T[K]>) => void };

/** Maps each prop of `table` to its event class's `eventName`. */
function eventNames<const T extends EventClassTable>(table: T): EventNameTable<T> {
  return Object.fromEntries(Object.entries(table).map(([prop, eventClass]) => [prop, eventClass.eventName])) as EventNameTable<T>;
}

/** Events both widgets dispatch, by React prop. */
const SHARED_EVENT_CLASSES = {
  onReady: CosmoReadyEvent,
  onResize: CosmoResizeEvent,
  onClose: CosmoCloseEvent,
  onError: CosmoErrorEvent,
  onTokenRefresh: CosmoTokenRefreshEvent,
} as const;

/** Every event `<cosmo-purchase-widget>` dispatches, by React prop. */
export const PURCHASE_EVENT_CLASSES = {
  ...SHARED_EVENT_CLASSES,
  onTransactionComplete: CosmoTransactionCompleteEvent,
  onTransactionFail: CosmoTransactionFailEvent,
} as const;

/** Every event `<cosmo-multibrand-widget>` dispatches, by React prop. */
export const MULTIBRAND_EVENT_CLASSES = {
  ...SHARED_EVENT_CLASSES,
  onProgramConnect: CosmoProgramConnectEvent,
  onProgramDisconnect: CosmoProgramDisconnectEvent,
  onProgramUpdate: CosmoProgramUpdateEvent,
} as const;

/** `<CosmoPurchaseWidget>`'s event props and the DOM event each one listens to, e.g. `onTransactionComplete: 'cosmo-transaction-complete'`. */
export const PURCHASE_EVENT_PROPS = eventNames(PURCHASE_EVENT_CLASSES);

/** `<CosmoMultibrandWidget>`'s event props and the DOM event each one listens to, e.g. `onProgramConnect: 'cosmo-program-connect'`. */
export const MULTIBRAND_EVENT_PROPS = eventNames(MULTIBRAND_EVENT_CLASSES);
