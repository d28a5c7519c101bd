import { CosmoEvent } from './cosmo-event.js';
import type { CosmoProgram } from './program.js';

/** Detail of {@link CosmoTransactionFailEvent}. */
export interface CosmoTransactionFailDetail {
  /** Cosmo's reason, e.g. `insufficient-balance`. */
  readonly code: string;
  /** Human-readable description, for logs. */
  readonly message: string;
  /** Whether the user may try again in the widget. */
  readonly recoverable: boolean;
  /** The program the transaction was for, when known. */
  readonly program?: CosmoProgram;
}

/** Purchase: the user's transaction failed. */
export class CosmoTransactionFailEvent extends CosmoEvent<CosmoTransactionFailDetail> {
  static readonly eventName = 'cosmo-transaction-fail';
  constructor(detail: CosmoTransactionFailDetail) {
    super(CosmoTransactionFailEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-transaction-fail': CosmoTransactionFailEvent;
  }
}
