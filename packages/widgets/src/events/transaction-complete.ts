import { CosmoEvent } from './cosmo-event.js';
import type { CosmoProgram } from './program.js';

/** Detail of {@link CosmoTransactionCompleteEvent}. */
export interface CosmoTransactionCompleteDetail {
  /** Cosmo's transaction id; match it with the `transaction.confirmed` webhook. */
  readonly transactionId: string;
  /** The program the points went to. */
  readonly program: CosmoProgram;
  /** Points bought or converted. */
  readonly points: number;
  /** What the user paid, when the widget reported it. */
  readonly amount?: { readonly value: number; readonly currency: string };
  /** When the transaction completed (ISO 8601). */
  readonly completedAt: string;
}

/**
 * Purchase: the user completed a transaction. Not proof of payment: apply business logic only when
 * the signed webhook arrives at your backend.
 */
export class CosmoTransactionCompleteEvent extends CosmoEvent<CosmoTransactionCompleteDetail> {
  static readonly eventName = 'cosmo-transaction-complete';
  constructor(detail: CosmoTransactionCompleteDetail) {
    super(CosmoTransactionCompleteEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-transaction-complete': CosmoTransactionCompleteEvent;
  }
}
