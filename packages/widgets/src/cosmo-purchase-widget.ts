import { CosmoWidgetElement } from './cosmo-widget-element.js';
import { on } from './event-table.js';
import type { EventMapOf } from './event-table.js';
import { toProgram } from './events/program.js';
import { CosmoTransactionCompleteEvent } from './events/transaction-complete.js';
import { CosmoTransactionFailEvent } from './events/transaction-fail.js';
import type { WidgetEventTable } from './session-controller.js';

/**
 * Cosmo's purchase widget ("Simple Point Exchange"): the user buys or converts points with one of
 * the partner's loyalty programs. A DOM event is never proof of payment: wait for the webhook.
 *
 * @summary Embeds Cosmo's purchase widget in a cross-origin iframe and turns its messages into typed DOM events.
 * @tag cosmo-purchase-widget
 * @example
 * <cosmo-purchase-widget token-url="/api/cosmo/token"></cosmo-purchase-widget>
 */
export class CosmoPurchaseWidget extends CosmoWidgetElement {
  static override readonly widget = 'purchase';
  static override readonly events = {
    ...CosmoWidgetElement.events,
    'transaction-complete': on(CosmoTransactionCompleteEvent, ({ transactionId, program, points, amount, completedAt }) => ({
      transactionId,
      program: toProgram(program),
      points,
      ...(amount ? { amount: { value: amount.value, currency: amount.currency } } : {}),
      completedAt,
    })),
    'transaction-fail': on(CosmoTransactionFailEvent, ({ code, message, recoverable = false, program }) => ({
      code,
      message,
      recoverable,
      ...(program ? { program: toProgram(program) } : {}),
    })),
  } satisfies WidgetEventTable;
}

/** Every event `<cosmo-purchase-widget>` dispatches, by DOM event name. */
export type CosmoPurchaseWidgetEventMap = EventMapOf<typeof CosmoPurchaseWidget.events>;

declare global {
  interface HTMLElementTagNameMap {
    'cosmo-purchase-widget': CosmoPurchaseWidget;
  }
}
