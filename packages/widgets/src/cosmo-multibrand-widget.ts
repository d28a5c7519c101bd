import { CosmoWidgetElement } from './cosmo-widget-element.js';
import type { WidgetEventTable } from './cosmo-widget-element.js';
import { CosmoProgramConnectEvent } from './events/program-connect.js';
import { CosmoProgramDisconnectEvent } from './events/program-disconnect.js';
import { CosmoProgramUpdateEvent } from './events/program-update.js';
import { toConnection, toProgram } from './events/program.js';

/**
 * Cosmo's multibrand widget: the user manages the programs they earn with from one card, and how
 * their earning is split between them. Each change is confirmed by a signed webhook.
 *
 * @summary Embeds Cosmo's multibrand widget in a cross-origin iframe and turns its messages into typed DOM events.
 * @tag cosmo-multibrand-widget
 * @event {CosmoProgramConnectEvent} cosmo-program-connect - The user connected a program.
 * @event {CosmoProgramDisconnectEvent} cosmo-program-disconnect - The user disconnected a program.
 * @event {CosmoProgramUpdateEvent} cosmo-program-update - The user changed a program's earning share.
 * @example
 * <cosmo-multibrand-widget token-url="/api/cosmo/token"></cosmo-multibrand-widget>
 */
export class CosmoMultibrandWidget extends CosmoWidgetElement {
  static override readonly widget = 'multibrand';
  static override readonly events: WidgetEventTable = {
    'program-connect': ({ connection, connections }) =>
      new CosmoProgramConnectEvent({ ...toConnection(connection), connections: connections.map(toConnection) }),
    'program-disconnect': ({ program, connections }) =>
      new CosmoProgramDisconnectEvent({ program: toProgram(program), connections: connections.map(toConnection) }),
    'program-update': ({ connection, previous, connections }) =>
      new CosmoProgramUpdateEvent({
        ...toConnection(connection),
        ...(previous ? { previousShare: previous.share } : {}),
        connections: connections.map(toConnection),
      }),
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'cosmo-multibrand-widget': CosmoMultibrandWidget;
  }
}
