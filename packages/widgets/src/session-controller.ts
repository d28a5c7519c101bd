/**
 * One mount of a widget, as a Lit reactive controller: token → iframe URL → handshake → live messages,
 * until the host disconnects, its inputs change or it reloads.
 *
 * Like Lit's own controllers (`@lit/task` keeps a task's status and value, the observers keep their last
 * value), it owns the state its host renders: `state`, `src`, `height`, `error`; it asks the host to
 * update when they change and dispatches the host's events itself. It checks the host's inputs on every
 * host update, as `@lit/task` checks its arguments: a change starts a new session, aborting the previous
 * one first. Everything a session does after an await checks its signal, so a late token, a late timer or
 * a late message of an old session never reaches the page.
 *
 * Every message the widget app sends, and the dialog's own open and close, go through the host class's
 * event table (`static events`): the only place where a message type becomes a DOM event.
 */
import { buildWidgetUrl } from '@cosmopoints/protocol';
import type { Appearance, WidgetKind, WidgetMessageType, WidgetPayload, WidgetToken } from '@cosmopoints/protocol';
import type { ReactiveController } from '@lit/reactive-element';
import { SESSION_INPUTS, checkAppearance, pageLanguage, resolveConfig } from './config.js';
import type { WidgetConfig } from './config.js';
import { CosmoWidgetError, CosmoWidgetErrorCode } from './errors.js';
import { CosmoErrorEvent } from './events/error.js';
import type { WidgetInputs } from './inputs.js';
import type { ReactiveHost } from './reactive-host.js';
import { Bridge } from './internal/bridge.js';
import { createChannelId } from './internal/channel.js';
import { preconnect } from './internal/preconnect.js';
import { getWidgetToken } from './token-source.js';

/** The element's lifecycle state, reflected as the `state` attribute. */
export const WidgetState = {
  /** Waiting for a token source (`token-url` or `fetchToken`), or, as a dialog, for `show()` or `preload()`. */
  Idle: 'idle',
  /** Fetching a token or waiting for the widget's handshake. */
  Loading: 'loading',
  /** The widget app is shown and talking to the page. */
  Ready: 'ready',
  /** The element failed; see the last `cosmo-error`. A retry button is shown when retrying can help. */
  Error: 'error',
} as const;
/** `'idle' | 'loading' | 'ready' | 'error'`. */
export type WidgetState = (typeof WidgetState)[keyof typeof WidgetState];

/** What an event table's rows are keyed by: each message type a widget app sends, and `open`, which the element's dialog emits. */
export type EventSources = { [T in WidgetMessageType]: WidgetPayload<T> } & { open: undefined };

/** An element's event table: source → row (see `on()`), the row's detail made with this session at hand. */
export type WidgetEventTable = {
  readonly [K in keyof EventSources]?: { readonly event: { readonly eventName: string; new (detail: never): Event }; readonly detail: (payload: EventSources[K], session: WidgetSession) => unknown };
};

/** The element a session belongs to, as the session sees it: its inputs and its dialog's `close()`. */
export interface SessionElement extends ReactiveHost, WidgetInputs {
  close(reason?: string): void;
}

/** The element's class, as the session sees it: its widget kind and its event table. */
export interface SessionElementClass {
  readonly widget: WidgetKind;
  readonly events: WidgetEventTable;
}

/** How long an element may wait without a token source before it warns in the console. */
const IDLE_WARNING_MS = 10_000;

/** One widget mount's session; see the module comment. */
export class WidgetSession implements ReactiveController {
  /** The element this session belongs to. */
  readonly host: SessionElement;
  /** What the element shows. */
  state: WidgetState = WidgetState.Idle;
  /** The iframe URL, once there is a token. */
  src: string | undefined;
  /** The iframe's height in CSS pixels, from the widget's last `resize`. */
  height: number | undefined;
  /** The error behind the `error` state. */
  error: CosmoWidgetError | undefined;

  #inputs: readonly unknown[] = [];
  #restart = true;
  #preloaded = false;
  #dialog = false;
  #appearanceInput: Appearance | undefined;
  #config: WidgetConfig | undefined;
  #appearance: Appearance | undefined;
  #abort: AbortController | undefined;
  #bridge: Bridge | undefined;
  /** The session's one timer: the handshake timeout, or the warning of a long idle. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #ready = false;
  #refreshing = false;

  readonly #element: SessionElementClass;

  constructor(host: SessionElement, element: SessionElementClass) {
    this.host = host;
    this.#element = element;
    host.addController(this);
  }

  /** Which widget app the host embeds. */
  get widget(): WidgetKind {
    return this.#element.widget;
  }

