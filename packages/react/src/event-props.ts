/**
 * The React event props of each widget, derived from the element's event table (`static events`): each
 * row's event class gives the DOM event (`static eventName`) and the handler's argument type. Nothing is
 * written twice: a row added to a table in `@cosmopoints/widgets` is a prop here, typed.
 */
import { CosmoMultibrandWidget, CosmoPurchaseWidget } from '@cosmopoints/widgets';
import type { PascalCase, WidgetEventTable } from '@cosmopoints/widgets';
import type { EventName } from '@lit/react';

/** An event class as `@cosmopoints/widgets` defines them: a constructor with a `static eventName`. */
export type CosmoEventClass = { readonly eventName: string } & (abstract new (...args: never[]) => Event);

/** React prop name → event class. */
export type EventClassTable = Readonly<Record<`on${string}`, CosmoEventClass>>;

/** The event an event class constructs. */
export type EventOf<C> = C extends abstract new (...args: never[]) => infer E ? (E extends Event ? E : never) : never;

/** The DOM event name of an event class, as a literal type (`'cosmo-ready'`). */
export type EventNameOf<C> = C extends { readonly eventName: infer N extends string } ? N : never;

/** `'cosmo-transaction-complete'` → `'onTransactionComplete'`. */
export type EventPropName<N extends string> = `on${PascalCase<N extends `cosmo-${infer Rest}` ? Rest : N>}`;

/** An element's event table as React prop name → event class: `{ onReady: typeof CosmoReadyEvent, … }`. */
export type EventClassesOf<Table> = {
  readonly [K in keyof Table as Table[K] extends { readonly event: infer C } ? EventPropName<EventNameOf<C>> : never]: Table[K] extends { readonly event: infer C } ? C : never;
};

/** React prop name → DOM event name, branded with the event's type for `@lit/react`. */
export type EventNameTable<T extends EventClassTable> = { readonly [K in keyof T]: EventName<EventOf<T[K]>> & EventNameOf<T[K]> };

/** The typed event-handler props of a table: `onReady?: (event: CosmoReadyEvent) => void`, … */
export type EventHandlerProps<T extends EventClassTable> = { [K in keyof T]?: (event: EventOf<T[K]>) => void };

/** `'cosmo-transaction-complete'` → `'onTransactionComplete'`, at run time. */
const propName = (eventName: string) => `on${eventName.replace(/^cosmo/, '').replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase())}`;

/** Each row of an element's event table as `prop → event class`. */
export function eventClasses<const Table extends WidgetEventTable>(table: Table): EventClassesOf<Table> {
  return Object.fromEntries(Object.values(table).map(({ event }) => [propName(event.eventName), event])) as EventClassesOf<Table>;
}

/** Maps each prop of `table` to its event class's `eventName`. */
export function eventNames<const T extends EventClassTable>(table: T): EventNameTable<T> {
  return Object.fromEntries(Object.entries(table).map(([prop, eventClass]) => [prop, eventClass.eventName])) as EventNameTable<T>;
}

/** Every event `<cosmo-purchase-widget>` dispatches, by React prop. */
export const PURCHASE_EVENT_CLASSES = eventClasses(CosmoPurchaseWidget.events);

/** Every event `<cosmo-multibrand-widget>` dispatches, by React prop. */
export const MULTIBRAND_EVENT_CLASSES = eventClasses(CosmoMultibrandWidget.events);

/** `<CosmoPurchaseWidget>`'s event props and the DOM event each one listens to, e.g. `onTransactionComplete: 'cosmo-transaction-complete'`. */
export const PURCHASE_EVENT_PROPS = eventNames(PURCHASE_EVENT_CLASSES);

/** `<CosmoMultibrandWidget>`'s event props and the DOM event each one listens to, e.g. `onProgramConnect: 'cosmo-program-connect'`. */
export const MULTIBRAND_EVENT_PROPS = eventNames(MULTIBRAND_EVENT_CLASSES);
