/**
 * The rows of an element's event table (`static events` on each element class, typed by
 * `WidgetEventTable`), the only place where a source (a wire message, the dialog opening, a failure) meets
 * its DOM event, and the types derived from a table. Everything else that lists events (the per-tag event maps, the Vue and Angular typings,
 * the React event props, the Custom Elements Manifest, the WebView bridge, the demo's log) is derived
 * from the tables.
 */

/** The `detail` type of an event. */
export type DetailOf<E> = E extends { readonly detail: infer D } ? D : never;

/** An event class of this package: a `static eventName`, constructed from its detail. */
export type CosmoEventClass<E extends Event = Event> = { readonly eventName: string; new (detail: never): E };

/**
 * One row: the event class a source becomes, and how its detail is made from the source's input `P`. A pure
 * mapping: what a message does to the element (the handshake, a resize, a token refresh, closing the dialog)
 * is the session's and the dialog's work, before the row is asked for the event's detail.
 */
export interface EventRow<C extends CosmoEventClass<Event>, P = never> {
  /** The event class dispatched. */
  readonly event: C;
  /** The public detail, mapped from the input field by field (never the raw message). */
  readonly detail: (input: P) => RowDetail<C>;
}
type RowDetail<C> = C extends abstract new (...args: never[]) => infer E ? DetailOf<E> : never;

/** A table row: `on(CosmoReadyEvent, ({ widget }) => ({ widget }))`. */
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
export const eventNames = (table: Readonly<Record<string, { readonly event: { readonly eventName: string } }>>): string[] =>
  Object.values(table).map((row) => row.event.eventName);
