/**
 * @cosmopoints/widgets: Cosmo's purchase and multibrand widgets as custom elements.
 * This entry only exports classes and types and registers nothing; import
 * `@cosmopoints/widgets/define` (or load the script-tag bundle) to register the tags.
 * @example
 * import { CosmoPurchaseWidget } from '@cosmopoints/widgets';
 * customElements.define('my-purchase-widget', class extends CosmoPurchaseWidget {});
 */
export { CosmoWidgetElement, WidgetState } from './cosmo-widget-element.js';
export type { CosmoWidgetEventMap } from './cosmo-widget-element.js';
export { WIDGET_INPUTS, attributeOf } from './inputs.js';
export type { CosmoWidgetInputs, InputsKeyedAlike, WidgetInputs, WidgetPresentation } from './inputs.js';
export { CosmoPurchaseWidget } from './cosmo-purchase-widget.js';
export type { CosmoPurchaseWidgetEventMap } from './cosmo-purchase-widget.js';
export { CosmoMultibrandWidget } from './cosmo-multibrand-widget.js';
export type { CosmoMultibrandWidgetEventMap } from './cosmo-multibrand-widget.js';
export { eventNames, on } from './event-table.js';
export type { CosmoEventClass, DetailOf, EventMapOf, EventRow, PascalCase } from './event-table.js';
export { RENEW_BEFORE_EXPIRY_MS } from './session-controller.js';
export type { EventSources, SessionHost, SessionOptions, WidgetEventTable, WidgetSession } from './session-controller.js';
export type { DialogController, DialogHost, DialogOptions } from './dialog-controller.js';
export { CosmoWidgetError, CosmoWidgetErrorCode } from './errors.js';
export type { CosmoWidgetErrorOptions } from './errors.js';
export type { FetchToken, FetchTokenContext } from './token-source.js';
export { CosmoEvent } from './events/cosmo-event.js';
export { CosmoReadyEvent } from './events/ready.js';
export type { CosmoReadyDetail } from './events/ready.js';
export { CosmoResizeEvent } from './events/resize.js';
export type { CosmoResizeDetail } from './events/resize.js';
export { CosmoOpenEvent } from './events/open.js';
export type { CosmoOpenDetail } from './events/open.js';
export { CosmoOpenUrlEvent } from './events/open-url.js';
export type { CosmoOpenUrlDetail } from './events/open-url.js';
export { CosmoCloseEvent } from './events/close.js';
export type { CosmoCloseDetail } from './events/close.js';
export { CosmoErrorEvent } from './events/error.js';
export type { CosmoErrorDetail } from './events/error.js';
export { CosmoTokenRefreshEvent } from './events/token-refresh.js';
export type { CosmoTokenRefreshDetail } from './events/token-refresh.js';
export { CosmoTransactionCompleteEvent } from './events/transaction-complete.js';
export type { CosmoTransactionCompleteDetail } from './events/transaction-complete.js';
export { CosmoTransactionFailEvent } from './events/transaction-fail.js';
export type { CosmoTransactionFailDetail } from './events/transaction-fail.js';
export { CosmoProgramConnectEvent } from './events/program-connect.js';
export type { CosmoProgramConnectDetail } from './events/program-connect.js';
export { CosmoProgramDisconnectEvent } from './events/program-disconnect.js';
export type { CosmoProgramDisconnectDetail } from './events/program-disconnect.js';
export { CosmoProgramUpdateEvent } from './events/program-update.js';
export type { CosmoProgramUpdateDetail } from './events/program-update.js';
export type { CosmoConnection, CosmoProgram } from './events/program.js';
export type { Appearance, Environment, OpenUrlPurpose, WidgetKind } from '@cosmopoints/protocol';
export type { CosmoEventName } from './frameworks/event-maps.js';
