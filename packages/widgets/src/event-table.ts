/**
 * The shape of an element's event table (`static events` on each element class), the only place where a
 * wire message type meets a DOM event. Everything else that lists events (the per-tag event maps, the
 * Vue and Angular typings, the React event props, the Custom Elements Manifest, the WebView bridge, the
 * demo's log) is derived from the tables.
 */
import type { WidgetMessageType, WidgetPayload } from '@cosmopoints/protocol';
import type { WidgetSession } from './session-controller.js';

/** The `detail` type of an event. */
export type DetailOf<E> = E extends { readonly detail: infer D } ? D : never;

/** An event class of this package: a `static eventName`, constructed from its detail. */
export type CosmoEventClass<E extends Event = Event> = { readonly eventName: string; new (detail: never): E };

/** What rows are keyed by: each message type a widget app sends, and `open`, which the element's dialog emits. */
export type EventSources = { [T in WidgetMessageType]: WidgetPayload<T> } & { open: undefined };

/**
 * One row: the event class a source becomes, and how its detail is made from the payload. `undefined`
 * (or a promise of it) means no event; the session drops a message whose type has no row.
 */
export interface EventRow<C extends CosmoEventClass<Event>, P = never> {
  /** The event class dispatched. */
  readonly event: C;
  /** The public detail, mapped from the payload field by field (never the raw message). */
  readonly detail: (payload: P, session: WidgetSession) => RowDetail<C> | undefined | Promise<RowDetail<C> | undefined>;
}
type RowDetail<C> = C extends abstract new (...args: never[]) => infer E ? DetailOf<E> : never;

/** An element's event table: source → row. */
export type WidgetEventTable = {
  readonly [K in keyof EventSources]?: { readonly event: { readonly eventName: string; new (detail: never): Event }; readonly detail: (payload: EventSources[K], session: WidgetSession) => unknown };
};

/** A table row: `on(CosmoReadyEvent, (payload, session) => detail)`. */
export const on = <C extends CosmoEventClass<Event>, P>(event: C, detail: EventRow<C, P>['detail']): EventRow<C, P> => ({ event, detail });

/** `'cosmo-transaction-complete'` → `'CosmoTransactionComplete'`. */
export type PascalCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${PascalCase<Tail>}` : Capitalize<S>;

/** `{ 'cosmo-ready': CosmoReadyEvent, … }`: an event table as a DOM event map. */
export type EventMapOf<Table> = {
  [K in keyof Table as NonNullable<Table[K]> extends { readonly event: { readonly eventName: infer N extends string } } ? N : never]: NonNullable<Table[K]> extends {
    readonly event: abstract new (...args: never[]) => infer E;
  }
    ? E
    : never;
};

/** The DOM event names of a table, in its order. */
export const eventNames = (table: WidgetEventTable): string[] => Object.values(table).map((row) => row.event.eventName);
