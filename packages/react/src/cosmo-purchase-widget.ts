import { CosmoPurchaseWidget as CosmoPurchaseWidgetElement } from '@cosmopoints/widgets';
import type { ForwardRefExoticComponent } from 'react';
import { PURCHASE_EVENT_CLASSES, PURCHASE_EVENT_PROPS } from './event-props.js';
import type { CosmoWidgetProps } from './props.js';
import { widgetComponent } from './widget-component.js';

/** Props of {@link CosmoPurchaseWidget}: the element's inputs, `on*` event props typed from its event table, `ref`, HTML attributes. */
export type CosmoPurchaseWidgetProps = CosmoWidgetProps<CosmoPurchaseWidgetElement, typeof PURCHASE_EVENT_CLASSES>;

/**
 * `<cosmo-purchase-widget>` as a React component. A `onTransactionComplete` event is never proof of
 * payment: apply business logic when the signed webhook reaches your backend.
 * @example
 * <CosmoPurchaseWidget tokenUrl="/api/cosmo/token" onTransactionComplete={(event) => show(event.detail.transactionId)} />
 */
export const CosmoPurchaseWidget: ForwardRefExoticComponent<CosmoPurchaseWidgetProps> = widgetComponent(
  'cosmo-purchase-widget',
  CosmoPurchaseWidgetElement,
  PURCHASE_EVENT_PROPS,
  'CosmoPurchaseWidget',
);
