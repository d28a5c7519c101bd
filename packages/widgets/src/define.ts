/**
 * Registers `<cosmo-purchase-widget>` and `<cosmo-multibrand-widget>`. Idempotent: when a tag is
 * already defined (the script-tag bundle loaded twice, or alongside the npm package), the first
 * definition stays and one warning per tag is printed, however many copies load.
 * @example
 * import '@cosmopoints/widgets/define';
 */
import { CosmoMultibrandWidget } from './cosmo-multibrand-widget.js';
import { CosmoPurchaseWidget } from './cosmo-purchase-widget.js';

/** The tags this package defines, and their classes. */
export const WIDGET_TAGS = {
  'cosmo-purchase-widget': CosmoPurchaseWidget,
  'cosmo-multibrand-widget': CosmoMultibrandWidget,
} as const;

// Shared by every copy of this package on the page (Symbol.for is global), so copies warn once between them.
const WARNED = Symbol.for('@cosmopoints/widgets.warned');

/** Defines each tag unless it is already defined; warns once per tag when another definition is kept. */
export function defineWidgets(registry: CustomElementRegistry = customElements): void {
  const warned: Set<string> = ((globalThis as Record<symbol, Set<string>>)[WARNED] ??= new Set());
  for (const [tag, element] of Object.entries(WIDGET_TAGS)) {
    const existing = registry.get(tag);
    if (!existing) registry.define(tag, element);
    else if (existing !== element && !warned.has(tag)) {
      warned.add(tag);
      console.warn(
        `@cosmopoints/widgets: <${tag}> is already defined (the widgets script loaded twice, or next to the npm package); keeping the first definition.`,
      );
    }
  }
}

// Server rendering (Next.js, Nuxt) imports this module in Node. Lit's Node build installs a
// `customElements` shim there, so test for a document instead, without reading any global.
if ('document' in globalThis) defineWidgets();
