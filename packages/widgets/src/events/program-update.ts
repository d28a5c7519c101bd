import { CosmoEvent } from './cosmo-event.js';
import type { CosmoConnection, CosmoProgram } from './program.js';

/** Detail of {@link CosmoProgramUpdateEvent}. */
export interface CosmoProgramUpdateDetail {
  /** The program whose preferences changed. */
  readonly program: CosmoProgram;
  /** Its new share of the user's earning, in percent. */
  readonly share: number;
  /** Its share before the change, when the widget reported it. */
  readonly previousShare?: number;
  /** The user's connections after the change. */
  readonly connections: readonly CosmoConnection[];
}

/** Multibrand: the user changed a connection's preferences (its earning share). The signed webhook is the proof. */
export class CosmoProgramUpdateEvent extends CosmoEvent<CosmoProgramUpdateDetail> {
  static readonly eventName = 'cosmo-program-update';
  constructor(detail: CosmoProgramUpdateDetail) {
    super(CosmoProgramUpdateEvent.eventName, detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'cosmo-program-update': CosmoProgramUpdateEvent;
  }
}
