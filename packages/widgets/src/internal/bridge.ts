/**
 * The host side of the message channel to one widget iframe.
 *
 * A message is accepted only when, in this order (DESIGN.md §5): its source is the iframe's
 * window, its origin is the widget URL's origin exactly, its envelope parses, and its channel is
 * this mount's. The order matters: the cheap identity checks run before any parsing of untrusted
 * data. Everything else is dropped (reported to `onDrop` for debug logging), with two exceptions. A message from the
 * iframe's window but another origin is reported to `onRedirect`: the frame left the widget URL's origin (a redirect,
 * a navigation), which the session must hear about at once rather than wait for its handshake to time out. And a
 * message that passes the source, origin and channel checks but fails its payload schema is also logged with
 * `console.warn`, naming the field. Posts name the widget origin explicitly, never `*`.
 */
import { hostMessage, parseWidgetMessage } from '@cosmopoints/protocol';
import type { HostMessageType, HostPayload, WidgetMessage } from '@cosmopoints/protocol';

/** Inputs of a {@link Bridge}. */
export interface BridgeOptions {
  /** The iframe's current window (read on every message: the iframe may render later or reload). */
  target(): Window | null | undefined;
  /** The widget app's origin, e.g. `https://widget.cosmopoints.com`. */
  origin: string;
  /** This mount's channel id. */
  channel: string;
  /** Receives every accepted message. */
  onMessage(message: WidgetMessage): void;
  /** Receives every dropped message and why. */
  onDrop(reason: string, event: MessageEvent): void;
  /** Receives the origin of a message from the iframe's window but another origin (nothing else of it). */
  onRedirect(origin: string, event: MessageEvent): void;
}

/** One `message` listener on `window` from construction until {@link Bridge.close}. */
export class Bridge {
  readonly #options: BridgeOptions;
  readonly #listener = (event: MessageEvent) => this.#receive(event);

  constructor(options: BridgeOptions) {
    this.#options = options;
    window.addEventListener('message', this.#listener);
  }

  /** Sends a message to the widget app, addressed to its origin only. */
  post<T extends HostMessageType>(type: T, payload: HostPayload<T>): void {
    this.#options.target()?.postMessage(hostMessage(this.#options.channel, type, payload), this.#options.origin);
  }

  /** Removes the window listener. Idempotent. */
  close(): void {
    window.removeEventListener('message', this.#listener);
  }

  #receive(event: MessageEvent): void {
    const { target, origin, channel, onMessage, onDrop, onRedirect } = this.#options;
    const source = target();
    if (!source || event.source !== source) return onDrop('source', event);
    if (event.origin !== origin) return onRedirect(event.origin, event);
    const result = parseWidgetMessage(event.data);
    if (!result.ok) {
      const { code, message } = result.error;
      // This widget's frame, origin and channel: a genuine message this build cannot read (a newer or buggy widget
      // app). Never silent, in debug mode or not: the page would miss an event and nobody would know why.
      if (code == 'invalid-payload' && (event.data as { channel?: unknown }).channel == channel) console.warn(`@cosmopoints/widgets: dropped a message (${message})`);
      return onDrop(code, event);
    }
    if (result.message.channel !== channel) return onDrop('channel', event);
    onMessage(result.message);
  }
}
