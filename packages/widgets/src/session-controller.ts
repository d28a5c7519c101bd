/**
 * One mount of a widget, as a Lit reactive controller: token → iframe URL → handshake → live messages,
 * until the host disconnects, its inputs change or it reloads.
 *
 * Like Lit's own controllers (`@lit/task` keeps a task's status and value), it owns the state its host
 * renders: `state`, `src`, `height`, `error` and `slow`; it asks the host to update when they change. It
 * checks the host's inputs on every host update, as `@lit/task` checks its arguments: a change starts a new
 * session, aborting the previous one first. Everything a session does after an await checks its signal, so
 * a late token, a late timer or a late message of an old session never reaches the page.
 *
 * The session handles the messages that act on the element itself (`ready`, `resize`, `token-request`,
 * and `close`, which it hands to the dialog first); then every event, the element's own `cosmo-error`
 * included, goes out
 * through {@link WidgetSession.emit}: the host class's event table (`static events`) makes its detail, and
 * `emit` is the one place that dispatches.
 *
 * It also keeps a widget alive through what a user's day does to a page: a failure of the network ends in an error
 * that restarts by itself when the browser is `online` again; back from a hidden tab, a sleep or the back/forward
 * cache (`visibilitychange`, `pageshow` with `persisted`), a token at or near its expiry is renewed and handed to
 * the widget app as a refresh would; a frame that answers from another origin (the widget URL redirected) fails at
 * once. Its window and document listeners live from connect to disconnect, its timers no longer than its session.
 */
import { buildWidgetUrl } from '@cosmopoints/protocol';
import type { Appearance, WidgetKind, WidgetMessage, WidgetMessageType, WidgetPayload, WidgetToken } from '@cosmopoints/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SESSION_INPUTS, checkAppearance, pageLanguage, resolveConfig } from './config.js';
import type { WidgetConfig } from './config.js';
import { CosmoWidgetError, CosmoWidgetErrorCode, errorFamily } from './errors.js';
import type { WidgetInputs } from './inputs.js';
import { Bridge } from './internal/bridge.js';
import { createChannelId } from './internal/channel.js';
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

/**
 * What an event table's rows are keyed by, and what each row maps to a detail: the widget app's messages as
 * they arrived, except where the session acted first (`resize`: the clamped height; `token-request`: the
 * fresh token it handed over), the dialog's `open`, and `failure`, the element's own errors.
 */
export type EventSources = Omit<{ [T in WidgetMessageType]: WidgetPayload<T> }, 'token-request'> & {
  'token-request': WidgetToken;
  open: undefined;
  failure: CosmoWidgetError;
};

/** An element's event table: source → row (see `on()`). */
export type WidgetEventTable = {
  readonly [K in keyof EventSources]?: { readonly event: { readonly eventName: string; new (detail: never): Event }; readonly detail: (input: EventSources[K]) => unknown };
};

/** The element a session belongs to, as the session sees it: a Lit controller host with the widget inputs. */
export type SessionHost = ReactiveControllerHost & HTMLElement & WidgetInputs;

/** What the element gives its session. */
export interface SessionOptions {
  /** Which widget app the element embeds. */
  readonly widget: WidgetKind;
  /** The element's event table. */
  readonly events: WidgetEventTable;
  /** The session's iframe once rendered (the element renders it from `src`). */
  readonly frame: () => HTMLIFrameElement | undefined;
  /** The widget app asked to close: `true` when the element's dialog took it (and reports it as it closes). */
  readonly close: (reason: string | undefined) => boolean;
}

/** How long an element may wait without a token source before it warns in the console. */
const IDLE_WARNING_MS = 10_000;

/** Back from a hidden tab, a sleep or the back/forward cache, a token this close to its expiry is renewed. */
export const RENEW_BEFORE_EXPIRY_MS = 60_000;

/**
 * How long loading lasts before the spinner turns. An animation that starts with the page competes with the
 * widget's own loading for the CPU (measured in software compositing: about 20 ms later ready on a cold page).
 */
export const SPINNER_DELAY_MS = 400;

/** One widget mount's session; see the module comment. */
export class WidgetSession implements ReactiveController {
  /** What the element shows. */
  state: WidgetState = WidgetState.Idle;
  /** The iframe URL, once there is a token: a new URL is a new iframe. */
  src: string | undefined;
  /** The iframe's height in CSS pixels, from the widget's last `resize`. */
  height: number | undefined;
  /** The error behind the `error` state. */
  error: CosmoWidgetError | undefined;
  /** Loading has lasted {@link SPINNER_DELAY_MS}: the spinner turns. */
  slow = false;

  readonly #host: SessionHost;
  readonly #options: SessionOptions;
  #inputs: readonly unknown[] = [];
  #restart = true;
  #preloaded = false;
  #dialog = false;
  #appearanceInput: Appearance | undefined;
  #config: WidgetConfig | undefined;
  #appearance: Appearance | undefined;
  #abort: AbortController | undefined;
  /** Counts sessions: an event made in one session is not dispatched in the next. */
  #generation = 0;
  #bridge: Bridge | undefined;
  /** The session's one timer: the handshake timeout, or the warning of a long idle. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #spinnerTimer: ReturnType<typeof setTimeout> | undefined;
  #ready = false;
  #refreshing = false;
  /** When the widget's current token expires (epoch ms), when its source said. */
  #expiresAt: number | undefined;

