/**
 * The per-tag event maps, derived from each element's event table, for the Vue typings and the Angular
 * helpers. Type-only: nothing here exists at run time.
 */
import type { CosmoMultibrandWidgetEventMap } from '../cosmo-multibrand-widget.js';
import type { CosmoPurchaseWidgetEventMap } from '../cosmo-purchase-widget.js';

export type { CosmoMultibrandWidgetEventMap } from '../cosmo-multibrand-widget.js';
export type { CosmoPurchaseWidgetEventMap } from '../cosmo-purchase-widget.js';
export type { PascalCase } from '../event-table.js';

/** Every `cosmo-*` event name. */
export type CosmoEventName = keyof CosmoPurchaseWidgetEventMap | keyof CosmoMultibrandWidgetEventMap;
