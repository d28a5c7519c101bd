/**
 * The script-tag bundle's entry: registers both tags and exports the element and error classes, so a
 * page can also `import { CosmoPurchaseWidget } from '…/cosmo-widgets-<version>.js'` (to subclass, or for
 * `instanceof`). The event classes and types stay in the npm package: exporting every name from the
 * bundle costs about 110 B gzip of a 15 KB budget, for no use a script-tag page has.
 */
import './define.js';

export { CosmoWidgetElement, WidgetState } from './cosmo-widget-element.js';
export { CosmoPurchaseWidget } from './cosmo-purchase-widget.js';
export { CosmoMultibrandWidget } from './cosmo-multibrand-widget.js';
export { CosmoWidgetError, CosmoWidgetErrorCode } from './errors.js';
