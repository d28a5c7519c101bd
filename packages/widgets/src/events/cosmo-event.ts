/** The shared shape of every `cosmo-*` event: bubbling, composed (crosses shadow roots), with a typed `detail`. */
export abstract class CosmoEvent<Detail> extends Event {
  constructor(
    type: string,
    /** The event's public data, mapped from the widget's message. */
    readonly detail: Detail,
    /** `cancelable` for an event whose default action a listener may prevent. */
    init?: { cancelable?: boolean },
  ) {
    super(type, { bubbles: true, composed: true, ...init });
  }
}
