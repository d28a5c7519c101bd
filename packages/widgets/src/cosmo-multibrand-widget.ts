import { CosmoWidgetElement } from './cosmo-widget-element.js';
import { on } from './event-table.js';
import type { EventMapOf } from './event-table.js';
import { CosmoProgramConnectEvent } from './events/program-connect.js';
import { CosmoProgramDisconnectEvent } from './events/program-disconnect.js';
import { CosmoProgramUpdateEvent } from './events/program-update.js';
import { toConnection, toProgram } from './events/program.js';
import type { WidgetEventTable } from './session-controller.js';

/**
 * Cosmo's multibrand widget: the user manages the programs they earn with from one card, and how
 * their earning is split between them. Each change is confirmed by a signed webhook.
 *
 * @summary Embeds Cosmo's multibrand widget in a cross-origin iframe and turns its messages into typed DOM events.
 * @tag cosmo-multibrand-widget
 * @example
 * <cosmo-multibrand-widget token-url="/api/cosmo/token"></cosmo-multibrand-widget>
 */
export class CosmoMultibrandWidget extends CosmoWidgetElement {
  static override readonly widget = 'multibrand';
  static override readonly events = {
    ...CosmoWidgetElement.events,
    'program-connect': on(CosmoProgramConnectEvent, ({ connection, connections }) => ({ ...toConnection(connection), connections: connections.map(toConnection) })),
    'program-disconnect': on(CosmoProgramDisconnectEvent, ({ program, connections }) => ({ program: toProgram(program), connections: connections.map(toConnection) })),
    'program-update': on(CosmoProgramUpdateEvent, ({ connection, previous, connections }) => ({
      ...toConnection(connection),
      ...(previous ? { previousShare: previous.share } : {}),
      connections: connections.map(toConnection),
    })),
  } satisfies WidgetEventTable;
}

/** Every event `<cosmo-multibrand-widget>` dispatches, by DOM event name. */
export type CosmoMultibrandWidgetEventMap = EventMapOf<typeof CosmoMultibrandWidget.events>;

declare global {
  interface HTMLElementTagNameMap {
    'cosmo-multibrand-widget': CosmoMultibrandWidget;
  }
}
