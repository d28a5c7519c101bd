import type { Appearance, Environment, WidgetKind, WidgetMessageType, WidgetPayload } from '@cosmopoints/protocol';
import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { styles } from './cosmo-widget-element.styles.js';
import type { CosmoWidgetError } from './errors.js';
import { CosmoErrorEvent } from './events/error.js';
import { checkAppearance, resolveConfig } from './internal/config.js';
import { WidgetSession } from './internal/session.js';
import type { SessionHost } from './internal/session.js';
import type { FetchToken } from './internal/token-source.js';

/** The element's lifecycle state, reflected as the `state` attribute. */
export const WidgetState = {
  /** Fetching a token or waiting for the widget's handshake. */
  Loading: 'loading',
  /** The widget app is shown and talking to the page. */
  Ready: 'ready',
  /** The element failed; see the last `cosmo-error`. A retry button is shown. */
  Error: 'error',
} as const;
/** `'loading' | 'ready' | 'error'`. */
export type WidgetState = (typeof WidgetState)[keyof typeof WidgetState];

/** Maps a widget's own message types to the DOM events it dispatches (see each subclass). */
export type WidgetEventTable = { [T in WidgetMessageType]?: (payload: WidgetPayload<T>) => Event };

// Inputs whose change starts a new session (new token, new iframe). `appearance` is sent live instead.
const SESSION_INPUTS = ['tokenUrl', 'fetchToken', 'environment', 'widgetUrl', 'locale', 'timeout'] as const;

/**
 * The shared base of the Cosmo widget elements: token fetch, iframe, message bridge, states and
 * the shared events. A subclass only names its widget kind and maps its own messages to events.
 *
 * @slot loading - Shown while the token is fetched and the widget loads. Default: "Loading…".
 * @slot error - Shown in the error state, above the retry button. Default: a short message.
 * @slot retry-label - The retry button's label. Default: "Try again".
 * @csspart iframe - The widget's iframe.
 * @csspart loading - The loading container.
 * @csspart error - The error container (`role="alert"`).
 * @csspart error-message - The default error text.
 * @csspart retry - The built-in retry button.
 * @cssprop [--cosmo-widget-min-height=120px] - Smallest height of the iframe and of the loading and error states.
 * @cssprop [--cosmo-widget-max-height=2000px] - Largest height of the iframe; the widget scrolls inside beyond it.
 * @attribute {'loading' | 'ready' | 'error'} state - Reflected, read-only: the element's state, for styling (`[state=error]`).
 * @event {CosmoReadyEvent} cosmo-ready - The widget completed its handshake (again after an iframe reload).
 * @event {CosmoResizeEvent} cosmo-resize - The iframe took a new height from the widget's content.
 * @event {CosmoCloseEvent} cosmo-close - The user asked to close the widget.
 * @event {CosmoErrorEvent} cosmo-error - Something failed; `detail.code` says what.
 * @event {CosmoTokenRefreshEvent} cosmo-token-refresh - The session expired and a fresh token was handed to the widget.
 */
export abstract class CosmoWidgetElement extends LitElement {
  static override styles = styles;
  // Declared here rather than with decorators (their helpers cost about 300 B gzip in the bundle), and
  // the fields below with `declare`: a real class field would shadow Lit's accessors under
  // `useDefineForClassFields` semantics, whatever compiler a consumer runs our source through.
  static override properties = {
    tokenUrl: { attribute: 'token-url' },
    fetchToken: { attribute: false },
    environment: {},
    widgetUrl: { attribute: 'widget-url' },
    locale: {},
    appearance: { attribute: false },
    timeout: { type: Number },
    debug: { type: Boolean },
    frameTitle: { attribute: 'frame-title' },
  };
  /** Which widget app the element embeds; set by each subclass. */
  static readonly widget: WidgetKind;
  /** The subclass's message → event table; see {@link WidgetEventTable}. */
  static readonly events: WidgetEventTable = {};

  /** The partner endpoint that returns widget tokens: `POST` JSON `{widget}` with same-origin credentials → `{token, expiresAt?}`. */
  declare tokenUrl?: string;
  /** A custom token source; overrides `token-url` (for auth headers, a framework's HTTP client…). */
  declare fetchToken?: FetchToken;
  /** Cosmo environment, `sandbox` (default) or `production`. */
  declare environment?: Environment;
  /** Overrides the environment's widget app URL; https only (http on localhost). */
  declare widgetUrl?: string;
  /** BCP 47 language tag for the widget's UI, e.g. `fr-CA`. */
  declare locale?: string;
  /** Brand colours, font and radius; sent at the handshake and live on change. */
  declare appearance?: Appearance;
  /** Milliseconds to wait for the token, and then for the widget's handshake. */
  declare timeout: number;
  /** Logs every dropped message with `console.debug`. */
  declare debug: boolean;
  /** The iframe's accessible title. Default: "Cosmo purchase widget" / "Cosmo multibrand widget". */
  declare frameTitle?: string;

  #state: WidgetState = WidgetState.Loading;
  #error: CosmoWidgetError | undefined;
  #session: WidgetSession | undefined;
  #src: string | undefined;
  #height: number | undefined;
  #restart = true;