  constructor(host: SessionHost, options: SessionOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    // Start on the next update, not here: a synchronous connect → disconnect → connect (React
    // StrictMode, DOM moves) then costs one token fetch, not two.
    this.restart();
    document.addEventListener('visibilitychange', this.#onWake);
    addEventListener('pageshow', this.#onWake);
  }

  hostDisconnected(): void {
    this.#stop();
    this.#spin(false); // nothing outlives the element's removal
    this.#restart = true;
    document.removeEventListener('visibilitychange', this.#onWake);
    removeEventListener('pageshow', this.#onWake);
  }

  hostUpdate(): void {
    const host = this.#host;
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
        void this.emit('failure', error as CosmoWidgetError);
      }
    }
  }

  /** Starts over at the next update: a fresh token, a fresh iframe. */
  restart(): void {
    this.#restart = true;
    this.#host.requestUpdate();
  }

  /** Loads a dialog's widget before it opens. */
  preload(): void {
    if (!this.#preloaded) {
      this.#preloaded = true;
      this.#host.requestUpdate();
    }
  }

  /**
   * Dispatches the event the host's table makes of `source`: the one place the element's events are
   * dispatched. Sources without a row are dropped. Events fire once the host has rendered, so a listener
   * sees the state an event announces; an event of a session that has since been replaced never fires.
   * Resolves with `false` when the event did not fire or a listener cancelled it (`preventDefault()`).
   */
  emit<K extends keyof EventSources>(source: K, input: EventSources[K]): Promise<boolean> {
    const row = this.#options.events[source];
    if (!row) return this.#drop('unexpected-type'), Promise.resolve(false);
    const event = new row.event(row.detail(input) as never);
    const generation = this.#generation;
    // Resolves with `dispatchEvent`'s answer: `false` when a listener cancelled a cancelable event (or none fired).
    return this.#host.updateComplete.then(() => generation === this.#generation && this.#host.dispatchEvent(event));
  }

  /** A message that passed the bridge's checks. */
  #receive(message: WidgetMessage): void {
    switch (message.type) {
      case 'ready':
        return this.#handshake(message.payload.widget);
      case 'resize':
        return this.#resize(message.payload.height);
      case 'token-request':
        return void this.#refresh();
      case 'close':
        if (!this.#options.close(message.payload.reason)) void this.emit('close', message.payload);
        return;
      case 'open-url': {
        // The default action, unless a listener (the partner, the WebView bridge) took the URL: a new tab, with no
        // way back to this page (noopener).
        const { url } = message.payload;
        return void this.emit('open-url', message.payload).then((open) => open && window.open(url, '_blank', 'noopener'));
      }
      default:
        return void this.emit(message.type, message.payload as never);
    }
  }

  /** `ready`: completes the handshake (again after the iframe reloaded), unless another widget kind answered. */
  #handshake(widget: WidgetKind): void {
    if (widget !== this.#options.widget) return this.#drop('widget-mismatch');
    clearTimeout(this.#timer);
    this.#ready = true;
    this.#bridge?.post('init', { appearance: this.#appearance, locale: this.#config?.locale });
    this.#set(WidgetState.Ready);
    void this.emit('ready', { widget });
  }

  /** `resize`: clamps a content height to the iframe's min/max height; reports it when it changed. */
  #resize(requested: number): void {
    const frame = this.#options.frame();
    if (!frame) return;
    const style = getComputedStyle(frame);
    // Computed min/max heights are pixel values; `none` (no maximum) parses as NaN.
    const height = Math.round(Math.min(Math.max(requested, parseFloat(style.minHeight) || 0), parseFloat(style.maxHeight) || Infinity));
    if (height === this.height) return;
    this.height = height;
    this.#host.requestUpdate();
    void this.emit('resize', { height });
  }

  /**
   * `token-request` (or a wake with the token near its expiry): fetches a fresh token (retried like the first) and
   * hands it to the widget. One refresh at a time: its answer answers every pending request. When it finally
   * fails, the widget stays, gets `token-error` (it can show why and ask again), and the page a `cosmo-error`.
   */
  async #refresh(): Promise<void> {
    const signal = this.#abort?.signal;
    const config = this.#config;
    if (this.#refreshing || !signal || !config?.token) return;
    this.#refreshing = true;
    try {
      const token = await getWidgetToken(config.token, this.#options.widget, signal, config.timeout, this.#retrying);
      this.#expire(token);
      this.#bridge?.post('token', token);
      void this.emit('token-request', token);
    } catch (error) {
      if (signal.aborted) return;
      const failure = error as CosmoWidgetError;
      this.#bridge?.post('token-error', { code: failure.code, recoverable: failure.recoverable });
      void this.emit('failure', failure);
    } finally {
      this.#refreshing = false;
    }
  }

  /**
   * Back from a hidden tab (a closed laptop, a phone in a pocket) or from the back/forward cache: timers did not
   * run meanwhile, so a token past or near its expiry is renewed now, as a refresh (`token`, `cosmo-token-refresh`):
   * the widget app keeps its state (a reload would lose what the user was doing). Without `expiresAt` from the
   * token source, the app's own `token-request` is what renews it.
   */
  readonly #onWake = (event: Event): void => {
    const back = event.type === 'pageshow' ? (event as PageTransitionEvent).persisted : document.visibilityState === 'visible';
    if (back && this.#ready && this.#expiresAt !== undefined && this.#expiresAt - Date.now() < RENEW_BEFORE_EXPIRY_MS) void this.#refresh();
  };

  /** The browser is online again: a session that failed for the network starts over, with no click. */
  readonly #onOnline = (): void => this.restart();

  /** Remembers when `token` expires. */
  #expire({ expiresAt }: WidgetToken): void {
    this.#expiresAt = expiresAt ? Date.parse(expiresAt) : undefined;
  }

  /** Logs a dropped message in debug mode. */
  #drop(reason: string, event?: MessageEvent): void {
    if (this.#host.debug) console.debug(`@cosmopoints/widgets: dropped a message (${reason})`, event?.origin, event?.data);
  }

  readonly #retrying = (error: CosmoWidgetError, delay: number) => {
    if (this.#host.debug) console.debug(`@cosmopoints/widgets: token request failed (${error.code}); trying again in ${Math.round(delay)} ms`, error);
  };

  /**
   * Starts a session. Called only from `hostUpdate`, before the host renders: that render sees no `src`, so the
   * element removes the last session's iframe and the new URL makes a new one (never the old one navigated).
   */
  #start(): void {
    this.#stop();
    this.#generation++;
    this.error = this.src = this.height = this.#config = undefined;
    const host = this.#host;
    let config: WidgetConfig;
    this.#appearanceInput = host.appearance;
    try {
      config = resolveConfig(this.#options.widget, host, pageLanguage(host));
      this.#appearance = checkAppearance(host.appearance);
    } catch (error) {
      return this.#fail(error as CosmoWidgetError);
    }
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
      token = await getWidgetToken(source!, this.#options.widget, signal, timeout, this.#retrying);
    } catch (error) {
      if (!signal.aborted) this.#fail(error as CosmoWidgetError);
      return;
    }
    if (signal.aborted) return;
    this.#expire(token);
    const channel = createChannelId();
    try {
      this.src = buildWidgetUrl({ widget: this.#options.widget, token: token.token, channel, hostOrigin: location.origin, widgetUrl: widgetUrl.href, ...(locale ? { locale } : {}) });
    } catch (cause) {
      // e.g. a page with an opaque origin (file://, sandboxed): the widget could not post back to it.
      return this.#fail(new CosmoWidgetError(CosmoWidgetErrorCode.InvalidConfig, 'the page has no origin the widget can post to', { cause }));
    }
    this.#bridge = new Bridge({
      target: () => this.#options.frame()?.contentWindow,
      origin: widgetUrl.origin,
      channel,
      onMessage: (message) => this.#receive(message),
      onDrop: (reason, event) => this.#drop(reason, event),
      // Before the handshake, the frame is not at the widget URL's origin: it was redirected, and will never answer
      // from the right one. After it, the app navigated the frame (and may come back, with a new `ready`).
      onRedirect: (origin, event) =>
        this.#ready
          ? this.#drop('origin', event)
          : this.#fail(new CosmoWidgetError(CosmoWidgetErrorCode.WidgetRedirected, `the widget frame answered from ${origin}, not from the widget URL's origin ${widgetUrl.origin}: the widget URL redirected`)),
    });
    this.#timer = setTimeout(() => this.#fail(new CosmoWidgetError(CosmoWidgetErrorCode.HandshakeTimeout, `the widget did not answer within ${timeout} ms`)), timeout);
    this.#host.requestUpdate();
  }

  /** Ends the session: aborts pending fetches, stops the timer, removes the window listener. Idempotent. */
  #stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
    clearTimeout(this.#timer);
    this.#bridge?.close();
    this.#bridge = undefined;
    this.#ready = this.#refreshing = false;
    this.#expiresAt = undefined;
    removeEventListener('online', this.#onOnline);
  }

  #set(state: WidgetState): void {
    this.state = state;
    this.#spin(this.#host.isConnected && (state === WidgetState.Loading || state === WidgetState.Idle));
    this.#host.requestUpdate();
  }

  /** Starts the spinner's delay when loading begins; stops it, and the spinner, when loading ends. */
  #spin(loading: boolean): void {
    if (loading)
      this.#spinnerTimer ??= setTimeout(() => {
        this.slow = true;
        this.#host.requestUpdate();
      }, SPINNER_DELAY_MS);
    else [this.#spinnerTimer, this.slow] = [void clearTimeout(this.#spinnerTimer), false];
  }

  #fail(error: CosmoWidgetError): void {
    this.#stop();
    this.src = this.height = undefined;
    this.error = error;
    this.#set(WidgetState.Error);
    void this.emit('failure', error);
    if (errorFamily(error) === 'network') addEventListener('online', this.#onOnline, { once: true });
  }
}
