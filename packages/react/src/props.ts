/** Prop types shared by the two components, derived from the element class so the two never drift apart. */
import type { CosmoWidgetElement, CosmoWidgetInputs } from '@cosmopoints/widgets';
import type { HTMLAttributes, RefAttributes } from 'react';
import type { EventClassTable, EventHandlerProps } from './event-props.js';

/** Element inputs every widget component takes as props: the element's input list (`static properties`). */
export type CosmoWidgetInputProps = CosmoWidgetInputs;

/**
 * The props of a widget component: its inputs, its typed event props, `ref` to the element, and the
 * ordinary HTML attributes (`id`, `className`, `style`, `slot` children…) minus the names its events
 * and inputs take (`onError`, `onResize`, `onClose`, `open` are the widget's, not React's DOM ones).
 */
export type CosmoWidgetProps<Element extends CosmoWidgetElement, Events extends EventClassTable> = Omit<
  HTMLAttributes<Element>,
  keyof Events | keyof CosmoWidgetInputProps
> &
  CosmoWidgetInputProps &
  EventHandlerProps<Events> &
  RefAttributes<Element>;