  readonly #host: SessionHost = {
    widget: (this.constructor as typeof CosmoWidgetElement).widget,
    frame: () => this.renderRoot?.querySelector('iframe'),
    show: (src) => {
      this.#src = src;
      this.requestUpdate();
    },
    ready: () => this.#setState(WidgetState.Ready),
    resize: (height) => this.#resize(height),
    message: (message) => {
      const toEvent = (this.constructor as typeof CosmoWidgetElement).events[message.type] as ((payload: unknown) => Event) | undefined;
      if (toEvent) this.dispatchEvent(toEvent(message.payload));
      return !!toEvent;
    },
    fail: (error) => this.#fail(error),
    emit: (event) => this.dispatchEvent(event),
    drop: (reason, event) => {
      if (this.debug) console.debug(`@cosmopoints/widgets: dropped a message (${reason})`, event?.origin, event?.data);
    },
  };

  constructor() {
    super();
    this.timeout = 15_000;
    this.debug = false;
  }

  /** Which widget app this element embeds. */
  get widget(): WidgetKind {
    return this.#host.widget;
  }

  /** The current state, also reflected as the `state` attribute. Read-only. */
  get state(): WidgetState {
    return this.#state;
  }

  /** The error behind the `error` state, if any. */
  get error(): CosmoWidgetError | undefined {
    return this.#error;
  }

  /** Starts over: a fresh token, a fresh iframe. What the retry button does. */
  reload(): void {
    this.#restart = true;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Start on the next update, not here: a synchronous connect → disconnect → connect
    // (React StrictMode, DOM moves) then costs one token fetch, not two.
    this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (SESSION_INPUTS.some((key) => changed.has(key))) this.#restart = true;
    if (this.#restart && this.isConnected) {
      this.#restart = false;
      this.#start();
    } else if (changed.has('appearance') && this.#session) {
      try {
        this.#session.setAppearance(checkAppearance(this.appearance));
      } catch (error) {
        // The widget keeps its current theme; the page learns why the new one was refused.
        this.#report(error as CosmoWidgetError);
      }
    }
  }

  protected override render() {
    const state = this.#state;
    return html`${state === WidgetState.Loading
      ? html`<div part="loading" aria-busy="true"><slot name="loading">Loading…</slot></div>`
      : nothing}${state === WidgetState.Error
      ? html`<div part="error" role="alert">
          <slot name="error"><span part="error-message">The widget could not load.</span></slot>
          <button part="retry" type="button" @click=${this.reload}><slot name="retry-label">Try again</slot></button>
        </div>`
      : nothing}${this.#src
      ? /* sandbox, each flag needed and no more:
           allow-scripts      the widget is a JavaScript app;
           allow-same-origin  keeps the app's real origin: without it event.origin is "null" and the
                              bridge could not tell Cosmo from any other sandboxed frame; the app also
                              needs it for its own API calls and storage;
           allow-forms        the app submits its purchase and preference forms;
           allow-popups       links to program terms and program sign-in open in a new tab.
           Left out: allow-top-navigation (the widget can never navigate the partner page), modals,
           downloads, pointer lock, presentation.
         No `allow` attribute: cross-origin frames get no powerful feature (camera, geolocation,
         payment…) unless delegated, and the widget needs none.
         referrerpolicy strict-origin: Cosmo may learn the embedding origin (the URL carries it anyway),
         never the partner page's path or query, and nothing on a downgrade to http.
         loading eager: a lazy iframe below the fold would not load, time out its handshake and let
         its short-lived token expire. */
        html`<iframe
          part="iframe"
          title=${this.frameTitle || `Cosmo ${this.widget} widget`}
          src=${this.#src}
          sandbox="allow-scripts allow-same-origin allow-forms allow-popups"
          referrerpolicy="strict-origin"
          loading="eager"
        ></iframe>`
      : nothing}`;
  }

  #start(): void {
    this.#stop();
    this.#error = undefined;
    this.#setState(WidgetState.Loading);
    try {
      this.#session = new WidgetSession(this.#host, resolveConfig(this.widget, this));
    } catch (error) {
      this.#fail(error as CosmoWidgetError);
    }
  }

  #stop(): void {
    this.#session?.abort();
    this.#session = this.#src = this.#height = undefined;
    this.requestUpdate();
  }

  #setState(state: WidgetState): void {
    this.#state = state;
    this.setAttribute('state', state);
    this.requestUpdate();
  }

  #fail(error: CosmoWidgetError): void {
    this.#stop();
    this.#error = error;
    this.#setState(WidgetState.Error);
    this.#report(error);
  }

  #report({ code, message, recoverable, status }: CosmoWidgetError): void {
    this.dispatchEvent(new CosmoErrorEvent({ code, message, recoverable, ...(status ? { status } : {}) }));
  }

  /** Clamps a content height to the iframe's min/max height and applies it. */
  #resize(requested: number): number | undefined {
    const frame = this.#host.frame();
    if (!frame) return undefined;
    const style = getComputedStyle(frame);
    // Computed min/max heights are pixel values; `none` (no maximum) parses as NaN.
    const height = Math.round(Math.min(Math.max(requested, parseFloat(style.minHeight) || 0), parseFloat(style.maxHeight) || Infinity));
    if (height === this.#height) return undefined;
    frame.style.height = `${(this.#height = height)}px`;
    return height;
  }
}
