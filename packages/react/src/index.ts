/**
 * @cosmopoints/widgets-react: Cosmo's purchase and multibrand widgets as React components.
 *
 * Side effect: importing this entry registers `<cosmo-purchase-widget>` and `<cosmo-multibrand-widget>`
 * through `@cosmopoints/widgets/define` (idempotent; safe next to the script-tag bundle). Safe to import
 * in Node for server rendering: Lit's Node build shims the DOM, nothing touches `window`.
 * @example
 * import { CosmoPurchaseWidget } from '@cosmopoints/widgets-react';
 * <CosmoPurchaseWidget tokenUrl="/api/cosmo/token" onTransactionComplete={(event) => console.log(event.detail)} />
 */
import '@cosmopoints/widgets/define';

export { CosmoPurchaseWidget } from './cosmo-purchase-widget.js';
export type { CosmoPurchaseWidgetProps } from './cosmo-purchase-widget.js';
export { CosmoMultibrandWidget } from './cosmo-multibrand-widget.js';
export type { CosmoMultibrandWidgetProps } from './cosmo-multibrand-widget.js';
export { MULTIBRAND_EVENT_CLASSES, MULTIBRAND_EVENT_PROPS, PURCHASE_EVENT_CLASSES, PURCHASE_EVENT_PROPS, eventClasses, eventNames } from './event-props.js';
export type { CosmoEventClass, EventClassTable, EventClassesOf, EventHandlerProps, EventNameOf, EventNameTable, EventOf, EventPropName } from './event-props.js';
export { inputAttributes } from './widget-component.js';
export type { CosmoWidgetInputProps, CosmoWidgetProps } from './props.js';
export type {
  Appearance,
  CosmoCloseEvent,
  CosmoErrorEvent,
  CosmoMultibrandWidget as CosmoMultibrandWidgetElement,
  CosmoOpenEvent,
  CosmoOpenUrlEvent,
  CosmoProgramConnectEvent,
  CosmoProgramDisconnectEvent,
  CosmoProgramUpdateEvent,
  CosmoPurchaseWidget as CosmoPurchaseWidgetElement,
  CosmoReadyEvent,
  CosmoResizeEvent,
  CosmoTokenRefreshEvent,
  CosmoTransactionCompleteEvent,
  CosmoTransactionFailEvent,
  CosmoWidgetElement,
  CosmoWidgetInputs,
  Environment,
  FetchToken,
  FetchTokenContext,
  WidgetPresentation,
} from '@cosmopoints/widgets';
