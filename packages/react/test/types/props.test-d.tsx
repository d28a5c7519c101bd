/**
 * Type tests (tsc only) of the React components: inputs, typed event props, ref, and misuse.
 * Each `@ts-expect-error` must be an error, or tsc reports the directive as unused.
 */
import { createRef } from 'react';
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
} from '@cosmopoints/widgets';
import { CosmoMultibrandWidget, CosmoPurchaseWidget, MULTIBRAND_EVENT_CLASSES, MULTIBRAND_EVENT_PROPS, PURCHASE_EVENT_CLASSES, PURCHASE_EVENT_PROPS } from '@cosmopoints/widgets-react';
import type { CosmoMultibrandWidgetElement, CosmoPurchaseWidgetElement, CosmoPurchaseWidgetProps, EventNameOf, FetchToken } from '@cosmopoints/widgets-react';

/** `true` only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

// Every input as a prop, every event prop with its event class.
const fetchToken: FetchToken = async ({ widget, signal }) => {
  const response = await fetch('/token', { method: 'POST', body: JSON.stringify({ widget }), signal });
  return (await response.json()) as { token: string; expiresAt?: string };
};
const purchaseRef = createRef<CosmoPurchaseWidgetElement>();
export const purchase = (
  <CosmoPurchaseWidget
    ref={purchaseRef}
    tokenUrl="/api/cosmo/token"
    fetchToken={fetchToken}
    environment="production"
    widgetUrl="https://widget.example"
    locale="fr-CA"
    appearance={{ colorPrimary: '#0a58ca', fontFamily: 'Inter', borderRadius: '8px' }}
    timeout={20_000}
    debug
    frameTitle="Buy points"
    id="buy"
    className="widget"
    style={{ maxWidth: 480 }}
    onReady={(event) => event.detail.widget satisfies 'purchase' | 'multibrand'}
    onResize={(event) => event.detail.height satisfies number}
    onClose={(event) => event.detail.reason satisfies string | undefined}
    onError={(event) => {
      event.detail.code satisfies string;
      event.detail.recoverable satisfies boolean;
    }}
    onTokenRefresh={(event) => event.detail.expiresAt satisfies string | undefined}
    onOpenUrl={(event) => event.detail.purpose satisfies 'link' | 'sign-in'}
    onTransactionComplete={(event) => {
      event.detail.transactionId satisfies string;
      event.detail.points satisfies number;
      event.detail.program.name satisfies string;
    }}
    onTransactionFail={(event) => event.detail.code satisfies string}
  >
    <span slot="loading">Loading…</span>
  </CosmoPurchaseWidget>
);

export const multibrand = (
  <CosmoMultibrandWidget
    ref={createRef<CosmoMultibrandWidgetElement>()}
    tokenUrl="/api/cosmo/token"
    onReady={(event) => event.detail.widget}
    onProgramConnect={(event) => event.detail.share satisfies number}
    onProgramDisconnect={(event) => event.detail.connections.length}
    onProgramUpdate={(event) => event.detail.previousShare satisfies number | undefined}
  />
);

// The handlers receive exactly the event classes.
type Handler<P, K extends keyof P> = NonNullable<P[K]> extends (event: infer E) => unknown ? E : never;
type MultibrandProps = React.ComponentProps<typeof CosmoMultibrandWidget>;
assertType<Equal<Handler<CosmoPurchaseWidgetProps, 'onReady'>, CosmoReadyEvent>>();
assertType<Equal<Handler<CosmoPurchaseWidgetProps, 'onResize'>, CosmoResizeEvent>>();
assertType<Equal<Handler<CosmoPurchaseWidgetProps, 'onClose'>, CosmoCloseEvent>>();
assertType<Equal<Handler<CosmoPurchaseWidgetProps, 'onError'>, CosmoErrorEvent>>();
assertType<Equal<Handler<CosmoPurchaseWidgetProps, 'onTokenRefresh'>, CosmoTokenRefreshEvent>>();
assertType<Equal<Handler<CosmoPurchaseWidgetProps, 'onTransactionComplete'>, CosmoTransactionCompleteEvent>>();
assertType<Equal<Handler<CosmoPurchaseWidgetProps, 'onTransactionFail'>, CosmoTransactionFailEvent>>();
assertType<Equal<Handler<MultibrandProps, 'onProgramConnect'>, CosmoProgramConnectEvent>>();
assertType<Equal<Handler<MultibrandProps, 'onProgramDisconnect'>, CosmoProgramDisconnectEvent>>();
assertType<Equal<Handler<MultibrandProps, 'onProgramUpdate'>, CosmoProgramUpdateEvent>>();

// The event-name maps are literal and cover every `cosmo-*` event in GlobalEventHandlersEventMap.
export const literal: 'cosmo-transaction-complete' = PURCHASE_EVENT_PROPS.onTransactionComplete;
type CosmoEventName = Extract<keyof GlobalEventHandlersEventMap, `cosmo-${string}`>;
type Covered = EventNameOf<(typeof PURCHASE_EVENT_CLASSES)[keyof typeof PURCHASE_EVENT_CLASSES] | (typeof MULTIBRAND_EVENT_CLASSES)[keyof typeof MULTIBRAND_EVENT_CLASSES]>;
// The check can fail: one event short, something is left.
assertType<Equal<Exclude<CosmoEventName, Exclude<Covered, 'cosmo-close'>>, 'cosmo-close'>>();
assertType<Equal<Exclude<CosmoEventName, Covered>, never>>();
// Each prop listens to the event its handler is typed with.
type EventFor<N> = { [E in keyof GlobalEventHandlersEventMap]: N extends E ? GlobalEventHandlersEventMap[E] : never }[keyof GlobalEventHandlersEventMap];
type Consistent<P extends Record<string, string>, Props> = { [K in keyof P & keyof Props]: Equal<EventFor<P[K]>, Handler<Props, K>> }[keyof P & keyof Props];
assertType<Equal<Consistent<typeof PURCHASE_EVENT_PROPS, CosmoPurchaseWidgetProps>, true>>();
assertType<Equal<Consistent<typeof MULTIBRAND_EVENT_PROPS, MultibrandProps>, true>>();

// Misuse.
// @ts-expect-error environment is 'sandbox' | 'production'
export const e1 = <CosmoPurchaseWidget environment="staging" />;
// @ts-expect-error tokenUrl is a string
export const e2 = <CosmoPurchaseWidget tokenUrl={42} />;
// @ts-expect-error fetchToken is a function
export const e3 = <CosmoPurchaseWidget fetchToken="/api/cosmo/token" />;
// @ts-expect-error appearance colours are strings
export const e4 = <CosmoPurchaseWidget appearance={{ colorPrimary: 42 }} />;
// @ts-expect-error the purchase widget has no program events
export const e5 = <CosmoPurchaseWidget onProgramConnect={() => undefined} />;
// @ts-expect-error the multibrand widget has no transaction events
export const e6 = <CosmoMultibrandWidget onTransactionComplete={() => undefined} />;
// @ts-expect-error a transaction-complete detail has no `share`
export const e7 = <CosmoPurchaseWidget onTransactionComplete={(event) => event.detail.share} />;
// @ts-expect-error onError is the widget's CosmoErrorEvent, not React's SyntheticEvent handler
export const e8 = <CosmoPurchaseWidget onError={(event: React.SyntheticEvent) => event.nativeEvent} />;
// @ts-expect-error the ref is an element, not a string ref
export const e9 = <CosmoPurchaseWidget ref="widget" />;
// @ts-expect-error timeout is a number of milliseconds
export const e10 = <CosmoPurchaseWidget timeout="15s" />;
// @ts-expect-error unknown prop
export const e11 = <CosmoPurchaseWidget tokenURL="/api/cosmo/token" />;
