import { CosmoWidgetElement } from './cosmo-widget-element.js';
import type { WidgetEventTable } from './cosmo-widget-element.js';
import { toProgram } from './events/program.js';
import { CosmoTransactionCompleteEvent } from './events/transaction-complete.js';
import { CosmoTransactionFailEvent } from './events/transaction-fail.js';

/**
 * Cosmo's purchase widget ("Simple Point Exchange"): the user buys or converts points with one of
 * the partner's loyalty programs. A DOM event is never proof of payment: wait for the webhook.
 *
 * @summary Embeds Cosmo's purchase widget in a cross-origin iframe and turns its messages into typed DOM events.
 * @tag cosmo-purchase-widget
 * @event {CosmoTransactionCompleteEvent} cosmo-transaction-complete - The user completed a transaction (not proof of payment).
 * @event {CosmoTransactionFailEvent} cosmo-transaction-fail - The user's transaction failed.
 * @example
 * <cosmo-purchase-widget token-url="/api/cosmo/token"></cosmo-purchase-widget>
 */
export class CosmoPurchaseWidget extends CosmoWidgetElement {
  static override readonly widget = 'purchase';
  static override readonly events: WidgetEventTable = {
    'transaction-complete': ({ transactionId, program, points, amount, completedAt }) =>
      new CosmoTransactionCompleteEvent({
        transactionId,
        program: toProgram(program),
        points,
        ...(amount ? { amount: { value: amount.value, currency: amount.currency } } : {}),
        completedAt,
      }),
    'transaction-fail': ({ code, message, recoverable = false, program }) =>
      new CosmoTransactionFailEvent({ code, message, recoverable, ...(program ? { program: toProgram(program) } : {}) }),
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cosmo-purchase-widget': CosmoPurchaseWidget;
  }
}
