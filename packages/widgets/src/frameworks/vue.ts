/**
 * Vue 3 typings for the Cosmo widget tags: augments Vue's `GlobalComponents` so that Volar / vue-tsc
 * type-check `<cosmo-purchase-widget>` and `<cosmo-multibrand-widget>` in templates: their inputs
 * (`token-url` / `:fetch-token` / `:appearance`…) and their events (`@cosmo-transaction-complete`
 * gets a `CosmoTransactionCompleteEvent`). Vue turns `@cosmo-x-y` into the prop `onCosmoXY`.
 *
 * Setup: tell Vue's compiler the tags are custom elements
 * (`vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('cosmo-') } } })`),
 * and load these types once: `/// <reference types="@cosmopoints/widgets/vue" />` or tsconfig
 * `"types": ["@cosmopoints/widgets/vue"]`. Types only: the module is empty at run time.
 * @example
 * /// <reference types="@cosmopoints/widgets/vue" />
 */
import type { DefineComponent } from 'vue';
import type { CosmoWidgetInputs } from '../inputs.js';
import type { CosmoMultibrandWidgetEventMap, CosmoPurchaseWidgetEventMap, PascalCase } from './event-maps.js';

/** The element inputs, as Vue props (camelCase; kebab-case in templates works the same): the element's input list. */
export type CosmoWidgetVueInputs = CosmoWidgetInputs;

/** `on<PascalCaseEventName>` handler props of an event map, as Vue compiles `@event-name`. */
export type CosmoWidgetVueEvents<Map> = { [K in keyof Map & string as `on${PascalCase<K>}`]?: (event: Map[K]) => void };

/** Props of `<cosmo-purchase-widget>` in Vue templates. */
export type CosmoPurchaseWidgetVueProps = CosmoWidgetVueInputs & CosmoWidgetVueEvents<CosmoPurchaseWidgetEventMap>;

/** Props of `<cosmo-multibrand-widget>` in Vue templates. */
export type CosmoMultibrandWidgetVueProps = CosmoWidgetVueInputs & CosmoWidgetVueEvents<CosmoMultibrandWidgetEventMap>;

export type { CosmoMultibrandWidgetEventMap, CosmoPurchaseWidgetEventMap } from './event-maps.js';

declare module 'vue' {
  interface GlobalComponents {
    'cosmo-purchase-widget': DefineComponent<CosmoPurchaseWidgetVueProps>;
    'cosmo-multibrand-widget': DefineComponent<CosmoMultibrandWidgetVueProps>;
  }
}