  hostConnected(): void {
    // Start on the next update, not here: a synchronous connect → disconnect → connect (React
    // StrictMode, DOM moves) then costs one token fetch, not two.
    this.restart();
  }

  hostDisconnected(): void {
    this.#stop();
    this.#restart = true;
  }

  hostUpdate(): void {
    const host = this.host;
    if (!host.isConnected) return;
    // A dialog loads lazily: at its first `show()` or `preload()`, then stays loaded while closed.
    const dialog = host.presentation === 'dialog';
    if (dialog !== this.#dialog) [this.#dialog, this.#preloaded] = [dialog, false];
    this.#preloaded ||= host.open || !dialog;
    const inputs = [...SESSION_INPUTS.map((name) => host[name]), this.#preloaded, pageLanguage(host)];
    if (this.#restart || inputs.some((value, i) => !Object.is(value, this.#inputs[i]))) {
      this.#inputs = inputs;
      this.#restart = false;
      this.#start();
    } else if (host.appearance !== this.#appearanceInput) {
      this.#appearanceInput = host.appearance;
      try {
        this.#appearance = checkAppearance(host.appearance);
        if (this.#ready) this.#bridge?.post('appearance', this.#appearance ?? {});
      } catch (error) {
        // The widget keeps its current theme; the page learns why the new one was refused.
        void this.#report(error as CosmoWidgetError);
      }
    }
  }

  /** Starts over at the next update: a fresh token, a fresh iframe. */
  restart(): void {
    this.#restart = true;
    this.host.requestUpdate();
  }

  /** Loads a dialog's widget before it opens. */
  preload(): void {
    if (!this.#preloaded) {
      this.#preloaded = true;
      this.host.requestUpdate();
    }
  }

  /**
   * Dispatches the event the host's table makes of `type`: a message the widget app sent, or the dialog's
   * `open` / `close`. Types without a row are dropped. Events fire once the host has rendered, so a
   * listener sees the state an event announces.
   */
  emit<K extends keyof EventSources>(type: K, payload: EventSources[K]): void {
    const row = this.#element.events[type];
    if (!row) return this.drop('unexpected-type');
    const session = this.#abort;
    void Promise.resolve(row.detail(payload, this)).then(async (detail) => {
      await this.host.updateComplete;
      if (detail !== undefined && session === this.#abort) this.host.dispatchEvent(new row.event(detail as never));
    });
  }

  /** The `ready` row: completes the handshake; `false` when another widget kind answered. */
  handshake(widget: WidgetKind): boolean {
    if (widget !== this.widget) {
      this.drop('widget-mismatch');
      return false;
    }
    // A second `ready` means the iframe reloaded: handshake again with the current settings.
    clearTimeout(this.#timer);
    this.#ready = true;
    this.#bridge?.post('init', { appearance: this.#appearance, locale: this.#config?.locale });
    this.#set(WidgetState.Ready);
    return true;
  }

  /** The `resize` row: clamps a content height to the iframe's min/max height; `undefined` when nothing changed. */
  resize(requested: number): number | undefined {
    const frame = this.host.shadowRoot!.querySelector('iframe');
    if (!frame) return undefined;
    const style = getComputedStyle(frame);
    // Computed min/max heights are pixel values; `none` (no maximum) parses as NaN.
    const height = Math.round(Math.min(Math.max(requested, parseFloat(style.minHeight) || 0), parseFloat(style.maxHeight) || Infinity));
    if (height === this.height) return undefined;
    this.height = height;
    this.host.requestUpdate();
    return height;
  }

  /**
   * The `token-request` row: fetches a fresh token (retried like the first) and hands it to the widget.
   * One refresh at a time: its answer answers every pending request. When it finally fails, the widget
   * stays, gets `token-error` (it can show why and ask again), and the page a `cosmo-error`.
   */
  async refresh(): Promise<WidgetToken | undefined> {
    const signal = this.#abort?.signal;
    const config = this.#config;
    if (this.#refreshing || !signal || !config?.token) return undefined;
    this.#refreshing = true;
    try {
      const token = await getWidgetToken(config.token, this.widget, signal, config.timeout, this.#retrying);
      this.#bridge?.post('token', token);
      return token;
    } catch (error) {
      if (signal.aborted) return undefined;
      const failure = error as CosmoWidgetError;
      this.#bridge?.post('token-error', { code: failure.code, recoverable: failure.recoverable });
      void this.#report(failure);
      return undefined;
    } finally {
      this.#refreshing = false;
    }
  }

  /** Logs a dropped message in debug mode. */
  drop(reason: string, event?: MessageEvent): void {
    if (this.host.debug) console.debug(`@cosmopoints/widgets: dropped a message (${reason})`, event?.origin, event?.data);
  }

  readonly #retrying = (error: CosmoWidgetError, delay: number) => {
    if (this.host.debug) console.debug(`@cosmopoints/widgets: token request failed (${error.code}); trying again in ${Math.round(delay)} ms`, error);
  };

  #start(): void {
    this.#stop();
    this.error = this.src = this.height = this.#config = undefined;
    const host = this.host;
    let config: WidgetConfig;
    this.#appearanceInput = host.appearance;
    try {
      config = resolveConfig(this.widget, host, pageLanguage(host));
      this.#appearance = checkAppearance(host.appearance);
    } catch (error) {
      return this.#fail(error as CosmoWidgetError);
    }
    preconnect(config.widgetUrl.origin);
    if (!config.token || !this.#preloaded) {
      // Idle is normal for a moment (server rendering, hydration); for long, it is a missing token source.
      if (!config.token) this.#timer = setTimeout(() => console.warn(`@cosmopoints/widgets: <${host.localName}> has no token-url or fetchToken after ${IDLE_WARNING_MS / 1000} s; it waits, idle`, host), IDLE_WARNING_MS);
      return this.#set(WidgetState.Idle);
    }
    this.#config = config;
    this.#set(WidgetState.Loading);
    void this.#run(config, (this.#abort = new AbortController()).signal);
  }

  async #run({ token: source, widgetUrl, locale, timeout }: WidgetConfig, signal: AbortSignal): Promise<void> {
    let token: WidgetToken;
    try {
      token = await getWidgetToken(source!, this.widget, signal, timeout, this.#retrying);
    } catch (error) {
      if (!signal.aborted) this.#fail(error as CosmoWidgetError);
      return;
    }
    if (signal.aborted) return;
    const channel = createChannelId();
    try {
      this.src = buildWidgetUrl({ widget: this.widget, token: token.token, channel, hostOrigin: location.origin, widgetUrl: widgetUrl.href, ...(locale ? { locale } : {}) });
    } catch (cause) {
      // e.g. a page with an opaque origin (file://, sandboxed): the widget could not post back to it.
      return this.#fail(new CosmoWidgetError(CosmoWidgetErrorCode.InvalidConfig, 'the page has no origin the widget can post to', { cause }));
    }
    this.#bridge = new Bridge({
      target: () => this.host.shadowRoot!.querySelector('iframe')?.contentWindow,
      origin: widgetUrl.origin,
      channel,
      onMessage: ({ type, payload }) => this.emit(type, payload as never),
      onDrop: (reason, event) => this.drop(reason, event),
    });
    this.#timer = setTimeout(() => this.#fail(new CosmoWidgetError(CosmoWidgetErrorCode.HandshakeTimeout, `the widget did not answer within ${timeout} ms`)), timeout);
    this.host.requestUpdate();
  }

  /** Ends the session: aborts pending fetches, stops the timer, removes the window listener. Idempotent. */
  #stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    clearTimeout(this.#timer);
    this.#bridge?.close();
    this.#bridge = undefined;
    this.#ready = this.#refreshing = false;
  }

  #set(state: WidgetState): void {
    this.state = state;
    this.host.requestUpdate();
  }

  #fail(error: CosmoWidgetError): void {
    this.#stop();
    this.src = this.height = undefined;
    this.error = error;
    this.#set(WidgetState.Error);
    void this.#report(error);
  }

  /** Dispatches `cosmo-error` once the host has rendered. */
  async #report({ code, message, recoverable, status, attempts }: CosmoWidgetError): Promise<void> {
    await this.host.updateComplete;
    this.host.dispatchEvent(new CosmoErrorEvent({ code, message, recoverable, ...(status ? { status } : {}), ...(attempts ? { attempts } : {}) }));
  }
}
