/** The shared shape of every `cosmo-*` event: bubbling, composed (crosses shadow roots), with a typed `detail`. */
export abstract class CosmoEvent<Detail> extends Event {
  constructor(
    type: string,
    /** The event's public data, mapped from the widget's message. */
    readonly detail: Detail,
  ) {
    super(type, { bubbles: true, composed: true });
  }
}
