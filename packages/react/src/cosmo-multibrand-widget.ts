import { CosmoMultibrandWidget as CosmoMultibrandWidgetElement } from '@cosmopoints/widgets';
import type { ForwardRefExoticComponent } from 'react';
import { MULTIBRAND_EVENT_CLASSES, MULTIBRAND_EVENT_PROPS } from './event-props.js';
import type { CosmoWidgetProps } from './props.js';
import { widgetComponent } from './widget-component.js';

/** Props of {@link CosmoMultibrandWidget}: the element's inputs, `on*` event props typed from its event table, `ref`, HTML attributes. */
export type CosmoMultibrandWidgetProps = CosmoWidgetProps<CosmoMultibrandWidgetElement, typeof MULTIBRAND_EVENT_CLASSES>;

/**
 * `<cosmo-multibrand-widget>` as a React component. Each program event is confirmed by a signed webhook;
 * treat the browser event as a hint for the UI.
 * @example
 * <CosmoMultibrandWidget tokenUrl="/api/cosmo/token" onProgramConnect={(event) => show(event.detail.program.name)} />
 */
export const CosmoMultibrandWidget: ForwardRefExoticComponent<CosmoMultibrandWidgetProps> = widgetComponent(
  'cosmo-multibrand-widget',
  CosmoMultibrandWidgetElement,
  MULTIBRAND_EVENT_PROPS,
  'CosmoMultibrandWidget',
);
