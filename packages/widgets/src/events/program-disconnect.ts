import { CosmoEvent } from './cosmo-event.js';
import type { CosmoConnection, CosmoProgram } from './program.js';

/** Detail of {@link CosmoProgramDisconnectEvent}. */
export interface CosmoProgramDisconnectDetail {
  /** The program the user disconnected. */
  readonly program: CosmoProgram;
  /** The user's connections after the change. */
  readonly connections: readonly CosmoConnection[];
}

/** Multibrand: the user disconnected a program. The signed webhook is the proof. */
export class CosmoProgramDisconnectEvent extends CosmoEvent<CosmoProgramDisconnectDetail> {
  static readonly eventName = 'cosmo-program-disconnect';
  constructor(detail: CosmoProgramDisconnectDetail) {
    super(CosmoProgramDisconnectEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-program-disconnect': CosmoProgramDisconnectEvent;
  }
}
