/**
 * One mount of a widget: token → iframe URL → handshake → live messages, until aborted.
 *
 * The element starts a new session on connect, on any input change and on `reload()`, aborting
 * the previous one first. Everything a session does after an await checks its signal, so a late
 * token, a late timer or a late message of an old session never reaches the page.
 */
import { buildWidgetUrl } from '@cosmopoints/protocol';
import type { Appearance, WidgetKind, WidgetMessage, WidgetToken } from '@cosmopoints/protocol';
import { CosmoWidgetError, CosmoWidgetErrorCode } from '../errors.js';
import { CosmoCloseEvent } from '../events/close.js';
import { CosmoErrorEvent } from '../events/error.js';
import { CosmoReadyEvent } from '../events/ready.js';
import { CosmoResizeEvent } from '../events/resize.js';
import { CosmoTokenRefreshEvent } from '../events/token-refresh.js';
import { withTimeout } from './abortable.js';
import { Bridge } from './bridge.js';
import { createChannelId } from './channel.js';
import type { WidgetConfig } from './config.js';
import { getWidgetToken } from './token-source.js';

/** What a session needs from its element. */
export interface SessionHost {
  readonly widget: WidgetKind;
  /** The rendered iframe, once there is one. */
  frame(): HTMLIFrameElement | null | undefined;
  /** Renders the iframe with this URL. */
  show(src: string): void;
  /** The handshake completed. */
  ready(): void;
  /** Applies a content height; returns the clamped height, or `undefined` when nothing changed. */
  resize(height: number): number | undefined;
  /** Handles a widget-specific message; returns `false` when this widget does not expect its type. */
  message(message: WidgetMessage): boolean;
  /** The session failed; the element shows its error state. */
  fail(error: CosmoWidgetError): void;
  /** Dispatches a `cosmo-*` event on the element. */
  emit(event: Event): void;
  /** Logs a dropped message in debug mode. */
  drop(reason: string, event?: MessageEvent): void;
}

/** One mount of a widget; see the module comment. */
export class WidgetSession {
  readonly #host: SessionHost;
  readonly #config: WidgetConfig;
  readonly #controller = new AbortController();
  #appearance: Appearance | undefined;
  #bridge: Bridge | undefined;
  #handshake: ReturnType<typeof setTimeout> | undefined;
  #ready = false;
  #refreshing = false;

  constructor(host: SessionHost, config: WidgetConfig) {
    this.#host = host;
    this.#config = config;
    this.#appearance = config.appearance;
    void this.#start();
  }

  /** Ends the session: aborts pending fetches, stops the timer, removes the window listener. Idempotent. */
  abort(): void {
    this.#controller.abort();
    clearTimeout(this.#handshake);
    this.#bridge?.close();
  }

  /** Sends a live theme change once the widget is ready (and remembers it for a re-handshake). */
  setAppearance(appearance: Appearance | undefined): void {
    this.#appearance = appearance;
    if (this.#ready) this.#bridge?.post('appearance', appearance ?? {});
  }

  async #start(): Promise<void> {
    const token = await this.#token();
    if (!token) return;
    const { widgetUrl, locale, timeout } = this.#config;
    const channel = createChannelId();
    let src: string;
    try {
      src = buildWidgetUrl({
        widget: this.#host.widget,
        token: token.token,
        channel,
        hostOrigin: location.origin,
        widgetUrl: widgetUrl.href,
        ...(locale ? { locale } : {}),
      });
    } catch (cause) {
      // e.g. a page with an opaque origin (file://, sandboxed): the widget could not post back to it.
      return this.#fail(new CosmoWidgetError(CosmoWidgetErrorCode.InvalidConfig, (cause as Error).message, { cause }));
    }
    this.#bridge = new Bridge({
      target: () => this.#host.frame()?.contentWindow,
      origin: widgetUrl.origin,
      channel,
      onMessage: (message) => this.#receive(message),
      onDrop: (reason, event) => this.#host.drop(reason, event),
    });
    this.#handshake = setTimeout(
      () => this.#fail(new CosmoWidgetError(CosmoWidgetErrorCode.HandshakeTimeout, `the widget did not answer within ${timeout} ms`)),
      timeout,
    );
    this.#host.show(src);
  }

  /** Fetches a token under the session's signal and the timeout; failures end the session. */
  async #token(): Promise<WidgetToken | undefined> {
    const parent = this.#controller.signal;
    const { timeout } = this.#config;
    const guard = withTimeout(parent, timeout, () => new CosmoWidgetError(CosmoWidgetErrorCode.TokenTimeout, `no token within ${timeout} ms`));
    try {
      const token = await getWidgetToken(this.#config.token, this.#host.widget, guard.signal);
      return parent.aborted ? undefined : token;
    } catch (error) {
      if (!parent.aborted) this.#fail(error instanceof CosmoWidgetError ? error : new CosmoWidgetError(CosmoWidgetErrorCode.TokenFetchFailed, String(error), { cause: error }));
      return undefined;
    } finally {
      guard.done();
    }
  }

  #fail(error: CosmoWidgetError): void {
    this.abort();
    this.#host.fail(error);
  }

  #receive(message: WidgetMessage): void {
    const host = this.#host;
    switch (message.type) {
      case 'ready':
        if (message.payload.widget !== host.widget) return host.drop('widget-mismatch');
        // A second `ready` means the iframe reloaded: handshake again with the current settings.
        clearTimeout(this.#handshake);
        this.#ready = true;
        this.#bridge?.post('init', { appearance: this.#appearance, locale: this.#config.locale });
        host.ready();
        return host.emit(new CosmoReadyEvent({ widget: host.widget }));
      case 'resize': {
        const height = host.resize(message.payload.height);
        if (height !== undefined) host.emit(new CosmoResizeEvent({ height }));
        return;
      }
      case 'close':
        return host.emit(new CosmoCloseEvent(message.payload.reason ? { reason: message.payload.reason } : {}));
      case 'error': {
        const { code, message: text, recoverable = true } = message.payload;
        return host.emit(new CosmoErrorEvent({ code: CosmoWidgetErrorCode.WidgetError, message: text, recoverable, widgetCode: code }));
      }
      case 'token-request':
        return void this.#refresh();
      default:
        if (!host.message(message)) host.drop('unexpected-type');
    }
  }

  /** Answers `token-request`. One refresh at a time: its `token` message answers every pending request. */
  async #refresh(): Promise<void> {
    if (this.#refreshing) return;
    this.#refreshing = true;
    const token = await this.#token();
    this.#refreshing = false;
    if (!token) return;
    this.#bridge?.post('token', token);
    this.#host.emit(new CosmoTokenRefreshEvent(token.expiresAt ? { expiresAt: token.expiresAt } : {}));
  }
}
