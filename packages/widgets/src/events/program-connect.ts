import { CosmoEvent } from './cosmo-event.js';
import type { CosmoConnection, CosmoProgram } from './program.js';

/** Detail of {@link CosmoProgramConnectEvent}. */
export interface CosmoProgramConnectDetail {
  /** The program the user connected. */
  readonly program: CosmoProgram;
  /** Its share of the user's earning, in percent. */
  readonly share: number;
  /** The user's connections after the change. */
  readonly connections: readonly CosmoConnection[];
}

/** Multibrand: the user connected a program. The signed webhook is the proof. */
export class CosmoProgramConnectEvent extends CosmoEvent<CosmoProgramConnectDetail> {
  static readonly eventName = 'cosmo-program-connect';
  constructor(detail: CosmoProgramConnectDetail) {
    super(CosmoProgramConnectEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-program-connect': CosmoProgramConnectEvent;
  }
}
