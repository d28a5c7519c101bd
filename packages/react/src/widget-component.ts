/**
 * A widget element as a React component: `@lit/react` for the event props and the property-only inputs
 * (`fetchToken`, `appearance`), plus the element's attributes (`token-url`, `widget-url`, `timeout`…) for
 * every input that has one. The attributes are what server rendering writes (React's server cannot set
 * properties), so the element, upgraded before hydration, already has its token source and starts; on the
 * client they carry the same values as the properties, which then change nothing.
 */
import { createComponent } from '@lit/react';
import { CosmoWidgetElement, attributeOf } from '@cosmopoints/widgets';
import type { ForwardRefExoticComponent } from 'react';
import * as React from 'react';
import type { EventClassTable, EventNameTable } from './event-props.js';
import type { CosmoWidgetProps } from './props.js';

/** `{tokenUrl: 'token-url', …}`: the inputs with an attribute, from the element's input list. */
const ATTRIBUTES = Object.entries(CosmoWidgetElement.properties).flatMap(([name, declaration]) => {
  const attribute = attributeOf(name, declaration);
  return attribute ? [[name, attribute] as const] : [];
});

/** The attributes of the inputs set in `props`: strings and numbers as text, `true` as an empty attribute. */
export function inputAttributes(props: object): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, attribute] of ATTRIBUTES) {
    const value = (props as Record<string, unknown>)[name];
    if (typeof value === 'string' || typeof value === 'number') attributes[attribute] = String(value);
    else if (value === true) attributes[attribute] = '';
  }
  return attributes;
}

/** The React component of one widget tag. */
export function widgetComponent<Element extends CosmoWidgetElement, Events extends EventClassTable>(
  tagName: string,
  elementClass: new () => Element,
  events: EventNameTable<Events>,
  displayName: string,
): ForwardRefExoticComponent<CosmoWidgetProps<Element, Events>> {
  const Inner = createComponent({ react: React, tagName, elementClass, events, displayName });
  const Outer = React.forwardRef<Element, object>((props, ref) => {
    const attributes = inputAttributes(props);
    // On the server (no document) there is no element to set properties on: render the tag with its other
    // props and the inputs as attributes (`@lit/react` would drop `timeout`, `locale`… whose attribute has
    // the property's name). On the client, `@lit/react` sets properties and listens to the events.
    if (!('document' in globalThis)) {
      // Inputs by the input list (Lit makes their accessors only when the tag is defined in a browser).
      const rest = Object.fromEntries(
        Object.entries(props).filter(([name]) => !(name in CosmoWidgetElement.properties) && !(name in elementClass.prototype) && !(name in events) && name !== 'children'),
      );
      return React.createElement(tagName, { ...rest, ...attributes }, (props as { children?: React.ReactNode }).children);
    }
    // The props last: an input whose attribute has its name (`timeout`) stays a typed property.
    return React.createElement(Inner, { ...attributes, ...props, ref } as never);
  });
  Outer.displayName = displayName;
  return Outer as ForwardRefExoticComponent<CosmoWidgetProps<Element, Events>>;
}
